"""How a status looks in the window: colour, symbol and icon (never colour alone)."""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap

from ..diagnosis.wording import STATUS_COLOURS

SYMBOLS = {"ok": "✔", "degraded": "▲", "blocked": "✖", "offline": "–", "unknown": "?", None: "…"}
NETWORK_COLOURS = {"online": "#2e7d32", "whitelist": "#ef8f00", "offline": "#616161"}


def colour(status: str | None) -> QColor:
    return QColor(STATUS_COLOURS.get(status or "", "#9e9e9e"))


def tint(status: str | None, palette: QPalette) -> QColor:
    """A light (or, on a dark palette, deep) wash of the status colour behind text."""
    base = palette.color(QPalette.ColorRole.Base)
    c = colour(status)
    mix = 0.22 if base.lightness() > 128 else 0.35
    return QColor(
        round(base.red() * (1 - mix) + c.red() * mix),
        round(base.green() * (1 - mix) + c.green() * mix),
        round(base.blue() * (1 - mix) + c.blue() * mix),
    )


@cache
def status_icon(status: str | None, size: int = 16) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour(status))
    if status == "degraded":
        p.drawPolygon([QPointF(size / 2, 1), QPointF(size - 1, size - 1), QPointF(1, size - 1)])
    elif status == "blocked":
        p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 3, 3)
    elif status == "unknown":  # a diamond: not a verdict either way
        half = size / 2
        p.drawPolygon(
            [
                QPointF(half, 0.5),
                QPointF(size - 0.5, half),
                QPointF(half, size - 0.5),
                QPointF(0.5, half),
            ]
        )
    else:
        p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    p.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(int(size * 0.62))
    font.setBold(True)
    p.setFont(font)
    text = {"ok": "✓", "degraded": "!", "blocked": "✕", "offline": "–", "unknown": "?"}.get(
        status or "", "…"
    )
    p.drawText(
        QRectF(0, 1 if status == "degraded" else 0, size, size), Qt.AlignmentFlag.AlignCenter, text
    )
    p.end()
    icon = QIcon(pixmap)
    # A chosen row keeps the icon's own colour (the style would blend it with the highlight,
    # and a red cross reads purple on blue).
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written: Qt reads a tooltip as rich text when it looks
    like markup, so a service name from a shared log could otherwise load an image or fake
    a heading. Escaped, inside markup of our own."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
