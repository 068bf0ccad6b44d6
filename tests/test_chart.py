"""The history chart as a person reads it: a band with no holes between checks, a legend,
the measure that fits the part, the range fitted to a short history, an empty state. Real
SQLite histories; the chart drawn offscreen."""

from __future__ import annotations

import time

import pytest

from censorwatch.lab.demo import OUTAGE, demo_history
from censorwatch.store import Store
from censorwatch.ui.chart_data import FREEZE, LATENCY, SPEED, band_runs, chart_data, heartbeat

SERVICES = [
    ("video-throttled", "Video", "foreign", [("media", "throughput", "https://video.lab/big")]),
    ("freeze", "Hosting", "foreign", [("web", "freeze", "https://freeze.lab/")]),
    ("sni-reset", "News", "foreign", [("web", "https", "https://news.lab/")]),
]


@pytest.fixture
def history(tmp_path):
    """Six hours of demo rounds every 5 minutes, the local network down in between."""
    now = time.time()
    with Store(tmp_path) as store:
        store.write(demo_history(SERVICES, now=now - 60))
    return tmp_path, now


def test_each_check_fills_its_interval_and_an_outage_stays_a_gap(history):
    folder, now = history
    # an hour in 240 slices of 15 s: a check every 5 minutes lands in one slice of 20
    data = chart_data(folder, "sni-reset", "web", now - 3600, now)
    measured = [i for i, b in enumerate(data["buckets"]) if b.status]
    assert len(measured) < 20  # the raw slices are mostly empty
    band = data["band"]
    assert all(band[measured[0] : measured[-1] + 1])  # no hole between two checks
    # six hours at 1 min slices (the minute level): the outage's rounds are "offline" checks,
    # but a stretch with no rounds at all stays blank
    folder_gap = folder.parent / "gap"
    items = [
        m
        for m in demo_history(SERVICES, now=now - 60)
        if not (now - 3 * 3600 <= _unix(m.time) <= now - 2 * 3600)
    ]
    with Store(folder_gap) as store:
        store.write(items)
    data = chart_data(folder_gap, "sni-reset", "web", now - 6 * 3600, now)
    slices = data["buckets"]
    silent = [
        s
        for b, s in zip(slices, data["band"], strict=True)
        if now - 2.9 * 3600 < b.start < now - 2.1 * 3600
    ]
    assert silent and not any(silent)
    before = [
        s
        for b, s in zip(slices, data["band"], strict=True)
        if now - 4 * 3600 < b.start < now - 3.1 * 3600
    ]
    assert before and all(before)


def test_heartbeat_holds_about_one_interval():
    from censorwatch.store import Bucket

    buckets = [Bucket(i, i + 1) for i in range(30)]
    for i in (0, 5, 10, 25):
        buckets[i].counts["ok" if i != 10 else "blocked"] = 1
    band = heartbeat(buckets)
    assert band[:10] == ["ok"] * 10
    assert band[10:18] == ["blocked"] * 8  # 1.5 intervals of 5 slices, rounded
    assert band[18:25] == [None] * 7  # a long silence is not a check
    assert band[25:] == ["ok"] * 5
    assert band_runs(buckets, band) == [
        ("ok", 0, 10), ("blocked", 10, 18), (None, 18, 25), ("ok", 25, 30)
    ]  # fmt: skip


def test_the_measure_fits_the_part(history):
    folder, now = history
    speed = chart_data(folder, "video-throttled", "media", now - 6 * 3600, now)
    assert speed["measure"] == SPEED
    kbps = [v for t, v in speed["points"] if t > now - 3600]
    assert kbps and max(kbps) < 200  # throttled to ~120 kbit/s in the last 2 hours
    early = [v for t, v in speed["points"] if t < now - 5 * 3600]
    assert early and min(early) > 30_000
    freeze = chart_data(folder, "freeze", "web", now - 6 * 3600, now)
    assert freeze["measure"] == FREEZE
    late = [v for t, v in freeze["points"] if t > now - 3 * 3600]
    assert late and all(14 <= v <= 17 for v in late)  # it freezes near 16 KB
    assert chart_data(folder, "sni-reset", "web", now - 3600, now)["measure"] == LATENCY
    assert chart_data(folder, "sni-reset", None, now - 3600, now)["measure"] == LATENCY


def test_a_short_history_fills_the_chart(history):
    folder, now = history
    data = chart_data(folder, "sni-reset", "web", now - 7 * 86400, now, fit=True)
    first = now - 6 * 3600 - 60
    assert abs(data["first"] - first) < 120
    assert first - 3600 < data["start"] < first  # a little room before the first check
    assert sum(1 for s in data["band"] if s) > 200  # the data spans the chart, not a sliver
    # panning and zooming ask for an exact range: it is kept
    exact = chart_data(folder, "sni-reset", "web", now - 7 * 86400, now, fit=False)
    assert exact["start"] == now - 7 * 86400


def test_the_chart_draws_a_legend_a_measure_and_an_empty_state(qtbot, history):
    from censorwatch.diagnosis.wording import status_word
    from censorwatch.ui.chart import HistoryChart

    folder, now = history
    chart = HistoryChart(folder)
    qtbot.addWidget(chart)
    with qtbot.waitSignal(chart.loaded, timeout=10_000):
        chart.show_series("video-throttled", "media", "Video — media")
    legend = chart.colours.text()
    assert status_word("ok") in legend and status_word("degraded") in legend
    assert status_word("offline") in legend  # the outage
    from censorwatch.diagnosis.wording import STATUS_COLOURS

    assert f"color:{STATUS_COLOURS['degraded'].lower()}" in legend.lower()  # swatches in colour
    assert "kbit/s" in chart.latency.getAxis("left").labelText
    assert len(chart._points.xData) > 50
    assert chart.empty.textItem.toPlainText() == ""
    with qtbot.waitSignal(chart.loaded, timeout=10_000):
        chart.show_series("no-such-service", "web", "Nothing")
    assert (
        chart.empty.textItem.toPlainText() == "Nothing checked yet: the first round fills this in."
    )
    assert chart.colours.text() == ""
    with qtbot.waitSignal(chart.loaded, timeout=10_000):
        chart.show_series("sni-reset", "web", "News — web")
    assert "latency" in chart.latency.getAxis("left").labelText
    assert chart.empty.textItem.toPlainText() == ""
    mid = now - (OUTAGE[0] + OUTAGE[1]) / 2 * 3600
    assert status_word("offline") in chart.describe(mid)


def _unix(iso: str) -> float:
    from censorwatch.localtime import unix_from_iso

    return unix_from_iso(iso)


def test_an_outage_leaves_the_latency_blank(history):
    # Rounds whose connection was down time only a local resolver's answer: no latency then
    # (it would read as the fastest network of the day), a gap in the line instead.
    folder, now = history
    data = chart_data(folder, "sni-reset", "web", now - 6 * 3600, now)
    inside = [
        b
        for b in data["buckets"]
        if now - OUTAGE[0] * 3600 + 120 < b.start and b.end < now - OUTAGE[1] * 3600 - 120
    ]
    assert inside and all(b.counts.get("offline") for b in inside if b.counts)
    assert all(b.lat_median_ms is None for b in inside)
    before = [b for b in data["buckets"] if b.end < now - OUTAGE[0] * 3600 and b.counts]
    assert before and all(b.lat_median_ms is not None for b in before)
