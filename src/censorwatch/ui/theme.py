"""Light or dark colours chosen by the person (`--theme`), whatever the system says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ..resources import resources_dir


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
    app.setStyleSheet(indicators(theme, palette.color(QPalette.ColorRole.Base).name()))


# (edge, under the pointer, with the keyboard's focus, cannot be used, marks): the edge
# stands out from the window at 3:1 or more (WCAG's measure for the parts of a control),
# focused too: dark 6.5:1 and 6.7:1 on #2b2b2b, light 3.9:1 and 4.8:1 on #efefef
_INDICATOR_COLOURS = {
    "dark": ("#b0b0b0", "#e8e8e8", "#8ab4f8", "#5f5f5f", "light"),
    "light": ("#767676", "#303030", "#2f65ca", "#c4c4c4", "dark"),
}


def indicators(theme: str, box: str) -> str:
    """Check boxes, list tick boxes and radio buttons that can be seen in censorwatch's own
    colours. Fusion draws their box in the text fields' colour with an edge darker than the
    window: an empty one is a dark square on dark grey (1.2:1), a white one with a faint
    edge on light grey (1.7:1). Here the box has an edge of its own, and the marks are
    drawn for it (resources/theme). `box`: the text fields' colour, inside the box as before."""
    edge, hover, focus, disabled, marks = _INDICATOR_COLOURS[theme]
    folder = (resources_dir() / "theme").as_posix()
    boxes = ("QCheckBox::indicator", "QGroupBox::indicator", "QAbstractItemView::indicator")
    radios = ("QRadioButton::indicator",)

    def rule(selectors: tuple[str, ...], state: str, body: str) -> str:
        return ", ".join(f"{s}{state}" for s in selectors) + " { " + body + " }"

    def mark(name: str, tone: str) -> str:
        return f"image: url({folder}/{name}-{tone}.svg);"

    common = f"width: 13px; height: 13px; background: {box}; border: 1px solid {edge};"
    return "\n".join(
        (
            rule(boxes, "", common + " border-radius: 2px;"),
            rule(radios, "", common + " border-radius: 7px;"),
            # a list's rows are as high as their text: a smaller box leaves a gap between two
            rule(("QAbstractItemView::indicator",), "", "width: 11px; height: 11px;"),
            rule((*boxes, *radios), ":hover", f"border-color: {hover};"),
            rule((*boxes, *radios), ":focus", f"border-color: {focus};"),
            rule((*boxes, *radios), ":disabled", f"border-color: {disabled};"),
            rule(boxes, ":checked", mark("check", marks)),
            rule(boxes, ":checked:disabled", mark("check", "grey")),
            rule(boxes, ":indeterminate", mark("partial", marks)),
            rule(boxes, ":indeterminate:disabled", mark("partial", "grey")),
            rule(radios, ":checked", mark("dot", marks)),
            rule(radios, ":checked:disabled", mark("dot", "grey")),
        )
    )
