"""The one helper that runs work on a thread pool and posts the result to the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        # Nothing may escape an override called from C++: errors go to the GUI thread, and a
        # receiver gone at shutdown is simply not told.
        try:
            try:
                result = self.fn()
            except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
                self.relay.failed.emit(f"{type(exc).__name__}: {exc}")
                return
            self.relay.done.emit(result)
        except RuntimeError:
            pass


_alive: set[_Relay] = set()


def run_in_pool(
    fn: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[str], None] | None = None,
) -> None:
    """Run `fn()` off the GUI thread; `on_done(result)` runs in the GUI thread afterwards."""
    relay = _Relay()
    _alive.add(relay)

    def finish(result):
        _alive.discard(relay)
        on_done(result)

    def fail(message):
        _alive.discard(relay)
        if on_failed:
            on_failed(message)

    relay.done.connect(finish)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(fn, relay))
