"""The history chart's own plot items: change markers across the plot, and a date axis in
the person's language."""

from __future__ import annotations

import html
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt

from .. import localtime
from ..diagnosis.plain import month_name, weekday_name
from ..diagnosis.wording import status_word, translate
from ..vocabulary import BEST_FIRST
from .status_style import colour

STATUSES = BEST_FIRST  # as stacked, best first


class ChangeMarkers(pg.GraphicsObject):
    """Dashed vertical lines where the state changed, across the whole height of the plot:
    one item for all of them, updated in place, so a history with many changes adds no
    objects (a line item per change would)."""

    def __init__(self) -> None:
        super().__init__()
        self._marks: list[tuple[float, str]] = []
        self._rect: QRectF | None = None
        self._pens = {
            status: pg.mkPen(colour(status), width=1.5, style=Qt.PenStyle.DashLine)
            for status in STATUSES
        }
        self.setZValue(10)

    def set_changes(self, marks: list[tuple[float, str]]) -> None:
        """(unix time, status the change led to) for each change."""
        self._marks = [(t, s if s in self._pens else "offline") for t, s in marks]
        self.update()

    def viewTransformChanged(self) -> None:
        self._rect = None
        super().viewTransformChanged()

    def boundingRect(self) -> QRectF:
        if self._rect is None:
            view = self.viewRect()  # the visible range, in data coordinates
            rect = QRectF() if view is None else QRectF(view)
            if rect != self._rect:
                self.prepareGeometryChange()
            self._rect = rect
        return self._rect

    def paint(self, painter, *_args) -> None:
        rect = self.boundingRect()
        for x, status in self._marks:
            if rect.left() <= x <= rect.right():
                painter.setPen(self._pens[status])
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def dataBounds(self, axis, frac=1.0, orthoRange=None):
        return None  # markers never widen the range the plot shows


class LocalDateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis (each moment's own UTC offset) in the person's language: its
    day and month names are the C locale's, so they are said again as diagnosis/plain.py
    says them ("Mon 30" reads "пн 30" in Russian)."""

    _ENGLISH = (
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    )

    def tickStrings(self, values, scale, spacing):
        strings = super().tickStrings(values, scale, spacing)
        days, months = self._ENGLISH
        names = {d: weekday_name(i) for i, d in enumerate(days)}
        names.update({m: month_name(i + 1) for i, m in enumerate(months)})
        return [" ".join(names.get(word, word) for word in s.split(" ")) for s in strings]


def legend_html(band: list[str | None], data: dict, line: str) -> str:
    """The legend under the chart: a swatch and a word per status the band shows, a blank
    stretch inside the data, the lower plot's line (`line` says what it is: drawn over the
    data it would hide some), and where the history begins when that is inside the range."""
    shown = [s for s in STATUSES if s in band]
    if not shown:
        return ""
    swatches = [
        f'<span style="color:{colour(s).name()}">&#9632;</span>&nbsp;{html.escape(status_word(s))}'
        for s in shown
    ]
    seen = [i for i, s in enumerate(band) if s]
    if None in band[seen[0] : seen[-1]]:  # a silence inside the data, not before it
        swatches.append("&#9633;&nbsp;" + html.escape(translate("HistoryChart", "no checks")))
    text = " &nbsp; ".join(swatches)
    text += " &nbsp; · &nbsp;<span style='color:#1e88e5'>&#8212;</span>&nbsp;" + html.escape(line)
    if data.get("first") and data["first"] > data["start"]:
        since = translate("HistoryChart", "history since {time}").format(
            time=localtime.from_unix(data["first"])
        )
        text += " &nbsp; · &nbsp;" + html.escape(since)
    return text
