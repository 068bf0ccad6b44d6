"""The history chart: a status band (each check fills its interval) with state-change markers
and a legend, over the measure that fits the part: latency as a median line inside its
min–max spread (SmokePing's lesson: spread shows what averages hide), download speed, or the
kilobytes before a transfer froze."""

from __future__ import annotations

import datetime as dt
import os
import time
from math import nan
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
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
from ..diagnosis.wording import status_word, technique_short
from .background import run_in_pool
from .chart_data import FREEZE, LATENCY, SPEED, band_at, band_runs, chart_data
from .chart_items import STATUSES, ChangeMarkers, LocalDateAxis, legend_html
from .status_style import colour

RANGES = (("1h", 3600), ("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400), ("1y", 365 * 86400))


class HistoryChart(QWidget):
    loaded = Signal()  # new data is drawn

    def __init__(self, folder: Path | None, parent=None):
        super().__init__(parent)
        self.folder = folder
        self.service: str | None = None
        self.capability: str | None = None
        self.span = 86400.0
        self.end: float | None = None  # None: now; a shared log ends when it was exported
        self.keep_all = False  # a shared log's history: every rollup level kept
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
            plot.setMenuEnabled(False)  # pyqtgraph's menus are an engineer's, in English
        for action in self.plots.scene().contextMenu:
            action.deleteLater()
        self.plots.scene().contextMenu = []
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
        self.colours = QLabel()  # the band's legend: a swatch and a word per status shown
        self.colours.setTextFormat(Qt.TextFormat.RichText)
        self.colours.setWordWrap(True)
        self.colours.setAccessibleName(self.tr("Colours of the band"))
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
            # the chosen range stands out in light and dark palettes alike
            b.setStyleSheet(
                "QToolButton:checked { background: palette(highlight); "
                "color: palette(highlighted-text); border-radius: 3px; padding: 2px 6px; }"
            )
            b.setToolTip(self.tr("Show the last {span}").format(span=labels[key]))
            b.clicked.connect(lambda _=False, s=seconds: self.set_span(s))
            self.buttons.addButton(b)
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.colours)
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
        self.latency.setLabel("left", self._measure_words()[0], color=foreground.name())
        self.empty.setColor(foreground)

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

    def show_period(self, start: float, end: float) -> None:
        """A period of its own (a shared log's, up to its end): no range button is lit."""
        self.end, self.span = end, max(300.0, end - start)
        self.buttons.setExclusive(False)
        for button in self.buttons.buttons():
            button.setChecked(False)
        self.buttons.setExclusive(True)
        self.reload()

    def reload(self, start: float | None = None, end: float | None = None) -> None:
        """Read and draw [start, end); without a start, the chosen span up to now (or the
        shared log's end), fitted to the data when the history is shorter than the span."""
        if self.folder is None or self.service is None:
            return
        fit = start is None
        end = end if end is not None else (self.end or time.time())
        start = start if start is not None else end - self.span
        self._generation += 1
        generation = self._generation
        folder, service, capability = self.folder, self.service, self.capability
        keep_all = self.keep_all
        run_in_pool(
            lambda: chart_data(folder, service, capability, start, end, fit=fit, keep_all=keep_all),
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
        self._median = pg.PlotDataItem([], [], pen=pg.mkPen("#1565c0", width=2))
        # speed or freeze point: one dot per check, joined
        self._points = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen("#1565c0", width=1.5),
            symbol="o",
            symbolSize=5,
            symbolBrush="#1565c0",
            symbolPen=None,
        )
        for item in (self._low, self._high, self._spread, self._median, self._points):
            self.latency.addItem(item)
        self.empty = pg.TextItem(anchor=(0.5, 0.5))
        self.empty.setZValue(20)
        self.latency.addItem(self.empty, ignoreBounds=True)
        self._measure = LATENCY

        self._markers = (ChangeMarkers(), ChangeMarkers())
        self.band.addItem(self._markers[0], ignoreBounds=True)
        self.latency.addItem(self._markers[1], ignoreBounds=True)

    def draw(self, data: dict) -> None:
        """Show `data` (as `chart_data` returns it), updating the items in place."""
        self._data = data
        self._programmatic = True
        try:
            buckets = data["buckets"]
            band = data.get("band") or [b.status for b in buckets]  # as measured, if not given
            # one bar per run of a status: side by side, slices would leave hairline seams
            runs: dict[str, tuple[list[float], list[float]]] = {s: ([], []) for s in self._bars}
            for status, start, end in band_runs(buckets, band):
                if status in runs:
                    runs[status][0].append((start + end) / 2)
                    runs[status][1].append(end - start)
            for status, bars in self._bars.items():
                xs, widths = runs[status]
                bars.setOpts(x=xs, height=[1.0] * len(xs), width=widths)
            self._draw_measure(data, band)
            self.colours.setText(legend_html(band, data, self._measure_words()[1]))
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
            self._draw_empty(data, band)
        finally:
            self._programmatic = False
        self.loaded.emit()

    def _measure_words(self) -> tuple[str, str]:
        """(axis label, legend entry) of the measure shown."""
        if self._measure == SPEED:
            return self.tr("download speed, kbit/s"), self.tr("speed of each download check")
        if self._measure == FREEZE:
            return (
                self.tr("received before it stopped, KB"),
                self.tr("kilobytes each transfer received (a freeze stops early)"),
            )
        return (
            self.tr("latency, ms"),
            self.tr("typical connection time (shaded: fastest to slowest)"),
        )

    def _draw_measure(self, data: dict, band: list[str | None]) -> None:
        measure = data.get("measure", LATENCY)
        if measure != self._measure:
            self._measure = measure
            self.apply_palette()
        xs: list[float] = []
        lows: list[float | None] = []
        meds: list[float | None] = []
        highs: list[float | None] = []
        broken = False  # the line breaks where the connection was down or nothing was checked
        for b, status in zip(data["buckets"], band, strict=True):
            if status in (None, "offline"):
                broken = bool(xs)
            elif measure == LATENCY and b.lat_median_ms is not None:
                if broken:
                    xs.append((b.start + b.end) / 2)
                    for values in (lows, meds, highs):
                        values.append(nan)
                    broken = False
                xs.append((b.start + b.end) / 2)
                lows.append(b.lat_min_ms)
                meds.append(b.lat_median_ms)
                highs.append(b.lat_max_ms)
        self._low.setData(xs, lows, connect="finite")
        self._high.setData(xs, highs, connect="finite")
        self._median.setData(xs, meds, connect="finite")
        points = data.get("points", []) if measure != LATENCY else []
        self._points.setData([t for t, _ in points], [v for _, v in points])

    def _draw_empty(self, data: dict, band: list) -> None:
        """A sentence where nothing was checked in the range, instead of an empty frame."""
        if any(band):
            self.empty.setText("")
            return
        if data.get("first") is None:
            self.empty.setText(self.tr("Nothing checked yet: the first round fills this in."))
        else:
            self.empty.setText(self.tr("No checks in this period."))
        self.latency.setYRange(0, 1, padding=0)
        self.empty.setPos((data["start"] + data["end"]) / 2, 0.5)

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
            held = band_at(self._data or {}, b)
            if held:
                return f"{when}: {status_word(held)} — " + self.tr("as the last check before")
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
        points = [v for t, v in (self._data or {}).get("points", []) if b.start <= t < b.end]
        if points and self._measure == SPEED:
            text += "; " + self.tr("download {kbps:.0f} kbit/s").format(kbps=min(points))
        elif points and self._measure == FREEZE:
            text += "; " + self.tr("received {kb:.0f} KB").format(kb=min(points))
        elif b.lat_median_ms is not None:
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
