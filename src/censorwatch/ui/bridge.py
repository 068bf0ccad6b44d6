"""The one bridge from the engine to the window: the runner (service/runner.py, the same as
`watch`'s) in an asyncio loop of its own thread; what it finds reaches widgets as Qt signals
(queued into the GUI thread), as snapshots the engine never touches again."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..applog import log, report_error
from ..catalog import Catalog
from ..catalog.values import metrics_address
from ..engine import round_measurements
from ..service.runner import GRACE, HURRY_WAIT, Runner
from ..store import Store
from ..store.writer import StoreWriter


class EngineBridge(QObject):
    roundStarted = Signal(list)  # the services of the round (list[Service])
    probeFinished = Signal(object)  # ProbeResult, as each probe ends
    roundFinished = Signal(object)  # RoundResult, with the round's verdicts
    historyWritten = Signal()  # the round is in the history: charts may reload
    engineEvent = Signal(str)  # resumes, clock jumps, history trouble: one sentence each
    roundFailed = Signal(str)  # a round raised (a bug): the grid stops showing "checking"
    stopped = Signal()  # the engine's thread has ended (after a stop)

    def __init__(
        self,
        catalog: Catalog,
        writer: StoreWriter | None,
        history: Path | None = None,
        parent=None,
        metered=None,
        grace: float = GRACE,
    ):
        super().__init__(parent)
        self._writer = writer
        self._history = history  # folder: the last statuses are read from it, off the GUI thread
        address = catalog.settings.metrics
        metrics, problem = None, ""
        if address:
            try:
                metrics = metrics_address(address)
            except ValueError as exc:
                problem = f"metrics: cannot serve on {address}: {exc}"
        self.runner = Runner(
            catalog,
            history=self._open_history if history is not None else None,
            store=self._store if writer is not None else None,
            on_round_start=self.roundStarted.emit,
            on_probe=self.probeFinished.emit,
            on_round=self.roundFinished.emit,
            on_stored=lambda rnd: self.historyWritten.emit(),
            on_event=self.engineEvent.emit,
            on_failure=self._round_failed,
            metrics=metrics,
            metered=metered,
            grace=grace,
            data_dir=Path(history) if history is not None else None,
        )
        self.scheduler = self.runner.scheduler
        if problem:  # said once the window listens (the runner's loop runs)
            self.runner.call(self.engineEvent.emit, problem)
        self._thread: threading.Thread | None = None

    @property
    def metrics(self):
        return self.runner.metrics

    @property
    def metrics_server(self):
        return self.runner.metrics_server

    def _open_history(self) -> contextlib.AbstractContextManager:
        # In the engine's thread: the writer opens (and, when it must, repairs or waits
        # for) the history first; one it could not open is not read either.
        if self._writer is not None:
            self._writer.wait_open()
            if self._writer.store_error:
                return contextlib.nullcontext(_NoHistory())
        assert self._history is not None
        return Store(self._history, read_only=True)

    def _store(self, rnd) -> None:
        assert self._writer is not None
        self._writer.submit(round_measurements(rnd), (rnd.id, rnd.bytes_sent, rnd.bytes_received))
        self._writer.flush()

    def _round_failed(self, exc: BaseException) -> None:
        message = f"{type(exc).__name__}: {exc}"
        report_error(f"a round of checks failed: {message}", exc)
        self.roundFailed.emit(message)

    @staticmethod
    def _loop_exception(loop, context: dict) -> None:
        exc = context.get("exception")
        if isinstance(exc, asyncio.CancelledError):
            return
        log.error("engine loop: %s", context.get("message", "error"), exc_info=exc)

    @property
    def started(self) -> bool:
        """True once the checks run (nothing is sent before)."""
        return self._thread is not None

    def start(self) -> None:
        """Start the engine's thread and return at once: the history is read there, and
        commands sent meanwhile wait for the loop (none is dropped)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="censorwatch-engine", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(self._loop_exception)
        try:
            loop.run_until_complete(self.runner.run())
        except Exception as exc:  # noqa: BLE001 - a bug: logged, the window says so
            report_error(f"the checks stopped: {type(exc).__name__}: {exc}", exc)
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self.stopped.emit()

    def check_now(self, service_ids: list[str] | None = None) -> None:
        self.runner.check_now(service_ids)

    def set_paused(self, paused: bool) -> None:
        self.runner.set_paused(paused)

    def replace_catalog(self, catalog: Catalog) -> None:
        self.runner.replace_catalog(catalog)

    def next_round_at(self) -> float | None:
        return self.runner.next_round_at()

    @property
    def busy(self) -> bool:
        """A round is being measured or stored."""
        return self.scheduler.busy

    def stop(self, hurry: bool = False) -> None:
        """Stop after the round in flight is stored (at most the grace, then what it has
        measured is stored as partial); returns when the engine's thread has ended. Called
        when the window is gone (Quit)."""
        self.runner.stop(hurry)
        if self._thread is not None:
            self._thread.join(self.runner.grace + HURRY_WAIT + 5)


class _NoHistory:
    """A history that could not be opened: nothing to carry on from."""

    def last_probe_status(self) -> dict:
        return {}

    def latest(self) -> list:
        return []
