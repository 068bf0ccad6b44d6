"""Choosing what to watch from the window: "Add a site…", "Add my VPN…", "Choose from the
built-in list…", and what an empty window says (add a site, or pick from the list)."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .. import catalog as catalog_mod
from ..catalog import Catalog
from ..diagnosis.wording import catalog_text
from .metered import metered_now


@functools.cache
def builtin_list() -> Catalog:
    """The built-in list, its names in the person's language (read once: the language
    changes at the next start). Its services are never changed in place: the dialogs copy
    what they keep."""
    return catalog_mod.load_default(catalog_text)


def open_add_site(window) -> QDialog | None:
    from .add_site import AddSiteDialog

    if window.config_path is None:
        return None  # a shared log's window adds nothing
    dialog = AddSiteDialog(window.catalog, window.config_path, builtin_list(), window)
    dialog.saved.connect(window.apply_catalog)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_add_vpn(window) -> QDialog | None:
    from .add_vpn import AddVpnDialog

    if window.config_path is None:
        return None
    dialog = AddVpnDialog(window.catalog, window.config_path, window)
    dialog.saved.connect(window.apply_catalog)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_picker(window) -> QDialog | None:
    from .service_picker import PickDialog

    if window.config_path is None:
        return None
    dialog = PickDialog(window.catalog, window.config_path, builtin_list(), metered_now(), window)
    dialog.saved.connect(window.apply_catalog)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class EmptyGuide(QWidget):
    """Shown instead of the summary while nothing is watched."""

    addSite = Signal()
    pick = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel(self.tr("Nothing is being checked yet"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            self.tr(
                "Add a site you depend on (your bank, a news site) by its address, or choose "
                "services from the built-in list: messengers, video, social networks, news "
                "and tools. censorwatch then checks them in the background and says what "
                "works and what is blocked."
            )
        )
        text.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add a site…"))
        self.pick_button = QPushButton(self.tr("Choose from the built-in list…"))
        self.add_button.clicked.connect(self.addSite)
        self.pick_button.clicked.connect(self.pick)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.pick_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(1)
