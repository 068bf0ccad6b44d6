"""Saving the config from a dialog: checked by the config loader itself, written off the GUI
thread (atomically, the previous file kept as .bak); the dialog closes when it is written,
or shows why it could not be."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from .. import catalog as catalog_mod
from ..catalog import Catalog
from .background import run_in_pool


def save_in_background(dialog, checked: Catalog, error: QLabel) -> None:
    """Write the config off the GUI thread (atomically, the old file kept as .bak); the
    dialog closes when it is written, or shows why it could not be."""

    def done(_backup) -> None:
        dialog.saved.emit(checked)
        dialog.accept()

    def failed(message: str) -> None:
        error.setText(
            QCoreApplication.translate("ServiceEditor", "Cannot save {path}: {error}").format(
                path=dialog.path, error=message
            )
        )
        error.show()

    run_in_pool(lambda: catalog_mod.save(checked, dialog.path), done, failed)


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label
