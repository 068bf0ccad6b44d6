"""The Export dialog: format, range, services and redaction, with what will be hidden and
what kept said in plain words, a preview of the first lines that would leave the machine,
and the file opened or shown once it is written (off the GUI thread)."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ..export import FORMATS, export, preview
from ..store import Store
from ..translation import translate
from .background import run_in_pool

# Services whose mere presence in a list says something about the person.
SENSITIVE = re.compile(r"\b(tor|vpn|proxy|psiphon|lantern|outline|wireguard|openvpn)", re.I)
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
        self.services = services
        self.saved: str | None = None
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
        self.privacy = QLabel()
        self.privacy.setWordWrap(True)
        self.privacy.setTextFormat(Qt.TextFormat.RichText)
        self.privacy.setAccessibleName(self.tr("What will be hidden and what kept"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open report"))
        self.open_button.clicked.connect(self.open_saved)
        self.folder_button = QPushButton(self.tr("Show in &folder"))
        self.folder_button.clicked.connect(self.show_folder)
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
        box.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        for b in (self.open_button, self.folder_button):
            b.hide()  # until the file is written
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.privacy)
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

    def privacy_items(self) -> tuple[list[str], list[str]]:
        """(what will be hidden, what will be kept and who could learn what), in the
        person's words, for the options chosen."""
        c = self.choice()
        chosen = [n for sid, n in self.services if c["service"] in (None, sid)]
        sensitive = [n for n in chosen if SENSITIVE.search(n)]
        if not c["redact"]:
            hidden = []
            kept = [
                self.tr(
                    "Nothing is hidden: your public address, your computer's and your user "
                    "name and your folders are in the file; anyone who has it can tell who "
                    "and where you are."
                )
            ]
        else:
            hidden = [
                self.tr(
                    "your public address (what STUN servers saw) and your computer's own addresses"
                ),
                self.tr("your router's and other private resolvers' addresses"),
                self.tr("your computer's name and your user name"),
                self.tr("your home folder and other folders"),
            ]
            kept = []
        kept += [
            self.tr(
                "your provider (AS number, name, country): it groups reports by network and "
                "does not identify you"
            ),
            self.tr(
                "public resolvers' addresses, and the addresses the checked sites answered from"
            ),
            self.tr("the exact time of every check"),
        ]
        if sensitive:
            kept.append(
                self.tr(
                    "the list of services checked, including {names}: whoever reads the file "
                    "learns that you watch them"
                ).format(names=", ".join(sensitive))
            )
        else:
            kept.append(self.tr("the list of services checked"))
        if c["fmt"] == "csv":
            kept.append(
                self.tr("no evidence of each step (a spreadsheet has the verdicts and times)")
            )
        return hidden, kept

    def _show_privacy(self) -> None:
        hidden, kept = self.privacy_items()
        hidden_word, kept_word = html.escape(self.tr("Hidden:")), html.escape(self.tr("Kept:"))
        parts = []
        if hidden:
            parts.append(
                f"<b>{hidden_word}</b><ul style='margin:0'>"
                + "".join(f"<li>{html.escape(x)}</li>" for x in hidden)
                + "</ul>"
            )
        parts.append(
            f"<b>{kept_word}</b><ul style='margin:0'>"
            + "".join(f"<li>{html.escape(x)}</li>" for x in kept)
            + "</ul>"
        )
        self.privacy.setText("".join(parts))

    def open_saved(self) -> None:
        if self.saved:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.saved))

    def show_folder(self) -> None:
        if self.saved:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.saved).parent)))

    def refresh(self, *_args) -> None:
        self._show_privacy()
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
            self.saved = str(path)
            self.open_button.setText(
                self.tr("&Open report") if c["fmt"] == "html" else self.tr("&Open file")
            )
            self.open_button.show()
            self.folder_button.show()

        run_in_pool(
            write,
            done,
            lambda error: self.message.setText(
                self.tr("Could not write {path}: {error}").format(path=path, error=error)
            ),
        )
