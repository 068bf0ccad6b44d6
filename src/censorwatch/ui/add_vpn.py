"""Add my VPN: the person's own WireGuard configuration or OpenVPN profile becomes a service
that checks its handshake (catalog/from_profile.py, the rule `censorwatch add PROFILE`
shares). The profile is read off the GUI thread to check it; the config keeps only its path,
and the dialog says so, warns when other users can read the keys, and offers the port that
tells a blocked protocol from a server that is down."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..catalog import Catalog
from ..catalog.from_profile import PROTOCOLS, NewVpn, NotAProfile, new_vpn
from .background import run_in_pool
from .config_saving import error_label, save_in_background, with_service


class AddVpnDialog(QDialog):
    """Accepted once the config holding the new VPN check is written; `saved` carries it."""

    saved = Signal(object)  # the new Catalog
    read = Signal()  # a chosen profile was read (or refused): the form shows what it holds

    def __init__(self, catalog: Catalog, path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add my VPN"))
        self.path = Path(path)
        self.catalog = catalog
        self.vpn: NewVpn | None = None

        intro = QLabel(
            self.tr(
                "Choose your VPN's WireGuard configuration (.conf) or OpenVPN profile (.ovpn). "
                "censorwatch sends only the first handshake packet your VPN sends and looks "
                "whether your server answers: that tells you whether your VPN's protocol gets "
                "through right now."
            )
        )
        intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("no profile chosen"))
        browse = QPushButton(self.tr("&Choose…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("from the profile"))
        self.compare = QSpinBox()
        self.compare.setRange(0, 65535)
        self.compare.setSpecialValueText(self.tr("none"))
        self.compare.setToolTip(
            self.tr(
                "A TCP port of the same server that answers whatever happens to the VPN (SSH's "
                "22, a web server's 443). When your VPN gets no answer but this port opens, "
                'the protocol is blocked; without it a silent server reads "cannot tell": it '
                "may simply be down."
            )
        )
        self.keys = QLabel(
            self.tr(
                "The keys stay in your file: censorwatch reads them at each check and stores "
                "or exports none of them. Keep the file where it is."
            )
        )
        self.keys.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b35c00;")
        self.warning.hide()
        self.error = error_label()

        form = QFormLayout()
        form.addRow(self.tr("Profile:"), file_row)
        form.addRow("", self.what)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Compare with TCP port:"), self.compare)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keys)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Your VPN profile"),
            str(Path.home()),
            self.tr("VPN profiles (*.conf *.ovpn);;All files (*)"),
        )
        if chosen:
            self.choose(chosen)

    def choose(self, path: str) -> None:
        """Read the profile at `path` off the GUI thread; the form fills in when it is read."""
        self.file.setText(path)
        self.what.setText(self.tr("Reading…"))
        catalog = self.catalog

        def read() -> NewVpn | str:
            try:
                return new_vpn(path, catalog)
            except NotAProfile as exc:
                return str(exc)

        run_in_pool(read, self._read, lambda message: self._read(message), "reading a profile")

    def _read(self, result: NewVpn | str) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if isinstance(result, str):
            self.vpn = None
            self.what.setText("")
            self.error.setText(result)
            self.error.show()
            self.warning.hide()
            save.setEnabled(False)
            self.read.emit()
            return
        self.vpn = result
        self.error.hide()
        self.what.setText(
            self.tr("{protocol}: the handshake with {endpoint}").format(
                protocol=PROTOCOLS[result.kind], endpoint=result.endpoint
            )
        )
        if not self.name.text().strip():
            self.name.setText(result.service.name)
        self.warning.setText(
            self.tr(
                "Other users of this computer can read this file, and the keys in it. Make it "
                "readable by you alone (chmod 600)."
            )
        )
        self.warning.setVisible(result.readable_by_others)
        save.setEnabled(True)
        self.read.emit()

    def chosen_catalog(self) -> Catalog | None:
        """The config with the VPN check added and checked, or None (the error shown)."""
        if self.vpn is None:
            return None
        service = copy.deepcopy(self.vpn.service)
        name = self.name.text().strip()
        if name:
            service.name = name[:200]
        service.probes[0].compare_port = self.compare.value() or None
        return with_service(self.catalog, service, self.path, self.error)

    def save(self) -> None:
        checked = self.chosen_catalog()
        if checked is not None:
            save_in_background(self, checked, self.error)
