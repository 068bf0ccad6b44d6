"""A disclosure button ("▸ Advanced"): shows and hides the part of a dialog few people need."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget


def disclosure(
    text: str, panel: QWidget, tooltip: str = "", after: Callable[[], None] | None = None
) -> QToolButton:
    """A checkable button with an arrow that shows `panel` while checked (hidden at first);
    `after` runs once the panel has been shown or hidden (a dialog refits itself)."""
    button = QToolButton()
    button.setText(text)
    button.setCheckable(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setArrowType(Qt.ArrowType.RightArrow)
    if tooltip:
        button.setToolTip(tooltip)
    panel.hide()

    def toggled(shown: bool) -> None:
        panel.setVisible(shown)
        button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if after is not None:
            after()

    button.toggled.connect(toggled)
    return button
