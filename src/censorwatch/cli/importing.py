"""`censorwatch import`: load a log censorwatch wrote (its HTML report, JSON Lines or OONI
export) into the history."""

from __future__ import annotations

import sys
from pathlib import Path

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
    imp.add_argument("file", metavar="FILE")


def run(args) -> int:
    path = Path(args.file)
    bad = 0

    def report(number: int, reason: str) -> None:
        nonlocal bad
        bad += 1
        print(f"{path}:{number}: skipped: {reason}", file=sys.stderr)

    store = open_store(args)
    try:
        result = import_measurements(store, read_shared(path, report))
    except UnreadableLog as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    print(
        f"imported {result.inserted} measurements from {path}; {result.duplicates} already in "
        f"the history; {bad} lines skipped"
    )
    return EXIT_OK
