"""The one bridge from the engine to the window: the engine runs its own asyncio loop in a
worker thread; what it finds reaches widgets as Qt signals (queued into the GUI thread)."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

from PySide6.QtCore import QObject, Signal

from ..applog import log, report_error
from ..catalog import Catalog
from ..catalog.values import metrics_address
from ..engine import Engine, round_measurements
from ..engine.scheduler import Scheduler
from ..service.metrics import Metrics
from ..service.metrics_server import MetricsServer
from ..store import Store
from ..store.writer import StoreWriter


class EngineBridge(QObject):
    roundStarted = Signal(list)  # the services of the round (list[Service])
    probeFinished = Signal(object)  # ProbeResult, as each probe ends
    roundFinished = Signal(object)  # RoundResult, with the round's verdicts
    historyWritten = Signal()  # the round is in the history: charts may reload
    engineEvent = Signal(str)  # resumes, clock jumps, history trouble: one sentence each
    roundFailed = Signal(str)  # a round raised (a bug): the grid stops showing "checking"

    def __init__(self, catalog: Catalog, writer: StoreWriter | None, history=None, parent=None):
        super().__init__(parent)
        self._writer = writer
        self._history = history  # folder: the last statuses are read from it, off the GUI thread
        engine = Engine(catalog)
        self.scheduler = Scheduler(
            engine,
            on_round_start=self.roundStarted.emit,
            on_probe=self.probeFinished.emit,
            on_round_end=self._round_end,
            on_event=self.engineEvent.emit,
            on_failure=self._round_failed,
        )
        # Prometheus metrics, off unless [settings] metrics names an address (docs/watching.md).
        self.metrics: Metrics | None = None
        self.metrics_server: MetricsServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

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

    def _round_end(self, rnd) -> None:
        if self.metrics is not None:
            self.metrics.round_finished(rnd)
        self.roundFinished.emit(rnd)
        if self._writer is not None:
            self._writer.submit(
                round_measurements(rnd), (rnd.id, rnd.bytes_sent, rnd.bytes_received)
            )
            self._writer.flush()
            self.historyWritten.emit()

    @property
    def started(self) -> bool:
        """True once the checks run (nothing is sent before)."""
        return self._thread is not None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="censorwatch-engine", daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _serve_metrics(self) -> None:
        address = self.scheduler.catalog.settings.metrics
        if not address:
            return
        try:
            host, port = metrics_address(address)
            self.metrics = Metrics(self.scheduler.catalog.settings.labels)
            self.metrics_server = MetricsServer(self.metrics, host, port)
        except (ValueError, OSError) as exc:
            self.metrics = None
            self.engineEvent.emit(f"metrics: cannot serve on {address}: {exc}")

    def _run(self) -> None:
        self._serve_metrics()
        if self._history is not None:
            try:
                with Store(self._history, read_only=True) as reader:
                    # A failure the history already knows needs no confirmation retry.
                    self.scheduler.engine.resume(reader)
                    # The data budget counts what today's earlier runs spent.
                    midnight = dt.datetime.combine(dt.date.today(), dt.time()).timestamp()
                    sent, received, _ = reader.traffic(midnight)
                    self.scheduler.engine.budget.seed(sent + received)
            except Exception as exc:  # noqa: BLE001 - the first round will confirm anyway
                self.engineEvent.emit(f"history: cannot read the last states: {exc}")
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(self._loop_exception)
        self._task = loop.create_task(self.scheduler.run_forever())
        self._ready.set()
        try:
            loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def _call(self, fn, *args) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(fn, *args)

    def check_now(self, service_ids: list[str] | None = None) -> None:
        self._call(self.scheduler.check_now, service_ids)

    def set_paused(self, paused: bool) -> None:
        self._call(self.scheduler.set_paused, paused)

    def replace_catalog(self, catalog: Catalog) -> None:
        self._call(self.scheduler.replace_catalog, catalog)

    def next_round_at(self) -> float | None:
        return self.scheduler.next_round_at()

    def stop(self) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread is not None:
            self._thread.join(15)
        if self.metrics_server is not None:
            self.metrics_server.close()
            self.metrics_server = None
