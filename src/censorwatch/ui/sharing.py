"""Sharing from the window: the Export dialog (with a preview of what leaves the machine),
opening a log someone shared (read-only, never mixed into your history), saving a report."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from .. import scratch
from ..catalog import Catalog, ProbeSpec, Service, Settings
from ..export import FORMATS, export, preview
from ..measurement import read_measurements
from ..store import Store, import_measurements
from .background import run_in_pool

RANGES = (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400), ("all", None))
SUFFIX = {"csv": "csv", "jsonl": "jsonl", "ooni": "ooni.jsonl", "html": "html"}


class ExportDialog(QDialog):
    """Choose format, range, services and redaction; see the first lines; save."""

    def __init__(
        self, folder: Path, services: list[tuple[str, str]], parent=None, service: str | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export a log to share"))
        self.resize(760, 520)
        self.folder = folder
        self.format = QComboBox()
        names = {
            "csv": self.tr("CSV (spreadsheets)"),
            "jsonl": self.tr("JSON Lines (scripts, censorwatch import)"),
            "ooni": self.tr("OONI-shaped JSON (researchers)"),
            "html": self.tr("HTML report (everyone)"),
        }
        for f in FORMATS:
            self.format.addItem(names[f], f)
        self.range = QComboBox()
        labels = {
            "24h": self.tr("last 24 hours"),
            "7d": self.tr("last 7 days"),
            "30d": self.tr("last 30 days"),
            "all": self.tr("everything kept"),
        }
        for key, seconds in RANGES:
            self.range.addItem(labels[key], seconds)
        self.range.setCurrentIndex(1)
        self.service = QComboBox()
        self.service.addItem(self.tr("all services"), None)
        for sid, name in services:
            self.service.addItem(name, sid)
        if service:
            self.service.setCurrentIndex(max(0, self.service.findData(service)))
        self.redact = QCheckBox(self.tr("Remove my addresses, machine and user names, and folders"))
        self.redact.setChecked(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Preview of what will be shared"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Format"), self.format)
        form.addRow(self.tr("&Range"), self.range)
        form.addRow(self.tr("&Services"), self.service)
        form.addRow("", self.redact)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("What will be shared (first lines):")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addWidget(box)
        for w in (self.format, self.range, self.service):
            w.currentIndexChanged.connect(self.refresh)
        self.redact.toggled.connect(self.refresh)
        self._generation = 0
        self.refresh()

    def choice(self) -> dict:
        seconds = self.range.currentData()
        return {
            "fmt": self.format.currentData(),
            "since": None if seconds is None else time.time() - seconds,
            "service": self.service.currentData(),
            "redact": self.redact.isChecked(),
        }

    def refresh(self, *_args) -> None:
        self._generation += 1
        generation, c, folder = self._generation, self.choice(), self.folder

        def read():
            with Store(folder, read_only=True) as store:
                return preview(store, c["fmt"], c["since"], None, c["service"], c["redact"])

        def show(text: str) -> None:
            if generation != self._generation:
                return
            if not text and c["fmt"] == "html":
                text = self.tr(
                    "An HTML report: a timeline per service, the verdicts and the evidence of each failure."
                )
            self.preview.setPlainText(text)

        def failed(error: str) -> None:
            if generation == self._generation:
                self.preview.setPlainText(
                    self.tr("The preview could not be made: {error}").format(error=error)
                )

        run_in_pool(read, show, failed, what="the export preview")

    def save(self, path: str | None = None) -> None:
        c = self.choice()
        if path is None:
            suggested = str(
                Path.home() / f"censorwatch-{time.strftime('%Y%m%d')}.{SUFFIX[c['fmt']]}"
            )
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the log"), suggested)
            if not path:
                return
        folder = self.folder

        def write():
            with Store(folder, read_only=True) as store:
                return export(store, c["fmt"], path, c["since"], None, c["service"], c["redact"])

        def done(n):
            self.message.setText(
                self.tr("Wrote %n measurement(s) to {path}.", None, n).format(path=path)
            )

        run_in_pool(
            write,
            done,
            lambda error: self.message.setText(
                self.tr("Could not write {path}: {error}").format(path=path, error=error)
            ),
        )


class NullBridge(QObject):
    """Stands in for the engine when the window shows a shared log: nothing is checked."""

    roundStarted = Signal(list)
    probeFinished = Signal(object)
    roundFinished = Signal(object)
    historyWritten = Signal()
    event = Signal(str)
    roundFailed = Signal(str)

    def check_now(self, *_a) -> None:
        pass

    def set_paused(self, *_a) -> None:
        pass

    def replace_catalog(self, *_a) -> None:
        pass

    def next_round_at(self):
        return None

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def load_shared_log(path: Path):
    """Import a JSON Lines log into its own temporary history (runs off the GUI thread).
    Returns (folder, catalog built from the log, measurements, problems, the network state
    the log ended in, when it ended)."""
    folder = scratch.make("shared")  # removed when its window closes (or at exit)
    problems: list[str] = []
    with Store(folder) as store:
        n = import_measurements(
            store,
            read_measurements(
                path, lambda number, reason: problems.append(f"{path.name}:{number}: {reason}")
            ),
        ).inserted
        rows = store.targets()
        last = store.last_round()
    services: dict[str, Service] = {}
    for key, name, region, capability, kind, target in rows:
        service = services.setdefault(
            key,
            Service(
                id=key, name=name, region=region, group="domestic" if region == "domestic" else ""
            ),
        )
        service.probes.append(
            ProbeSpec(
                capability,
                kind,
                url=target if "://" in target else None,
                host=None if "://" in target else target,
            )
        )
    state = last[1] if last else None
    ended = last[0] + 60 if last else None
    return (
        folder,
        Catalog(Settings(), list(services.values()), str(path)),
        n,
        problems,
        state,
        ended,
    )


def open_shared_log(parent, path: Path) -> None:
    """Show a shared log in its own read-only window, labelled with where it came from."""
    from .window import MainWindow

    def show(result) -> None:
        folder, catalog, n, problems, state, ended = result
        bridge = NullBridge()
        window = MainWindow(
            catalog,
            folder,
            bridge,
            QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
            shared=str(path),
        )
        bridge.setParent(window)  # goes with its window
        window.show_log_state(state, ended)
        window.banner.warn(
            QCoreApplication.translate(
                "MainWindow",
                "Shared log {name}: %n measurement(s), read-only, not mixed into your history.",
                None,
                n,
            ).format(name=path.name)
        )
        for p in problems[:5]:
            window.banner.warn(p)
        if len(problems) > 5:
            window.banner.warn(
                QCoreApplication.translate(
                    "MainWindow", "%n more line(s) skipped", None, len(problems) - 5
                )
            )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        parent._shared_windows.append(window)

        def closed() -> None:
            if window in parent._shared_windows:
                parent._shared_windows.remove(window)
            scratch.remove(folder)

        window.closed.connect(closed)
        window.show()

    run_in_pool(
        lambda: load_shared_log(path),
        show,
        lambda error: parent.banner.warn(
            QCoreApplication.translate("MainWindow", "Could not open {name}: {error}").format(
                name=path.name, error=error
            )
        ),
        what="opening a shared log",
    )
