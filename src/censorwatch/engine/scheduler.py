"""When to check what: per-service intervals with jitter, no overlapping rounds, "check now",
pause, and recovery after sleep; intervals on a steady clock, so a clock set forward or back
changes nothing but the times shown. asyncio, no Qt."""

from __future__ import annotations

import asyncio
import inspect
import random
import time
from collections.abc import Awaitable, Callable

from ..catalog import Catalog, Service
from .clocks import boottime
from .results import ProbeResult, RoundResult
from .rounds import Engine

MAX_NAP = 30.0  # the longest sleep between looks at the clock: a resume is noticed within it
JUMP = 60.0  # a step of one clock this much larger than another's: a sleep, or a clock set


class Scheduler:
    """Runs rounds of due services, one round at a time.

    Callbacks run in the scheduler's thread: `on_round_start(services)`, `on_probe(result)`,
    `on_round_end(round)`, `on_event(text)` (resumes, clock jumps, skipped rounds),
    `on_failure(exc)` (a round that raised: the services wait for their next turn, the
    scheduler goes on).

    Between rounds it sleeps until the next service is due (at most MAX_NAP), so an idle
    monitor wakes the machine twice a minute, not every second.
    """

    def __init__(
        self,
        engine: Engine,
        on_round_start: Callable[[list[Service]], None] = lambda services: None,
        on_probe: Callable[[ProbeResult], None] = lambda result: None,
        on_round_end: Callable[[RoundResult], Awaitable[None] | None] = lambda rnd: None,
        on_event: Callable[[str], None] = lambda text: None,
        on_failure: Callable[[BaseException], None] = lambda exc: None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        steady: Callable[[], float] | None = None,
    ):
        """`clock`: the wall clock (for the times shown); `steady`: the clock the intervals
        are kept on (boottime(); `monotonic` when only that is given, as tests do), whose
        lead over `monotonic` is time spent asleep."""
        self.engine = engine
        self.on_round_start, self.on_probe = on_round_start, on_probe
        self.on_round_end, self.on_event = on_round_end, on_event
        self.on_failure = on_failure
        self.clock, self.monotonic = clock, monotonic
        if steady is None:
            steady = boottime if monotonic is time.monotonic else monotonic
        self.steady = steady
        self.rng = rng or random.Random()
        self.paused = False
        self.running = False  # a round is measured
        self.busy = False  # a round is measured or being handed on (stored)
        self.closed = False
        self.next_due: dict[str, float] = {}
        self._asked: set[str] = set()  # "check now" requests
        self._wake = asyncio.Event()
        self._last_wall, self._last_mono, self._last_steady = clock(), monotonic(), steady()
        now = steady()
        for s in engine.catalog.services:  # the first round runs at start
            self.next_due[s.id] = now  # on the steady clock

    @property
    def catalog(self) -> Catalog:
        return self.engine.catalog

    def interval(self, service: Service) -> float:
        """The service's interval, stretched while the daily data limit holds back."""
        return float(service.interval or self.catalog.settings.interval) * self.engine.stretch

    def _schedule(self, service: Service, now: float, spread: float) -> None:
        """Next due: the interval stretched by this round's spread (one draw per round, so
        services that ran together stay together: a round judges the network from all of
        them, white-list references included, and does not splinter into many small ones)."""
        self.next_due[service.id] = now + self.interval(service) * (1 + spread)

    def check_now(self, service_ids: list[str] | None = None) -> None:
        """Run these services (all when None) as soon as no round is running."""
        ids = service_ids or [s.id for s in self.catalog.services]
        self._asked.update(ids)
        self._wake.set()

    def close(self) -> None:
        """Start no new round (a stop waits for the one in flight)."""
        self.closed = True
        self._wake.set()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._wake.set()

    def replace_catalog(self, catalog: Catalog) -> None:
        """New services are due at once; removed ones are forgotten."""
        self.engine.catalog = catalog
        now = self.steady()
        ids = {s.id for s in catalog.services}
        self.next_due = {k: v for k, v in self.next_due.items() if k in ids}
        for s in catalog.services:
            self.next_due.setdefault(s.id, now)
        self._wake.set()

    def next_round_at(self) -> float | None:
        """When the next round is due, on the wall clock (to be shown)."""
        nxt = min(self.next_due.values(), default=None)
        return None if nxt is None else self.clock() + (nxt - self.steady())

    def _notice_jumps(self) -> None:
        """Say what the clocks did since the last look: a sleep (the steady clock ran on
        while the monotonic one stood: whatever fell due meanwhile is due now), or the
        wall clock set (nothing changes but the times shown)."""
        wall, mono, steady = self.clock(), self.monotonic(), self.steady()
        d_wall, d_mono = wall - self._last_wall, mono - self._last_mono
        d_steady = steady - self._last_steady
        self._last_wall, self._last_mono, self._last_steady = wall, mono, steady
        if d_steady - d_mono > JUMP:
            self.on_event(f"resumed after about {int((d_steady - d_mono) // 60)} min of sleep")
        if abs(d_wall - d_steady) > JUMP:
            way = "forward" if d_wall > d_steady else "back"
            minutes = int(abs(d_wall - d_steady) // 60)
            self.on_event(
                f"the clock was set {way} by about {minutes} min; the schedule is unchanged"
            )

    def due(self) -> list[Service]:
        """Services due now, and those due within the jitter's reach of now (they join this
        round rather than start another a few seconds later)."""
        now = self.steady()
        asked = self._asked
        soon = now + self.catalog.settings.jitter * min(
            (self.interval(s) for s in self.catalog.services), default=0.0
        )
        due = [
            s
            for s in self.catalog.services
            if s.id in asked or (not self.paused and self.next_due.get(s.id, now) <= now)
        ]
        if not due or self.paused:
            return due
        chosen = {s.id for s in due}
        return [
            s
            for s in self.catalog.services
            if s.id in chosen or self.next_due.get(s.id, now) <= soon
        ]

    async def run_once(self) -> RoundResult | None:
        """One look at the clock: run a round of the due services, if any."""
        if self.running or self.closed:
            return None  # never two rounds at once, none after close()
        self._notice_jumps()
        services = self.due()
        if not services:
            return None
        self._asked.difference_update(s.id for s in services)
        self.running = self.busy = True
        try:
            try:
                self.on_round_start(services)
                rnd = await self.engine.run_round(services, on_probe=self.on_probe)
            finally:
                # Also after a failed round: its services wait for their next turn.
                self.running = False
                now = self.steady()
                jitter = self.catalog.settings.jitter
                spread = self.rng.uniform(-jitter, jitter)
                for s in services:
                    self._schedule(s, now, spread)
            stored = self.on_round_end(rnd)  # may be a coroutine: storing it, off the loop
            if inspect.isawaitable(stored):
                await stored
        finally:
            self.busy = False
        return rnd

    def nap(self) -> float:
        """Seconds until the next look at the clock."""
        if not self.next_due or self.paused:
            return MAX_NAP
        return min(MAX_NAP, max(0.05, min(self.next_due.values()) - self.steady()))

    async def run_forever(self) -> None:
        """Until cancelled or closed (a cancellation that meets a wake-up can be lost in
        asyncio.wait_for; close() ends the loop all the same)."""
        while not self.closed:
            # Cleared before the round: a "check now" during it wakes the loop at once.
            self._wake.clear()
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - reported; the monitor keeps watching
                self.on_failure(exc)
            if self.closed:
                break
            try:
                await asyncio.wait_for(self._wake.wait(), self.nap())
            except TimeoutError:
                pass
