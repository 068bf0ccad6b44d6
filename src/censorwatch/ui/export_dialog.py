"""The Export dialog: format, range, services and redaction, with a preview of the first
lines that would leave the machine; the file is written off the GUI thread."""

from __future__ import annotations

import time
from pathlib import Path

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

from ..export import FORMATS, export, preview
from ..store import Store
from ..translation import translate
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
            "html": self.tr(
                "A report for a helpline or a friend (HTML: reads in any browser, opens in "
                "censorwatch)"
            ),
        }
        # The report first: it is what a person sends to someone who can help.
        for f in ("html", *(f for f in FORMATS if f != "html")):
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
            if c["fmt"] == "html":
                text = (
                    self.tr(
                        "An HTML report: a timeline per service, the verdicts and the evidence of each failure."
                    )
                    + " "
                    + self.tr("It carries the measurements themselves, as below:")
                    + "\n\n"
                    + text
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
                translate("ExportDialog", "Wrote %n measurement(s) to {path}.", None, n).format(
                    path=path
                )
            )

        run_in_pool(
            write,
            done,
            lambda error: self.message.setText(
                self.tr("Could not write {path}: {error}").format(path=path, error=error)
            ),
        )
