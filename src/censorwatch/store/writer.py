"""The one writer of the history when the window runs: a thread with its own connection,
writing submitted rounds in batched transactions and pruning now and then."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..measurement import Measurement
from .codes import StoreError
from .history import Store
from .retention import Retention

PRUNE_EVERY = 3600.0  # seconds


class StoreWriter:
    """`submit()` from any thread; `flush()` waits until everything submitted is written.

    The history is opened in the writer's thread, never the caller's (a busy history waits
    there; a damaged one is moved aside there): `on_open(error, moved_aside)` says how it
    went, once, in the writer's thread; `wait_open()` waits for it. What is submitted
    meanwhile is written once it is open.

    Errors are reported through `on_error(message)` (called in the writer thread), never
    raised into the caller: a full disk must not stop the monitoring.
    """

    def __init__(
        self,
        folder: str | Path,
        retention: Retention | None = None,
        on_error: Callable[[str], None] | None = None,
        batch_limit: int = 20_000,
        on_open: Callable[[str | None, Path | None], None] | None = None,
    ):
        self._folder, self._retention = folder, retention
        self._on_error = on_error or (lambda message: None)
        self._on_open = on_open or (lambda error, moved_aside: None)
        self._batch_limit = batch_limit
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._opened = threading.Event()
        self.store_error: str | None = None
        self.moved_aside: Path | None = None
        self._thread = threading.Thread(target=self._run, name="censorwatch-store", daemon=True)
        self._thread.start()

    def wait_open(self, timeout: float | None = 60) -> bool:
        """Wait until the history is open or known not to open (never on the GUI thread)."""
        return self._opened.wait(timeout)

    def submit(
        self, measurements: list[Measurement], traffic: tuple[str, int, int] | None = None
    ) -> None:
        """Measurements to write; `traffic` is (round, bytes sent, bytes received) of a
        round measured here."""
        self._queue.put(("write", (measurements, traffic)))

    def prune(self) -> None:
        self._queue.put(("prune", None))

    def flush(self, timeout: float = 30) -> bool:
        done = threading.Event()
        self._queue.put(("flush", done))
        return done.wait(timeout)

    def close(self, timeout: float = 30) -> None:
        self._queue.put(("close", None))
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            store = Store(self._folder, self._retention)
        except StoreError as exc:
            self.store_error = str(exc)
            self._opened.set()
            self._on_open(self.store_error, None)
            self._drain_without_store()
            return
        self.moved_aside = store.moved_aside
        self._opened.set()
        self._on_open(None, self.moved_aside)
        # The first pruning a minute after start: enforce retention after a long pause,
        # without slowing the start.
        last_prune = time.monotonic() - PRUNE_EVERY + 60
        try:
            while True:
                op, arg = self._queue.get()
                pending: list[Measurement] = []
                traffic: list[tuple[str, int, int]] = []
                waiters = []
                while True:
                    if op == "write":
                        pending.extend(arg[0])
                        if arg[1] is not None:
                            traffic.append(arg[1])
                    elif op == "flush":
                        waiters.append(arg)
                    elif op == "prune":
                        last_prune = float("-inf")  # asked for: prune after this batch
                    elif op == "close":
                        break
                    if len(pending) >= self._batch_limit:
                        break
                    try:
                        op, arg = self._queue.get_nowait()
                    except queue.Empty:
                        op = ""
                        break
                if pending:
                    try:
                        store.write(pending)
                        for key, sent, received in traffic:
                            store.set_traffic(key, sent, received)
                    except StoreError as exc:
                        self._on_error(str(exc))
                for w in waiters:
                    w.set()
                if time.monotonic() - last_prune > PRUNE_EVERY:
                    last_prune = time.monotonic()
                    try:
                        store.prune()
                    except Exception as exc:  # noqa: BLE001 - pruning may wait for the next hour
                        self._on_error(f"pruning old history failed: {exc}")
                if op == "close":
                    return
        finally:
            store.close()

    def _drain_without_store(self) -> None:
        while True:
            op, arg = self._queue.get()
            if op == "flush":
                arg.set()
            if op == "close":
                return
