"""The first start: in plain words, what checking blocked services means for the person's
safety and what the program sends, then a choice of what to check before anything is sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError


class FirstRunNotice(QDialog):
    """Accepted: `chosen_catalog()` is what to watch. Rejected: nothing is ever sent."""

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Before the first check"))
        self.catalog = catalog
        self.custom: Catalog | None = None
        names = ", ".join(s.name for s in catalog.services[:12])
        more = len(catalog.services) - 12
        if more > 0:
            names += self.tr(" and {n} more").format(n=more)
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
        self.builtin = QRadioButton(self.tr("Check the built-in list: {names}").format(names=names))
        self.nothing = QRadioButton(self.tr("Check nothing for now; I will choose services myself"))
        self.own = QRadioButton(self.tr("Use my own config file…"))
        self.builtin.setChecked(True)
        self.group = QButtonGroup(self)
        for b in (self.builtin, self.nothing, self.own):
            self.group.addButton(b)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        box = QDialogButtonBox()
        self.start_button = box.addButton(
            self.tr("&Start checking"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("&Quit without checking"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.start)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        for b in (self.builtin, self.nothing, self.own):
            layout.addWidget(b)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.resize(640, 480)

    def start(self, path: str | None = None) -> None:
        if self.own.isChecked():
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

    def chosen_catalog(self) -> Catalog:
        if self.own.isChecked() and self.custom is not None:
            return self.custom
        if self.nothing.isChecked():
            return Catalog(self.catalog.settings, [], self.catalog.path)
        return self.catalog
