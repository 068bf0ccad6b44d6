"""`censorwatch import`: load a log censorwatch wrote (its HTML report, JSON Lines or OONI
export) into the history."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..diagnosis.wording import translate
from ..export.shared import read_shared
from ..measurement import UnreadableLog
from ..store import import_measurements
from .common import EXIT_OK, UsageError, open_store


def add_parser(sub, common) -> None:
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="load a log censorwatch wrote (its report, JSON Lines or OONI export) into the history",
    )
    imp.add_argument(
        "file", metavar="FILE", help="the log; - for standard input (a pipe works too)"
    )


def _stream(name: str) -> BinaryIO | None:
    """Standard input for "-", a named pipe or a device such as /dev/stdin (read once only,
    while a log is looked at twice: its first lines say what it is); None for a regular file
    or a path that cannot be looked at (read_shared says why)."""
    if name == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(
                translate(
                    "Cli",
                    "- reads a log from standard input: send one in through a pipe "
                    "(… | censorwatch import -)",
                )
            )
        return sys.stdin.buffer
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    try:
        return open(name, "rb")  # closed by the caller
    except OSError as exc:
        raise UsageError(_cannot_keep(name, exc)) from None


def _cannot_keep(name: str, exc: OSError) -> str:
    return translate("Cli", "{name}: cannot read it into a temporary file: {reason}").format(
        name=name, reason=exc.strerror or exc
    )


def run(args) -> int:
    path = Path(args.file)
    bad = 0
    shown = "-" if args.file == "-" else str(path)

    def report(number: int, reason: str) -> None:
        nonlocal bad
        bad += 1
        print(f"{shown}:{number}: skipped: {reason}", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="censorwatch-import-") as spool:
        stream = _stream(args.file)
        if stream is not None:
            # Kept in a file first (on disk, not in memory), then read as any log is.
            path = Path(spool) / ("stdin" if args.file == "-" else path.name)
            try:
                with path.open("wb") as out:
                    shutil.copyfileobj(stream, out, 1 << 20)
            except OSError as exc:
                raise UsageError(_cannot_keep(shown, exc)) from None
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
        store = open_store(args)
        try:
            result = import_measurements(store, read_shared(path, report))
        except UnreadableLog as exc:
            raise UsageError(str(exc)) from None
        finally:
            store.close()
    print(
        f"imported {result.inserted} measurements from {shown}; {result.duplicates} already in "
        f"the history; {bad} lines skipped"
    )
    return EXIT_OK
