"""Light or dark colours chosen by the person (`--theme`), whatever the system says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply_theme(app: QApplication, theme: str) -> None:
    """Light or dark colours whatever the system says (`--theme`): Qt's Fusion style with
    its palette for that scheme; "system" leaves the platform's own."""
    if theme == "system":
        return
    app.setStyle("Fusion")
    app.styleHints().setColorScheme(
        Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light
    )
    palette = app.style().standardPalette()
    if theme == "dark" and palette.color(QPalette.ColorRole.Window).lightness() > 128:
        role = QPalette.ColorRole
        for r, c in (
            (role.Window, "#2b2b2b"), (role.WindowText, "#e8e8e8"), (role.Base, "#1e1e1e"),
            (role.AlternateBase, "#262626"), (role.Text, "#e8e8e8"), (role.Button, "#353535"),
            (role.ButtonText, "#e8e8e8"), (role.Highlight, "#2f65ca"),
            (role.HighlightedText, "#ffffff"), (role.Link, "#8ab4f8"),
            (role.ToolTipBase, "#353535"), (role.ToolTipText, "#e8e8e8"),
            (role.PlaceholderText, "#9a9a9a"), (role.Light, "#5a5a5a"),
            (role.Midlight, "#474747"), (role.Mid, "#262626"), (role.Dark, "#151515"),
            (role.Shadow, "#000000"),
        ):  # fmt: skip
            palette.setColor(r, QColor(c))
        # what cannot be used now looks so (a greyed button, a greyed word)
        for r in (role.ButtonText, role.WindowText, role.Text):
            palette.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7a7a7a"))
        palette.setColor(QPalette.ColorGroup.Disabled, role.Button, QColor("#2b2b2b"))
    app.setPalette(palette)
