"""The data budget with real lab rounds: speed comparisons run on their own interval, never
on a metered connection unless allowed, stop when the day's budget is spent, and between
comparisons the last one stands (marked with its time). Bytes are counted per round."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from censorwatch import catalog
from censorwatch.engine import Engine
from censorwatch.engine.budget import DUE, MAX_STRETCH, METERED, NOT_DUE, OVER_BUDGET, Budget

SPEED = ("video-fast", "video-throttled")


def engine(lab, *, metered=False, **settings) -> Engine:
    cat = catalog.load(lab.config_path).select(list(SPEED))
    for key, value in settings.items():
        setattr(cat.settings, key, value)
    return Engine(cat, metered=lambda: metered)


def transfers(rnd) -> dict[str, object]:
    return {
        s.service.id: p.record.transfer
        for s in rnd.services
        for p in s.probes
        if p.spec.kind == "throughput"
    }


def statuses(rnd) -> dict[str, tuple[str, str | None]]:
    return {s.service.id: (s.verdict.status, s.verdict.technique) for s in rnd.services}


def test_comparisons_run_on_their_own_interval_and_the_last_one_stands(lab):
    e = engine(lab)
    first = asyncio.run(e.run_round())
    assert first.speed == DUE
    t = transfers(first)["video-throttled"]
    assert t.pairs >= 1 and t.decoy_kbps and t.real_kbps
    assert statuses(first)["video-throttled"] == ("degraded", "throttling")
    assert first.bytes_received > 1_000_000  # the comparison downloads megabytes

    second = asyncio.run(e.run_round())
    assert second.speed == NOT_DUE
    # Only a reachability check was made: a small fraction of the comparison's bytes...
    assert second.bytes_received * 5 < first.bytes_received
    # ...and the last comparison stands, with the time it was made.
    carried = transfers(second)["video-throttled"]
    assert carried.measured_at == pytest.approx(first.started_at, abs=1)
    assert statuses(second)["video-throttled"] == ("degraded", "throttling")
    assert statuses(second)["video-fast"][0] == "ok"
    assert e.budget.spent_today() == first.bytes_sent + first.bytes_received + (
        second.bytes_sent + second.bytes_received
    )
    assert second.today_bytes == e.budget.spent_today()


def test_a_metered_connection_gets_no_comparison_unless_allowed(lab):
    e = engine(lab, metered=True)
    rnd = asyncio.run(e.run_round())
    assert rnd.speed == METERED
    assert all(t is None or not t.pairs for t in transfers(rnd).values())
    # Without a comparison nothing is called throttled.
    assert statuses(rnd)["video-throttled"][0] != "degraded"
    assert rnd.bytes_received < 1_000_000

    allowed = asyncio.run(engine(lab, metered=True, allow_metered=True).run_round())
    assert allowed.speed == DUE
    assert statuses(allowed)["video-throttled"] == ("degraded", "throttling")


def test_a_spent_budget_pauses_comparisons_until_tomorrow(lab):
    e = engine(lab, daily_budget_mb=1)
    e.budget.seed(2_000_000)  # the history says 2 MB went today already
    rnd = asyncio.run(e.run_round())
    assert rnd.speed == OVER_BUDGET
    assert all(t is None or not t.pairs for t in transfers(rnd).values())


def test_the_budget_starts_again_each_day():
    settings = catalog.Settings(daily_budget_mb=1)
    steady = [1000.0]
    b = Budget(settings, metered=lambda: False, steady=lambda: steady[0])
    evening = dt.datetime(2026, 3, 1, 23, 50).timestamp()
    b.charge(3_000_000, evening)
    assert b.decide(evening) == OVER_BUDGET
    morning = evening + 3600
    steady[0] += 3600
    assert b.spent_today(morning) == 0
    assert b.decide(morning) == DUE
    b.compared()
    steady[0] += 60
    assert b.decide(morning + 60) == NOT_DUE
    # The interval is kept on the steady clock: the wall clock set a day forward does not
    # hurry the next comparison, nor set back a day pause it.
    assert b.decide(morning + 86400) == NOT_DUE
    steady[0] += settings.throughput_interval
    assert b.decide(morning - 86400) == DUE
    settings.daily_budget_mb = 0  # 0: no budget
    b.charge(10**12, morning)
    assert b.decide(morning + settings.throughput_interval) == DUE


def test_the_limit_covers_the_checks_comparisons_pause_first_then_intervals_stretch():
    settings = catalog.Settings(daily_budget_mb=10)
    b = Budget(settings, metered=lambda: False, steady=lambda: 1e6)
    noon = dt.datetime(2026, 3, 2, 12, 0).timestamp()
    # Checks that cost 8 MB a day: 4 MB for the rest of the day.
    b.daily_checks = 8_000_000
    b.charge(3_000_000, noon)
    assert b.checks_rest(noon) == pytest.approx(4_000_000, rel=0.01)
    assert b.decide(noon) == DUE and b.stretch(noon) == 1.0
    # 3 MB more today: 4 MB left, exactly what the checks need until midnight, so
    # comparisons pause first...
    b.charge(3_000_000, noon)
    assert b.decide(noon) == OVER_BUDGET
    # ...while the intervals do not stretch yet: the checks still fit.
    assert b.stretch(noon) == 1.0
    b.charge(2_000_000, noon)  # 8 MB spent: 2 MB left for 4 MB of checks
    assert b.stretch(noon) == pytest.approx(2.0, rel=0.01)
    b.charge(5_000_000, noon)  # over the limit: as long as it gets, not blind
    assert b.stretch(noon) == MAX_STRETCH
    # A new day: not holding back.
    assert b.stretch(noon + 86400) == 1.0
    settings.daily_budget_mb = 0
    assert b.stretch(noon) == 1.0


def test_a_round_over_the_limit_stretches_the_schedule_and_says_so(lab):
    from censorwatch.engine.reports import round_json
    from censorwatch.engine.scheduler import Scheduler

    e = engine(lab, daily_budget_mb=1, metered=True)
    e.budget.seed(900_000)  # most of today's megabyte is gone
    # The checks would need far more than is left at any hour, even a minute before
    # midnight (their need is counted until midnight: a smaller one made this test pass or
    # fail by the time of day).
    e.budget.daily_checks = 10**12
    sched = Scheduler(e)
    services = list(e.catalog.services)
    before = sched.interval(services[0])
    rnd = asyncio.run(sched.run_once())
    assert rnd is not None and rnd.stretch == MAX_STRETCH
    assert sched.interval(services[0]) == pytest.approx(before * rnd.stretch)
    assert min(sched.next_due.values()) - sched.steady() > before * 1.5
    doc = round_json(rnd)["data_limit"]
    assert doc["limit_bytes"] == 1_000_000 and doc["interval_stretch"] > 1.0
    assert doc["today_bytes"] == rnd.today_bytes > 900_000
