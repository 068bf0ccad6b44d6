"""The cyclic garbage collector paused while the history is written or a log is read.

Writing a batch, or decoding a log, makes hundreds of thousands of small objects that live
until the batch is stored; the collector would walk them again and again (an eighth of an
import's time, measured) though they hold no cycles and are freed as soon as they are done.
Pauses may nest and overlap across threads: the collector runs again when the last ends,
if it ran before the first. A long pause calls `now_and_then()` between its batches, so that
the rare cycles made meanwhile (by an exception, say) do not pile up."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


_calls = 0
EVERY = 20  # batches between two collections during a pause


def now_and_then() -> None:
    """Between two batches of a long pause: a whole collection every EVERY calls."""
    global _calls
    _calls += 1
    if _calls % EVERY == 0:
        gc.collect()
