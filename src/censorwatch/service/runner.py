"""One runner of the engine, for the window and for `watch`: the engine, its scheduler, the
history it carries on from and writes to, and the Prometheus metrics, in one asyncio loop.

- Commands (`check_now`, `set_paused`, `replace_catalog`, `stop`) may come from any thread
  at any time: before the loop runs they wait in a queue and run when it starts, never
  dropped.
- The history is read (the last states, the day's traffic) and written off the loop
  (`asyncio.to_thread`), so a slow disk never holds a round, and the window's thread never
  waits on either.
- What the callbacks receive is a snapshot: a copy the engine never touches again (the
  engine judges a round's probes again at its end and carries speeds over; a window that
  kept the engine's own objects would see them change under it).
- `stop()` lets the round in flight finish and be stored, waiting up to `grace` seconds;
  then, or at once with `stop(hurry=True)`, the round ends with what it has measured and is
  stored as partial (`round_partial`), so Quit never loses what was measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..applog import log
from ..catalog import Catalog, Service
from ..engine import Engine, ProbeResult, RoundResult
from ..engine.rounds import History
from ..engine.scheduler import Scheduler
from .metrics import Metrics
from .metrics_server import MetricsServer

GRACE = 20.0  # seconds a stop waits for the round in flight before ending it early
HURRY_WAIT = 15.0  # seconds an early end may take to judge and store what it has
SHOW_WAIT = 1.0  # seconds a round waits for its write before the window shows it anyway


def snapshot(item: Any, services: Iterable[Service]) -> Any:
    """A copy of a result that shares only the catalog's objects (never changed: a new
    catalog replaces them)."""
    memo: dict[int, Any] = {}
    for s in services:
        memo[id(s)] = s
        for p in s.probes:
            memo[id(p)] = p
    return copy.deepcopy(item, memo)


class Runner:
    """Callbacks run in the runner's thread: `on_round_start(services)`, `on_probe(result)`,
    `on_round(round)` when a round is judged, `on_stored(round)` once the history has it,
    `on_event(text)` (resumes, clock jumps, history trouble), `on_failure(exc)`.

    `history()` opens the history for reading (a context manager giving a store), or is
    None; `store(round)` writes a round (called in a worker thread), or is None."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        history: Callable[[], contextlib.AbstractContextManager[History]] | None = None,
        store: Callable[[RoundResult], None] | None = None,
        on_round_start: Callable[[list[Service]], None] = lambda services: None,
        on_probe: Callable[[ProbeResult], None] = lambda result: None,
        on_round: Callable[[RoundResult], None] = lambda rnd: None,
        on_stored: Callable[[RoundResult], None] = lambda rnd: None,
        on_event: Callable[[str], None] = lambda text: None,
        on_failure: Callable[[BaseException], None] = lambda exc: None,
        metrics: tuple[str, int] | None = None,
        metered: Callable[[], bool | None] | None = None,
        grace: float = GRACE,
        data_dir: Path | None = None,
    ) -> None:
        self.engine = Engine(catalog, metered=metered, data_dir=data_dir)
        self.history, self.store = history, store
        self.on_probe_snapshot, self.on_round, self.on_stored = on_probe, on_round, on_stored
        self.on_event, self.on_failure = on_event, on_failure
        self.grace = grace
        self.scheduler = Scheduler(
            self.engine,
            on_round_start=on_round_start,
            on_probe=self._probe,
            on_round_end=self._round_end,
            on_event=on_event,
            on_failure=self._failed,
        )
        self.metrics = Metrics(catalog.settings.labels) if metrics else None
        self.metrics_address = metrics
        self.metrics_server: MetricsServer | None = None
        self.rounds = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queued: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._lock = threading.Lock()
        self._stop: asyncio.Event | None = None
        self._hurry = False

    # --- commands, from any thread -------------------------------------------------------------

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` in the runner's loop: now if it runs, else as soon as it starts."""
        with self._lock:
            loop = self._loop
            if loop is None:
                self._queued.append((fn, args))
                return
        with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to do
            loop.call_soon_threadsafe(fn, *args)

    def check_now(self, service_ids: list[str] | None = None) -> None:
        self.call(self.scheduler.check_now, service_ids)

    def set_paused(self, paused: bool) -> None:
        self.call(self.scheduler.set_paused, paused)

    def replace_catalog(self, catalog: Catalog) -> None:
        self.call(self._replace_catalog, catalog)

    def stop(self, hurry: bool = False) -> None:
        """Stop after the round in flight is stored (`hurry`: end it now, store it as
        partial)."""
        self.call(self._stop_now, hurry)

    def next_round_at(self) -> float | None:
        return self.scheduler.next_round_at()

    # --- in the loop ---------------------------------------------------------------------------

    def _replace_catalog(self, catalog: Catalog) -> None:
        self.scheduler.replace_catalog(catalog)
        if self.metrics is not None:
            self.metrics.set_labels(catalog.settings.labels)
            self.metrics.forget(s.id for s in catalog.services)

    def _stop_now(self, hurry: bool) -> None:
        self._hurry = self._hurry or hurry
        if self._stop is not None:
            self._stop.set()

    def _probe(self, result: ProbeResult) -> None:
        self.on_probe_snapshot(snapshot(result, [result.service]))

    async def _round_end(self, rnd: RoundResult) -> None:
        snap = snapshot(rnd, (s.service for s in rnd.services))
        self.rounds += 1
        while self.engine.events:  # e.g. the provider table could not be downloaded
            self.on_event(self.engine.events.pop(0))
        if self.metrics is not None:
            self.metrics.round_finished(snap)
        # Stored first, then shown: the window's painting of the round does not share the
        # interpreter with the conversion and the write of it (a stall of the window twice as
        # long when they overlapped). A history that keeps the write waiting (another program
        # holds it) does not hold the round back from the window for more than SHOW_WAIT.
        if self.store is None:
            self.on_round(snap)
        else:
            storing = asyncio.ensure_future(asyncio.to_thread(self.store, snap))
            try:
                await asyncio.wait_for(asyncio.shield(storing), SHOW_WAIT)
            except TimeoutError:
                pass
            self.on_round(snap)
            await storing
        self.on_stored(snap)

    def _failed(self, exc: BaseException) -> None:
        if self.metrics is not None:
            self.metrics.round_failed()
        self.on_failure(exc)

    def _resume(self) -> None:
        """Carry on from the history (in a worker thread): a failure it already knows needs
        no confirmation retry, the day's traffic counts, the metrics start from it."""
        if self.history is None:
            return
        try:
            with self.history() as reader:
                self.engine.resume(reader)
                midnight = dt.datetime.combine(dt.date.today(), dt.time()).timestamp()
                traffic = getattr(reader, "traffic", None)
                if traffic is not None:
                    sent, received, _ = traffic(midnight)
                    self.engine.budget.seed(sent + received)
                if self.metrics is not None:
                    self.metrics.seed(reader.latest())
        except Exception as exc:  # noqa: BLE001 - the first round confirms anyway
            self.on_event(f"history: cannot read the last states: {exc}")

    def serve_metrics(self) -> MetricsServer | None:
        """Start serving the metrics, if asked for (once); OSError when the address cannot
        be had. `run` starts them too, and reports such an error as an event."""
        if self.metrics_server is None and self.metrics is not None and self.metrics_address:
            host, port = self.metrics_address
            self.metrics_server = MetricsServer(self.metrics, host, port)
        return self.metrics_server

    async def run(self) -> None:
        """Until `stop()`: the history read, then rounds as the scheduler says."""
        self._stop = asyncio.Event()
        with self._lock:
            self._loop = asyncio.get_running_loop()
            queued, self._queued = self._queued, []
        try:
            self.serve_metrics()
        except OSError as exc:
            host, port = self.metrics_address or ("", 0)
            self.metrics = None
            self.on_event(f"metrics: cannot serve on {host}:{port}: {exc}")
        await asyncio.to_thread(self._resume)
        for fn, args in queued:  # commands sent before the loop ran, in their order
            fn(*args)
        task = asyncio.ensure_future(self.scheduler.run_forever())
        try:
            await self._stop.wait()
            self.scheduler.close()  # no new round
            if self.scheduler.busy:
                self.on_event("stopping after the round in flight is stored")
                if self._hurry or not await self._idle(self.grace):
                    self.on_event("the round in flight is ended now and stored as partial")
                    if not await self._idle(HURRY_WAIT, hurry=True):
                        log.warning("the round in flight did not end in time; it is not stored")
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if self.metrics_server is not None:
                self.metrics_server.close()
                self.metrics_server = None
            with self._lock:
                self._loop = None

    async def _idle(self, timeout: float, hurry: bool = False) -> bool:
        """Wait until no round is measured or stored; False after `timeout` seconds.
        `hurry`: end the round in flight early (asked again each time: a round that was
        only starting when first asked is ended too)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.scheduler.busy:
            if hurry:
                self.engine.finish_early()
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True
