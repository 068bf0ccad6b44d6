"""The one helper that runs work on a thread pool and posts the result to the GUI thread.

Every failure is logged with its traceback (censorwatch.applog) and reaches the person:
through `on_failed` when the caller has a better place for it, else the application's
reporter (the banner). Nothing run here fails silently.

One dispatcher object carries every result back, with the callbacks kept in a table by job
number: a QObject per job with callbacks connected to it would form a cycle through C++ that
Python's garbage collector cannot see, and leak one object per job for as long as the window
runs (found by the soak test).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..applog import log, report_error, tell

T = TypeVar("T")


class _Dispatcher(QObject):
    finished = Signal(int, bool, object)  # job number, succeeded, result or message


_jobs: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None, str]] = {}
_numbers = itertools.count()
_dispatcher: _Dispatcher | None = None


def _finish(number: int, ok: bool, payload: object) -> None:
    on_done, on_failed, what = _jobs.pop(number, (None, None, ""))
    if on_done is None:
        return
    try:
        if ok:
            on_done(payload)
        elif on_failed is not None:
            on_failed(str(payload))
        else:
            tell(f"{what} failed: {payload}")
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            report_error(f"showing the result of {what} failed: {exc}", exc)
        # else: the window that asked was closed meanwhile; nobody is left to tell.
    except Exception as exc:  # noqa: BLE001 - logged and reported, never lost
        report_error(f"showing the result of {what} failed: {exc}", exc)


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()  # made by the first caller: the GUI thread
        _dispatcher.finished.connect(_finish)
    return _dispatcher


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], number: int, what: str):
        super().__init__()
        self.fn, self.number, self.what = fn, number, what

    def run(self) -> None:
        # Nothing may escape an override called from C++.
        try:
            try:
                result = self.fn()
            except Exception as exc:  # noqa: BLE001 - logged and reported, never lost
                log.error("%s failed", self.what, exc_info=exc)
                _the_dispatcher().finished.emit(self.number, False, f"{type(exc).__name__}: {exc}")
                return
            _the_dispatcher().finished.emit(self.number, True, result)
        except RuntimeError:
            pass  # the application is going away


def run_in_pool(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_failed: Callable[[str], None] | None = None,
    what: str = "background work",
) -> None:
    """Run `fn()` off the GUI thread; `on_done(result)` runs in the GUI thread afterwards.
    On an exception, `on_failed(message)` runs instead; without one, the application's
    reporter is told (`what` names the work in that sentence). Call from the GUI thread."""
    _the_dispatcher()
    number = next(_numbers)
    _jobs[number] = (on_done, on_failed, what)
    QThreadPool.globalInstance().start(_Job(fn, number, what))


def pending() -> int:
    """Jobs whose result has not been shown yet (the soak benchmark watches it)."""
    return len(_jobs)
