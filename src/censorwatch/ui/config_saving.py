"""Saving the config from a dialog: checked by the config loader itself, written off the GUI
thread (atomically, the previous file kept as .bak); the dialog closes when it is written,
or shows why it could not be."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError, Service
from .background import run_in_pool


def with_service(catalog: Catalog, service: Service, path: Path, error: QLabel) -> Catalog | None:
    """`catalog` with `service` added, checked by the config loader itself; None (and the
    reason shown in `error`) when it cannot be."""
    added = copy.deepcopy(catalog)
    added.services.append(copy.deepcopy(service))
    try:
        return catalog_mod.loads(catalog_mod.dumps(added), str(path))
    except ConfigError as exc:
        error.setText(exc.message)
        error.show()
        return None


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
