"""The summary: one line per service in the person's words with since when, worst first;
it reads the grid's own cells, so the two never disagree; choosing a line shows that
service's worst part first in the detail panel."""

from __future__ import annotations

import datetime as dt

from censorwatch.diagnosis.plain import Part, summary, when
from censorwatch.vocabulary import RANK

NOW = dt.datetime(2026, 11, 26, 18, 0).timestamp()  # a Thursday
TUE = dt.datetime(2026, 11, 24, 14, 2).timestamp()


def test_one_line_says_what_is_wrong_since_when_and_what_works():
    parts = [
        Part("web", "ok"),
        Part("messages", "ok"),
        Part("calls", "blocked", "udp", TUE),
    ]
    line = summary("blocked", parts, now=NOW)
    assert line == "Calls don't connect since Tue 14:02; the rest works"
    assert summary("blocked", parts[1:], now=NOW) == (
        "Calls don't connect since Tue 14:02; messages get through"
    )
    # The technique is said by what the person notices.
    assert summary("blocked", [Part("web", "blocked", "dns", TUE)], now=NOW).startswith(
        "The provider hides the site since"
    )
    assert summary("degraded", [Part("media", "degraded", "throttling", TUE)], now=NOW).startswith(
        "Video is slowed down"
    )
    assert summary("blocked", [Part("web", "blocked", "stall", TUE)], now=NOW).startswith(
        "The site stops after the first few kilobytes"
    )
    # "Cannot tell" says so, and claims no since; a network that is down says it once.
    assert summary("unknown", [Part("web", "unknown", "tcp_refused", TUE)], now=NOW) == (
        "Web: cannot tell yet"
    )
    assert summary("offline", [Part("web", "offline", None, TUE)], now=NOW) == (
        "No connection to check it since Tue 14:02"
    )
    assert summary("ok", parts[:2], now=NOW) == "Everything works"
    # Today: the time alone; older than a week: the date.
    assert when(NOW - 3600, now=NOW) == "17:00"
    assert when(NOW - 30 * 86400, now=NOW) == "27 Oct 18:00"


def test_the_window_opens_on_the_summary_worst_first(qtbot, window):
    win, _ = window
    assert win.views.currentWidget() is win.summary
    model = win.summary_model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            model.service_at(0) is not None
            and win.model.service_cell(model.service_at(0).id) is not None
        ),
        timeout=10_000,
    )

    def ranks():
        out = []
        for row in range(model.rowCount()):
            cell = win.model.service_cell(model.service_at(row).id)
            out.append(RANK.get(cell.status, 0) if cell and cell.status else 0)
        return out

    # Worst first once the burst of the history's cells has settled (the summary waits
    # for the end of a burst before it lays itself out again).
    qtbot.waitUntil(
        lambda: ranks() == sorted(ranks(), reverse=True) and ranks()[0] > 0, timeout=10_000
    )
    row = model.row_of("messenger-calls-blocked")
    line = model.index(row, 0).data()
    assert line.startswith("Messenger") and "Calls don't connect since" in line
    # The line and the grid agree: the same cell, the same since.
    calls = win.model.cell("messenger-calls-blocked", "calls")
    assert calls.status == "blocked"
    assert when(calls.since) in line


def test_choosing_a_line_shows_its_worst_part_first(qtbot, window):
    win, _ = window
    model = win.summary_model
    qtbot.waitUntil(
        lambda: win.model.cell("messenger-calls-blocked", "calls") is not None, timeout=10_000
    )
    qtbot.waitUntil(lambda: "since" in _line(model, "messenger-calls-blocked"), timeout=10_000)
    other = 0 if model.row_of("messenger-calls-blocked") else 1
    win.summary.setCurrentIndex(model.index(other, 0))
    win.summary.setCurrentIndex(model.index(model.row_of("messenger-calls-blocked"), 0))
    current = win.grid.currentIndex()
    assert win.model.service_at(current.row()).id == "messenger-calls-blocked"
    assert current.column() == win.model.column_of("calls")
    assert win.detail.title.text() == win.model.service_at(current.row()).name


def _line(model, service_id: str) -> str:
    row = model.row_of(service_id)
    return model.index(row, 0).data() or "" if row >= 0 else ""


def test_the_charts_day_and_month_names_speak_russian(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtGui import QFontMetrics

    from censorwatch.diagnosis import wording
    from censorwatch.resources import resources_dir
    from censorwatch.ui.chart import LocalDateAxis

    axis = LocalDateAxis()
    monday = dt.datetime(2026, 11, 30, 12, 0).timestamp()
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "censorwatch_ru.qm"))
    QCoreApplication.installTranslator(translator)
    wording.set_translator(QCoreApplication.translate)
    try:
        axis.fontMetrics = QFontMetrics(qapp.font())  # set when first drawn, normally
        axis.setZoomLevelForDensity(120)  # hours and days: "Mon 30"
        shown = axis.tickStrings([monday], 1, 86400)
    finally:
        QCoreApplication.removeTranslator(translator)
        wording.reset_translator()
    assert shown == ["пн 30"]
