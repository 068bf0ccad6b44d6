"""The history chart: a status band with state-change markers over latency drawn as a median
line inside its min–max spread (SmokePing's lesson: spread shows what averages hide)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import localtime
from ..diagnosis.plain import month_name, weekday_name
from ..diagnosis.wording import status_word, technique_short
from ..store import Store
from ..vocabulary import BEST_FIRST
from .background import run_in_pool
from .status_style import colour

STATUSES = BEST_FIRST  # as stacked, best first
RANGES = (("1h", 3600), ("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400), ("1y", 365 * 86400))
BUCKETS = 240


def chart_data(
    folder: Path,
    service: str,
    capability: str | None,
    start: float,
    end: float,
    buckets: int = BUCKETS,
) -> dict:
    """Everything the chart draws for a range, read from rollups (runs off the GUI thread)."""
    store = Store(folder, read_only=True)
    try:
        series = store.timeline(service, capability, start, end, buckets)
        changes = [
            c
            for c in store.changes(service, since=start)
            if (capability is None and c["capability"] == "*") or c["capability"] == capability
        ]
    finally:
        store.close()
    return {
        "service": service,
        "capability": capability,
        "start": start,
        "end": end,
        "buckets": series,
        "changes": changes,
    }


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


class HistoryChart(QWidget):
    loaded = Signal()  # new data is drawn

    def __init__(self, folder: Path | None, parent=None):
        super().__init__(parent)
        self.folder = folder
        self.service: str | None = None
        self.capability: str | None = None
        self.span = 86400.0
        self.end: float | None = None  # None: now; a shared log ends when it was exported
        self._data: dict | None = None
        self._generation = 0
        self._programmatic = False
        self.title = QLabel(self.tr("History"))
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a service name from a shared log
        self.title.setMinimumWidth(80)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hover = QLabel(" ")
        self.hover.setTextFormat(Qt.TextFormat.PlainText)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setAccessibleName(self.tr("History chart"))
        self.band = self.plots.addPlot(row=0, col=0, axisItems={"bottom": LocalDateAxis()})
        self.latency = self.plots.addPlot(row=1, col=0, axisItems={"bottom": LocalDateAxis()})
        self.plots.ci.layout.setRowStretchFactor(0, 1)
        self.plots.ci.layout.setRowStretchFactor(1, 4)
        for plot in (self.band, self.latency):
            plot.showGrid(x=True, y=plot is self.latency, alpha=0.2)
        # Same left margin on both plots, so the band lines up with the latency below it.
        self.band.getAxis("left").setStyle(showValues=False)
        self.band.getAxis("left").setTicks([[]])
        self.band.getAxis("left").setWidth(48)
        self.latency.getAxis("left").setWidth(48)
        self.band.hideAxis("bottom")
        self.band.setMouseEnabled(x=True, y=False)
        self.band.setYRange(0, 1, padding=0)
        self.latency.setXLink(self.band)
        self.latency.setMouseEnabled(x=True, y=False)
        self.legend = self.latency.addLegend(offset=(10, 5))
        self._make_items()
        self.buttons = QButtonGroup(self)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        labels = {
            "1h": self.tr("1 h"),
            "24h": self.tr("24 h"),
            "7d": self.tr("7 d"),
            "30d": self.tr("30 d"),
            "1y": self.tr("1 y"),
        }
        for key, seconds in RANGES:
            b = QToolButton()
            b.setText(labels[key])
            b.setCheckable(True)
            b.setChecked(key == "24h")
            b.setToolTip(self.tr("Show the last {span}").format(span=labels[key]))
            b.clicked.connect(lambda _=False, s=seconds: self.set_span(s))
            self.buttons.addButton(b)
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.hover)
        self._debounce = QTimer(self, singleShot=True, interval=350)
        self._debounce.timeout.connect(self._reload_visible)
        self.band.sigXRangeChanged.connect(self._range_moved)
        self.apply_palette()
        self._mouse = pg.SignalProxy(
            self.plots.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved
        )

    def apply_palette(self) -> None:
        """Follow the system's light or dark palette (at start and when it changes)."""
        palette = QGuiApplication.palette()
        background = palette.color(QPalette.ColorRole.Base)
        foreground = palette.color(QPalette.ColorRole.Text)
        self.plots.setBackground(background)
        for plot in (self.band, self.latency):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(foreground)
                plot.getAxis(axis).setPen(foreground)
        self.latency.setLabel("left", self.tr("latency, ms"), color=foreground.name())
        self.legend.setLabelTextColor(foreground)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()
        super().changeEvent(event)

    # --- what to show --------------------------------------------------------------------

    @property
    def data(self) -> dict | None:
        """What is drawn now (as `chart_data` returns it), or None before the first read."""
        return self._data

    def show_series(self, service: str | None, capability: str | None, title: str) -> None:
        if (service, capability) == (self.service, self.capability) and self._generation:
            return  # already shown (or on its way); new data comes with reload()
        self.service, self.capability = service, capability
        self.title.setText(title)
        self.reload()

    def set_span(self, seconds: float) -> None:
        self.span = float(seconds)
        self.reload()

    def reload(self, start: float | None = None, end: float | None = None) -> None:
        if self.folder is None or self.service is None:
            return
        end = end if end is not None else (self.end or time.time())
        start = start if start is not None else end - self.span
        self._generation += 1
        generation = self._generation
        folder, service, capability = self.folder, self.service, self.capability
        run_in_pool(
            lambda: chart_data(folder, service, capability, start, end),
            lambda data: self.draw(data) if generation == self._generation else None,
            what="reading the history chart",
        )

    def _range_moved(self, *_args) -> None:
        if not self._programmatic:
            self._debounce.start()

    def _reload_visible(self) -> None:
        (x0, x1), _ = self.band.viewRange()
        if (
            self._data
            and abs((x1 - x0) - (self._data["end"] - self._data["start"])) < 1
            and abs(x0 - self._data["start"]) < 1
        ):
            return
        self.reload(x0, x1)

    # --- drawing ---------------------------------------------------------------------------

    def _make_items(self) -> None:
        """Every item the chart ever shows, made once and updated in place (`setData`,
        `setOpts`, markers reused): live data is redrawn without building a scene again."""
        self._bars: dict[str, pg.BarGraphItem] = {}
        for status in STATUSES:
            bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush=colour(status), pen=None)
            self.band.addItem(bars)
            self._bars[status] = bars
        spread_colour = QColor("#1e88e5")
        spread_colour.setAlpha(60)
        self._low = pg.PlotDataItem([], [], pen=pg.mkPen(spread_colour))
        self._high = pg.PlotDataItem([], [], pen=pg.mkPen(spread_colour))
        self._spread = pg.FillBetweenItem(self._low, self._high, brush=spread_colour)
        self._median = pg.PlotDataItem(
            [], [], pen=pg.mkPen("#1565c0", width=2), name=self.tr("median (band: min–max)")
        )
        for item in (self._low, self._high, self._spread, self._median):
            self.latency.addItem(item)
        self._markers = (ChangeMarkers(), ChangeMarkers())
        self.band.addItem(self._markers[0], ignoreBounds=True)
        self.latency.addItem(self._markers[1], ignoreBounds=True)

    def draw(self, data: dict) -> None:
        """Show `data` (as `chart_data` returns it), updating the items in place."""
        self._data = data
        self._programmatic = True
        try:
            buckets = data["buckets"]
            width = (buckets[0].end - buckets[0].start) if buckets else 1.0
            for status, bars in self._bars.items():
                xs = [b.start + width / 2 for b in buckets if b.status == status]
                bars.setOpts(x=xs, height=[1.0] * len(xs), width=width)
            latency = [b for b in buckets if b.lat_median_ms is not None]
            xs = [(b.start + b.end) / 2 for b in latency]
            self._low.setData(xs, [b.lat_min_ms for b in latency])
            self._high.setData(xs, [b.lat_max_ms for b in latency])
            self._median.setData(xs, [b.lat_median_ms for b in latency])
            marks = [
                (
                    dt.datetime.fromisoformat(c["time"].replace("Z", "+00:00")).timestamp(),
                    c["status"],
                )
                for c in data["changes"]
            ]
            for markers in self._markers:
                markers.set_changes(marks)
            self.plots.setAccessibleDescription(self.summary())
            self.band.setXRange(data["start"], data["end"], padding=0)
            self.band.setYRange(0, 1, padding=0)
            self.latency.enableAutoRange(axis="y")
        finally:
            self._programmatic = False
        self.loaded.emit()

    def summary(self) -> str:
        """The chart in words, for screen readers: shares per status and the last change."""
        if not self._data:
            return ""
        totals: dict[str, int] = {}
        for b in self._data["buckets"]:
            for k, v in b.counts.items():
                totals[k] = totals.get(k, 0) + v
        n = sum(totals.values())
        if not n:
            return self.tr("No checks in this period.")
        shares = ", ".join(
            f"{status_word(k)} {100 * v / n:.0f} %"
            for k, v in sorted(totals.items(), key=lambda kv: -kv[1])
        )
        text = self.tr("Checks in this period: {shares}.").format(shares=shares)
        if self._data["changes"]:
            last = self._data["changes"][0]
            when = localtime.from_iso(last["time"])
            text += " " + self.tr("Last change: {status} at {time}.").format(
                status=status_word(last["status"]), time=when
            )
        return text

    def bucket_at(self, x: float):
        if not self._data:
            return None
        for b in self._data["buckets"]:
            if b.start <= x < b.end:
                return b
        return None

    def describe(self, x: float) -> str:
        b = self.bucket_at(x)
        if b is None:
            return " "
        when = localtime.from_unix(x)
        if not b.status:
            return f"{when}: " + self.tr("no checks")
        technique = ""
        changes = self._data["changes"] if self._data else []
        for change in changes:  # newest first: the last change before x
            t = dt.datetime.fromisoformat(change["time"].replace("Z", "+00:00")).timestamp()
            if t <= b.end:
                technique = technique_short(change["technique"]) if change["status"] != "ok" else ""
                break
        counts = ", ".join(f"{status_word(k)} {v}" for k, v in b.counts.items())
        text = f"{when}: {status_word(b.status)}"
        if technique:
            text += f" ({technique})"
        text += f" — {counts}"
        if b.lat_median_ms is not None:
            text += "; " + self.tr(
                "latency {lo:.0f}/{med:.0f}/{hi:.0f} ms (min/median/max)"
            ).format(lo=b.lat_min_ms, med=b.lat_median_ms, hi=b.lat_max_ms)
        return text

    def _mouse_moved(self, event) -> None:
        pos = event[0]
        for plot in (self.band, self.latency):
            if plot.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                self.hover.setText(self.describe(x))
                return
