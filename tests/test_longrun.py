"""What keeps the window alive for weeks: a sound Qt binding (and a detector that catches an
unsound one), background work that leaves nothing behind and never fails silently, shared-log
windows that clean up after themselves, scratch folders of crashed runs removed, and a
scheduler that survives a failing round and sleeps until work is due."""

from __future__ import annotations

import asyncio
import ctypes
import random
import subprocess
import sys

import pytest
from shiboken6 import Shiboken

from censorwatch import applog, catalog, scratch
from censorwatch.engine import Engine
from censorwatch.engine.scheduler import MAX_NAP, Scheduler
from censorwatch.export import export
from censorwatch.store import Store
from censorwatch.ui import background, binding
from censorwatch.ui.status_style import status_icon
from censorwatch.vocabulary import STATUSES


def qt_objects() -> int:
    """Live Qt objects wrapped in Python, except pyqtgraph's Points: it keeps pairs of them in
    a global LRU of 100 entries keyed on view transforms (GraphicsItem._pixelVectorGlobalCache),
    which fills as views move: bounded, and not ours."""
    return sum(1 for w in Shiboken.getAllValidWrappers() if type(w).__name__ != "Point")


def test_the_installed_binding_is_sound(qapp):
    assert binding.problem() is None


def test_the_detector_catches_a_call_that_drops_references():
    dropped = []

    def leaky() -> None:
        # What PySide6 6.12.0 does on Python 3.11: give back None and True without a
        # reference of their own.
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(True))
        dropped.append(1)

    try:
        found = binding.drops_references(leaky)
    finally:
        for _ in dropped:  # give the references back
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    expected = [] if sys.version_info >= (3, 12) else ["None", "True"]  # immortal on 3.12+
    assert found == expected
    assert binding.drops_references(lambda: None) == []


def test_background_jobs_leave_no_qt_objects_behind(qtbot):
    results: list[int] = []
    background.run_in_pool(lambda: 0, results.append)  # the dispatcher exists from now on
    qtbot.waitUntil(lambda: results == [0])
    before = qt_objects()
    for i in range(40):
        background.run_in_pool(lambda i=i: i, results.append)
    qtbot.waitUntil(lambda: len(results) == 41 and background.pending() == 0, timeout=10_000)
    assert sorted(results[1:]) == list(range(40))
    assert qt_objects() <= before


def test_a_failing_job_without_a_handler_reaches_the_reporter_and_the_log(qtbot, tmp_path):
    log_file = applog.start(tmp_path)
    told: list[str] = []
    applog.add_reporter(told.append)
    try:
        background.run_in_pool(lambda: 1 / 0, lambda _r: None, what="counting sheep")
        qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    finally:
        applog.remove_reporter(told.append)
        applog.stop()
    assert told == ["counting sheep failed: ZeroDivisionError: division by zero"]
    text = log_file.read_text(encoding="utf-8")
    assert "counting sheep failed" in text and "Traceback" in text and "1 / 0" in text


def test_a_failing_job_with_a_handler_goes_to_the_handler_only(qtbot):
    told, failed = [], []
    applog.add_reporter(told.append)
    try:
        background.run_in_pool(lambda: {}["x"], lambda _r: None, failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    finally:
        applog.remove_reporter(told.append)
    assert failed == ["KeyError: 'x'"] and told == []


def test_shared_log_windows_leave_nothing_behind(qtbot, window, tmp_path):
    win, _bridge = window
    log = tmp_path / "shared.jsonl"
    with Store(tmp_path / "history", read_only=True) as store:
        assert export(store, "jsonl", log, redact=False) > 0

    def open_and_close() -> None:
        win.open_shared(log)
        qtbot.waitUntil(lambda: len(win.shared_windows) == 1, timeout=20_000)
        shared = win.shared_windows[0]
        qtbot.waitUntil(lambda: shared.chart.data is not None, timeout=10_000)
        shared.close()
        assert win.shared_windows == []
        qtbot.waitUntil(lambda: background.pending() == 0)

    open_and_close()  # pyqtgraph and the dispatcher make their one-off objects
    # The status icons are made once per status and size, when first shown (a round of the
    # main window may show a new one meanwhile): all of them now, so none is counted later.
    for status in (*STATUSES, None):
        for size in (16, 20, 32):
            status_icon(status, size)
    qtbot.wait(50)
    before = qt_objects()
    for _ in range(3):
        open_and_close()
    qtbot.wait(50)  # the closed windows' deleteLater
    import gc

    gc.collect()
    assert qt_objects() <= before  # objects of earlier tests may be freed meanwhile
    assert [p for p in scratch.root().glob("shared-*")] == []  # their histories are gone


def test_scratch_folders_of_gone_processes_are_removed_at_start():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    mine = scratch.make("shared")
    left = scratch.root() / f"demo-{gone.pid}-abc"
    left.mkdir(parents=True)
    (left / "history.sqlite3").write_bytes(b"x")
    removed = scratch.remove_leftovers()
    assert left in removed and not left.exists()
    assert mine.exists()  # this process is alive: its folder stays until it ends
    scratch.remove_mine()
    assert not mine.exists()


class FailingOnce(Engine):
    """An engine with a bug in its first round (the scheduler must go on)."""

    def __init__(self, cat):
        super().__init__(cat)
        self.calls = 0

    async def run_round(self, services=None, on_probe=None):
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("a bug in a round")
        return await super().run_round(services, on_probe)


def test_a_failing_round_is_reported_and_the_next_one_runs(lab):
    cat = catalog.load(lab.config_path).select(["open-site"])
    cat.settings.interval = 60
    failures, rounds = [], []
    sched = Scheduler(
        FailingOnce(cat),
        on_round_end=rounds.append,
        on_failure=failures.append,
        rng=random.Random(1),
    )

    async def go():
        task = asyncio.ensure_future(sched.run_forever())
        while not failures:
            await asyncio.sleep(0.05)
        assert not sched.running and sched.next_due["open-site"] > 0
        sched.check_now()
        while not rounds:
            await asyncio.sleep(0.05)
        task.cancel()

    asyncio.run(asyncio.wait_for(go(), 60))
    assert [str(e) for e in failures] == ["a bug in a round"]
    assert rounds[0].services[0].verdict.status == "ok"


def test_the_scheduler_sleeps_until_work_is_due(lab):
    cat = catalog.load(lab.config_path).select(["open-site"])
    now = [1_000_000.0]
    sched = Scheduler(Engine(cat), clock=lambda: now[0], monotonic=lambda: now[0])
    sched.next_due["open-site"] = now[0] + 12.5
    assert sched.nap() == pytest.approx(12.5)
    sched.next_due["open-site"] = now[0] + 3600
    assert sched.nap() == MAX_NAP  # a resume from sleep is noticed within MAX_NAP
    sched.set_paused(True)
    assert sched.nap() == MAX_NAP


def test_redrawing_the_chart_with_more_changes_adds_no_qt_objects(qtbot, tmp_path):
    from censorwatch.store import Bucket
    from censorwatch.ui.chart import HistoryChart

    chart = HistoryChart(None)
    qtbot.addWidget(chart)
    chart.show()

    def data(changes: int) -> dict:
        start = 1_700_000_000.0
        buckets = [
            Bucket(start + i * 60, start + (i + 1) * 60, {"ok": 1} if i % 7 else {"blocked": 1})
            for i in range(240)
        ]
        for b in buckets:
            b.lat_min_ms, b.lat_median_ms, b.lat_max_ms = 5.0, 10.0, 20.0
        moments = [
            {
                "time": f"2023-11-14T22:{13 + i // 60 % 40:02d}:{i % 60:02d}Z",
                "status": "blocked" if i % 2 else "ok",
                "technique": None,
            }
            for i in range(changes)
        ]
        return {"start": start, "end": start + 240 * 60, "buckets": buckets, "changes": moments}

    for n in (2, 20):  # painted once with data: each item makes its caches
        with qtbot.waitSignal(chart.loaded):
            chart.draw(data(n))
        qtbot.wait(20)
    before = qt_objects()
    for n in (200, 2000, 3):
        with qtbot.waitSignal(chart.loaded):
            chart.draw(data(n))
        qtbot.wait(20)
    assert qt_objects() <= before + 4  # pyqtgraph's bounded pixel-vector cache may take a pair
    assert "blocked" in chart.describe(1_700_000_000.0 + 30)
