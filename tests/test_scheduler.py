"""The scheduler with a fake clock: first round at start, intervals with jitter, check now,
pause, and recovery after sleep or a clock jump. Real lab rounds, no timing assertions."""

from __future__ import annotations

import asyncio
import random

from censorwatch import catalog
from censorwatch.engine import Engine
from censorwatch.engine.scheduler import Scheduler


class FakeClock:
    """The wall clock, the monotonic one (stands while asleep) and the steady one (counts a
    sleep, never set: CLOCK_BOOTTIME)."""

    def __init__(self):
        self.wall, self.mono, self.boot = 1_000_000.0, 50.0, 60.0

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        self.wall += seconds
        self.boot += seconds
        if not asleep:
            self.mono += seconds


def make(lab, clock, services=("open-site", "messenger-ok")):
    cat = catalog.load(lab.config_path).select(list(services))
    cat.settings.interval = 300
    cat.settings.jitter = 0.1
    cat.services[1].interval = 120
    events, rounds = [], []
    sched = Scheduler(
        Engine(cat),
        on_round_end=rounds.append,
        on_event=events.append,
        clock=lambda: clock.wall,
        monotonic=lambda: clock.mono,
        steady=lambda: clock.boot,
        rng=random.Random(1),
    )
    return sched, rounds, events


def ids(rnd):
    return sorted(s.service.id for s in rnd.services)


def test_first_round_then_per_service_intervals_with_jitter(lab):
    clock = FakeClock()
    sched, rounds, _ = make(lab, clock)

    async def go():
        first = await sched.run_once()
        assert ids(first) == ["messenger-ok", "open-site"]
        start = clock.boot
        due_open = sched.next_due["open-site"] - start
        due_msg = sched.next_due["messenger-ok"] - start
        assert 270 <= due_open <= 330 and 108 <= due_msg <= 132
        clock.advance(60)
        assert await sched.run_once() is None  # nothing due yet
        clock.advance(80)
        second = await sched.run_once()
        assert ids(second) == ["messenger-ok"]

    asyncio.run(go())
    assert len(rounds) == 2


def test_check_now_and_pause(lab):
    clock = FakeClock()
    sched, _, _ = make(lab, clock)

    async def go():
        await sched.run_once()
        sched.set_paused(True)
        clock.advance(1000)
        assert await sched.run_once() is None  # paused: nothing scheduled runs
        sched.check_now(["open-site"])  # but asking still works
        rnd = await sched.run_once()
        assert ids(rnd) == ["open-site"]
        sched.set_paused(False)
        rnd = await sched.run_once()
        assert ids(rnd) == ["messenger-ok"]  # overdue while paused

    asyncio.run(go())


def test_sleep_and_clock_jumps(lab):
    clock = FakeClock()
    sched, _, events = make(lab, clock)

    async def go():
        await sched.run_once()
        clock.advance(3600, asleep=True)  # the laptop slept an hour
        rnd = await sched.run_once()
        assert ids(rnd) == ["messenger-ok", "open-site"]
        assert any("resumed after about 60 min of sleep" in e for e in events)
        due = dict(sched.next_due)
        shown = sched.next_round_at()
        clock.wall -= 86400  # the clock went back a day
        assert await sched.run_once() is None  # nothing runs for it
        assert any("set back by about 1440 min" in e for e in events)
        assert sched.next_due == due  # the schedule is unchanged...
        assert sched.next_round_at() == shown - 86400  # ...only the time shown moves
        clock.wall += 2 * 86400  # and a day past the right time: nothing runs early either
        assert await sched.run_once() is None
        assert any("set forward by about 2880 min" in e for e in events)
        assert sched.next_due == due
        clock.advance(min(due.values()) - clock.boot)  # the interval passes: due as ever
        assert await sched.run_once() is not None

    asyncio.run(go())


def test_no_overlapping_rounds(lab):
    clock = FakeClock()
    sched, _, _ = make(lab, clock)
    seen = []
    sched.on_round_start = lambda services: seen.append(sched.running)

    async def go():
        await asyncio.gather(sched.run_once(), sched.run_once())

    asyncio.run(go())
    # The second look found the services already taken by the first round.
    assert seen == [True]


def test_services_that_ran_together_stay_together(lab):
    # One jitter draw per round: services with the same interval keep sharing rounds (a round
    # judges the network from all of them, the white-list references included), instead of
    # drifting into one small round each.
    clock = FakeClock()
    sched, rounds, _ = make(lab, clock, ("open-site", "messenger-ok", "domestic-gov", "sni-reset"))
    sched.catalog.services[1].interval = None  # all four on the same interval now

    async def go():
        for _ in range(8):
            clock.advance(max(0.0, min(sched.next_due.values()) - clock.boot))
            await sched.run_once()

    asyncio.run(go())
    assert [len(r.services) for r in rounds] == [4] * 8


def test_a_service_due_within_the_jitter_joins_the_round(lab):
    clock = FakeClock()
    sched, _rounds, _ = make(lab, clock)

    async def go():
        await sched.run_once()
        # The messenger (120 s) is due; open-site (300 s) only 8 s later: one round, not two.
        sched.next_due["messenger-ok"] = clock.boot + 100
        sched.next_due["open-site"] = clock.boot + 108
        clock.advance(100)
        rnd = await sched.run_once()
        assert ids(rnd) == ["messenger-ok", "open-site"]

    asyncio.run(go())
