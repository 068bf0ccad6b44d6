"""Clocks: the chart's time axis and the "since" texts in local time on both sides of a
change to summer time, in a zone that has one (a fresh process with TZ set: the C library
reads it at start). The scheduler's and the budget's steady clocks: tests/test_scheduler.py
and tests/test_budget.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from censorwatch.ui.chart import HistoryChart
    chart = HistoryChart(None)
    out = []
    for plot in (chart.band, chart.latency):
        axis = plot.getAxis("bottom")
        axis.fontMetrics = QFontMetrics(app.font())  # set when first drawn, normally
        # Berlin: 2026-03-29 02:00 CET became 03:00 CEST; 10-25 03:00 CEST became 02:00 CET.
        for a, b in (((2026, 3, 28, 18), (2026, 3, 29, 14)), ((2026, 10, 24, 18), (2026, 10, 25, 14))):
            start, end = (dt.datetime(*t).timestamp() for t in (a, b))
            for spacing, ticks in axis.tickValues(start, end, 800):
                if spacing == 3600:
                    local = [dt.datetime.fromtimestamp(t).strftime("%H:%M") for t in ticks]
                    out.append([local, axis.tickStrings(ticks, 1, spacing)])
    from censorwatch import localtime
    # "Since" texts: each moment with its own offset, on both sides of the change.
    since = [localtime.from_unix(t, zone=True) for t in (1774744200, 1774747800)]
    iso = [localtime.from_iso(t) for t in ("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z")]
    print(json.dumps(out))
    print(json.dumps([since, iso]))
    """
)


def test_the_charts_time_axis_is_local_time_across_a_change_to_summer_time():
    env = {**os.environ, "TZ": "Europe/Berlin", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    import json

    pairs = json.loads(done.stdout.splitlines()[-2])
    assert len(pairs) == 4 and all(local for local, _ in pairs)
    for local, shown in pairs:
        assert shown == local  # pyqtgraph 0.13 showed 06:00 at 07:00 after the change
        assert all(t.endswith(":00") for t in local)  # on the hour, local time
    since, iso = json.loads(done.stdout.splitlines()[-1])
    # 00:30 and 01:30 UTC: 01:30 winter time, then 03:30 summer time (02:30 never was).
    assert since == ["2026-03-29 01:30 CET", "2026-03-29 03:30 CEST"]
    assert iso == ["2026-03-29 01:30", "2026-03-29 03:30"]
