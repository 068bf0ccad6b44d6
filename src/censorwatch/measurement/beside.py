"""Decoding a long log in a second process beside the one that stores it.

Decoding and checking a line costs about half of what storing it does; on a machine with
two cores the two can run at once. The second process is forked (nothing is started again:
no interpreter, no imports; a frozen bundle needs nothing more), reads the file itself,
decodes and checks every line as `reading.decoded` does, and sends the measurements back in
batches (tuples in `marshal`'s form, the fastest the standard library writes and reads
for plain values; the batch's repeated texts and address lists sent once). The pipe holds a batch or
two: a slow history slows the reading, memory stays bounded.

Only where forking is safe and pays: on Linux, in a process running one thread (a window's
threads hold locks a fork would copy locked), for a file of some megabytes. Elsewhere the
lines are decoded in place, with the same results.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..gcpause import now_and_then
from .reading import UnreadableLog, decoded, decoded_fields, lines
from .record import Measurement

MIN_BYTES = 8 << 20  # a smaller file is decoded in place sooner than a process starts
BATCH = 1000  # measurements per message
PIPE_BYTES = 1 << 20  # the pipe's room (Linux's most without privileges): some 7,000 lines
_SET_PIPE_SIZE = 1031  # fcntl.F_SETPIPE_SZ (Linux)


def worth_a_process(path: Path) -> bool:
    """Whether `decoded_beside` would decode this file in a second process."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return os.stat(path).st_size >= MIN_BYTES
    except OSError:
        return False


def decoded_lines(
    path: Path, after: int, report: Callable[[int, str], None]
) -> Iterator[Measurement]:
    """The measurements of the lines after line `after`, as `reading.decoded` gives them
    (`report(line number, reason)` for every other line), decoded in a second process when
    `worth_a_process`."""
    if not worth_a_process(path):
        for number, line in lines(path):
            if number > after and (m := decoded(number, line, report)) is not None:
                yield m
        return
    yield from _beside(path, after, report)


def _beside(path: Path, after: int, report: Callable[[int, str], None]) -> Iterator[Measurement]:
    import fcntl  # on Linux only, as forking here
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    with contextlib.suppress(OSError):  # room for a few batches while the history writes
        fcntl.fcntl(send.fileno(), _SET_PIPE_SIZE, PIPE_BYTES)
    child = context.Process(target=_decode_into, args=(path, after, send, receive), daemon=True)
    child.start()
    send.close()
    try:
        while True:
            try:
                data = receive.recv_bytes()
            except EOFError:
                raise UnreadableLog(f"{path}: the process reading it stopped") from None
            if not data:
                return
            items, reports, failure = marshal.loads(data)
            for number, reason in reports:
                report(number, reason)
            if failure is not None:
                raise UnreadableLog(failure)
            for values in items:
                yield Measurement(*values)
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join(5)


def _decode_into(path: Path, after: int, send: Any, receive: Any) -> None:
    """The second process: every line after `after` decoded, sent in batches, then an empty
    message. Ctrl-C is the first process's to answer (it ends this one). The pipe's reading
    end, copied by the fork, is closed here: once the first process is gone (killed, say),
    the next batch finds no reader and this one ends, rather than wait on a full pipe for
    ever holding the history's files open."""
    receive.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # the batches are freed as they are sent; collected now and then
    gc.freeze()  # what the fork copied is not walked again by those collections (8 ms each)
    items: list[tuple[Any, ...]] = []
    reports: list[tuple[int, str]] = []

    def flush() -> None:
        send.send_bytes(marshal.dumps((items, reports, None)))
        items.clear()
        reports.clear()
        now_and_then()

    def bad(number: int, reason: str) -> None:
        reports.append((number, reason))

    try:
        for number, line in lines(path):
            if number <= after:
                continue
            values = decoded_fields(number, line, bad)
            if values is not None:
                # A repeated text (a service, a target, a round) or list of addresses is
                # one object (the checks' first copy of it): sent once per batch.
                items.append(values)
            if len(items) >= BATCH or len(reports) >= BATCH:
                flush()
        flush()
        send.send_bytes(b"")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the first process stopped reading
    except UnreadableLog as exc:
        send.send_bytes(marshal.dumps(([], [], str(exc))))
    except OSError as exc:  # the disk failed under the file
        send.send_bytes(marshal.dumps(([], [], f"{path}: cannot read: {exc.strerror or exc}")))
    finally:
        send.close()
