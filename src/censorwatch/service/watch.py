"""`censorwatch watch`: the window's scheduler and engine without a window. Rounds at the
catalog's intervals (jitter, sleep and clock-jump recovery, confirmation retries), each round
stored in the history, each change of state logged as one line (journald reads the
priority from a `<N>` prefix when it runs us), Prometheus metrics when asked.

Signals: SIGTERM and SIGINT stop after the round in flight is stored (a second one ends it
at once and stores what it measured, as a partial round); SIGHUP reads the config again, and a broken one is reported (file, line, key) while
the previous one keeps running.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from .. import applog
from ..catalog import Catalog, ConfigError
from ..diagnosis.wording import status_word, technique_short
from ..engine import RoundResult, ServiceResult, round_measurements
from .instance import InstanceLock
from .runner import Runner

PRUNE_EVERY = 3600.0  # seconds between retention passes over the history
# sd-daemon(3) priorities, read by journald from the start of each line.
ERR, WARNING, NOTICE, INFO = 3, 4, 5, 6


class Log:
    """One line per event on stderr: with a `<N>` priority for journald when it reads us,
    else with the local time; and in the program's own log file."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stderr
        self.journal = bool(os.environ.get("JOURNAL_STREAM"))

    def __call__(self, priority: int, text: str) -> None:
        text = " ".join(text.split())  # one line, whatever a config or a server said
        if self.journal:
            line = f"<{priority}>{text}"
        else:
            line = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M:%S} {text}"
        try:
            print(line, file=self.out, flush=True)
        except (OSError, ValueError):
            pass  # stderr closed: the log file still has it
        level = {ERR: 40, WARNING: 30}.get(priority, 20)
        applog.log.log(level, text)


class Watch:
    def __init__(
        self,
        catalog: Catalog,
        store: Any,
        reload: Callable[[], Catalog],
        *,
        metrics: tuple[str, int] | None = None,
        lock: InstanceLock | None = None,
        log: Log | None = None,
    ) -> None:
        self.store, self.reload_config, self.lock = store, reload, lock
        self.log = log or Log()
        # The same runner as the window's: history read and written off the loop, the
        # round in flight stored on a stop, a partial round on a second one.
        self.runner = Runner(
            catalog,
            history=lambda: contextlib.nullcontext(store),
            store=self._store_round,
            on_round=self._round_end,
            on_event=lambda text: self.log(NOTICE, text),
            on_failure=self._round_failed,
            metrics=metrics,
            data_dir=getattr(store, "folder", None),
        )
        self.engine, self.scheduler = self.runner.engine, self.runner.scheduler
        self.metrics = self.runner.metrics
        self.states: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.network = ""
        self.rounds = 0
        self.last_prune = time.monotonic()
        self._stopping = False
        self._seed()

    def _seed(self) -> None:
        """The states the history holds: a change is logged against them, not against a
        blank start (a restart does not log every service as new)."""
        for service in self.store.latest():
            for c in service.get("capabilities", []):
                self.states[(service["service"], c["name"])] = (c["status"], c.get("technique"))

    # --- what a round found ----------------------------------------------------------------

    def _store_round(self, rnd: RoundResult) -> None:
        """In a worker thread (the runner's): the round into the history."""
        self.store.write(round_measurements(rnd))
        self.store.set_traffic(rnd.id, rnd.bytes_sent, rnd.bytes_received)
        if time.monotonic() - self.last_prune > PRUNE_EVERY:
            self.store.prune()
            self.last_prune = time.monotonic()

    def _round_end(self, rnd: RoundResult) -> None:
        self.rounds += 1
        if rnd.network_state != self.network:
            if self.network or rnd.network_state != "online":
                self.log(
                    NOTICE,
                    f"network: {self.network or '—'} → {rnd.network_state}: "
                    f"{rnd.network_explanation}",
                )
            self.network = rnd.network_state
        for s in rnd.services:
            for c in s.capabilities:
                if c.name in s.service.not_measured:
                    continue  # said once in the catalog, never a change of the network
                key = (s.service.id, c.name)
                new = (c.verdict.status, c.verdict.technique)
                old = self.states.get(key)
                self.states[key] = new
                # A change, or a first look that finds something wrong (a first "works"
                # is no news: the first round's summary counts it).
                if (old is None and new[0] != "ok") or (old is not None and old[0] != new[0]):
                    self._changed(s, c.name, old, new, c.verdict.explanation)
        if self.rounds == 1:
            counts: dict[str, int] = {}
            for s in rnd.services:
                counts[s.verdict.status] = counts.get(s.verdict.status, 0) + 1
            summary = ", ".join(f"{n} {status_word(k)}" for k, n in sorted(counts.items()))
            self.log(
                INFO,
                f"first round: {len(rnd.services)} services ({summary}); "
                f"network {rnd.network_state}",
            )

    def _changed(
        self,
        s: ServiceResult,
        capability: str,
        old: tuple[str, str | None] | None,
        new: tuple[str, str | None],
        explanation: str,
    ) -> None:
        status, technique = new
        how = technique_short(technique)
        before = status_word(old[0]) if old else "new"
        priority = WARNING if status in ("blocked", "degraded") else NOTICE
        self.log(
            priority,
            f"{s.service.name} ({s.service.id}) {capability}: {before} → "
            f"{status_word(status)}{f' ({how})' if how else ''}: {explanation}",
        )

    def _round_failed(self, exc: BaseException) -> None:
        applog.report_error(f"a round of checks failed: {type(exc).__name__}: {exc}", exc)
        self.log(ERR, f"a round of checks failed: {type(exc).__name__}: {exc}")

    # --- signals -----------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            catalog = self.reload_config()
        except ConfigError as exc:
            self.log(ERR, f"config not reloaded, the previous one keeps running: {exc}")
            return
        except OSError as exc:
            self.log(ERR, f"config not reloaded, the previous one keeps running: {exc}")
            return
        self.runner.replace_catalog(catalog)
        ids = {s.id for s in catalog.services}
        self.states = {k: v for k, v in self.states.items() if k[0] in ids}
        self.log(NOTICE, f"config reloaded: {len(catalog.services)} services")

    def stop(self) -> None:
        if self._stopping:
            self.log(
                WARNING, "stopping now; what the round in flight measured is stored as partial"
            )
            self.runner.stop(hurry=True)
            return
        self._stopping = True
        self.runner.stop()

    # --- running -------------------------------------------------------------------------------

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig, handler in (
            (signal.SIGTERM, self.stop),
            (signal.SIGINT, self.stop),
            (getattr(signal, "SIGHUP", None), self.reload),
        ):
            if sig is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, handler)
        if self.lock is not None and self.lock.sock is not None:
            loop.add_reader(self.lock.sock.fileno(), self._knocked)
        server = self.runner.serve_metrics()
        if server is not None:
            self.log(INFO, f"metrics on http://{server.address}/metrics")
        services = len(self.engine.catalog.services)
        self.log(INFO, f"watching {services} services; history in {self.store.folder}")
        try:
            await self.runner.run()
        finally:
            if self.lock is not None and self.lock.sock is not None:
                loop.remove_reader(self.lock.sock.fileno())
        self.log(INFO, f"stopped after {self.rounds} rounds")
        return 0

    def _knocked(self) -> None:
        if self.lock is not None and self.lock.answer_waiting():
            self.log(NOTICE, "another censorwatch tried to open this history; it was refused")
