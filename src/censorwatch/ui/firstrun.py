"""The first start: in plain words, what checking blocked services means for the person's
safety and what the program sends, then a choice of what to check before anything is sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
)

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from .service_picker import ServicePicker


class FirstRunNotice(QDialog):
    """Accepted: `chosen_catalog()` is what to watch. Rejected: nothing is ever sent."""

    def __init__(self, catalog: Catalog, parent=None, metered: bool | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Before the first check"))
        self.catalog = catalog
        self.custom: Catalog | None = None
        text = QLabel(
            self.tr(
                "<p><b>censorwatch checks whether services you depend on are blocked.</b></p>"
                "<p>To check, it connects to those services from your computer, as a browser or "
                "messenger would. Your internet provider (and anyone who watches your network) "
                "can see these connections, including to services that are blocked where you "
                "are. If that could put you at risk, check only what you would open anyway, or "
                "stop here.</p>"
                "<p>censorwatch uploads nothing and has no telemetry: the only traffic it sends "
                "is the checks themselves. What it finds stays on this computer until you "
                "export it yourself, and exports hide your addresses and names by default.</p>"
                "<p>A VPN or proxy changes what the checks describe: censorwatch says so when "
                "it notices one.</p>"
            )
        )
        text.setWordWrap(True)
        self.notice_text = text
        choose = QLabel(self.tr("<b>What to check</b> (you can change it later):"))
        self.picker = ServicePicker(catalog, metered=metered)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        box = QDialogButtonBox()
        self.start_button = box.addButton(
            self.tr("&Start checking"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("&Quit without checking"), QDialogButtonBox.ButtonRole.RejectRole)
        self.own_button = box.addButton(
            self.tr("Use my own config file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        box.accepted.connect(self.start)
        box.rejected.connect(self.reject)
        self.own_button.clicked.connect(lambda: self.use_config())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(choose)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.resize(680, 660)  # fits a 1366x768 screen with its panels

    def use_config(self, path: str | None = None) -> None:
        """A config file of the person's own instead of the list."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Choose a config file"), str(Path.home()), "TOML (*.toml)"
            )
            if not path:
                return
        try:
            self.custom = catalog_mod.load(path)
        except ConfigError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()

    def start(self) -> None:
        self.accept()

    def chosen_catalog(self) -> Catalog:
        if self.custom is not None:
            return self.custom
        chosen = self.picker.chosen_catalog()
        if len(chosen.services) == len(self.catalog.services):
            return self.catalog
        return Catalog(self.catalog.settings, chosen.services, self.catalog.path)
