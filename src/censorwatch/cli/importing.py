"""`censorwatch import`: load an exported JSON Lines log into the history."""

from __future__ import annotations

import sys
from pathlib import Path

from ..measurement import UnreadableLog, read_measurements
from ..store import import_measurements
from .common import EXIT_OK, UsageError, open_store


def add_parser(sub, common) -> None:
    imp = sub.add_parser(
        "import", parents=[common], help="load an exported JSON Lines log into the history"
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
        result = import_measurements(store, read_measurements(path, report))
    except UnreadableLog as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    print(
        f"imported {result.inserted} measurements from {path}; {result.duplicates} already in "
        f"the history; {bad} lines skipped"
    )
    return EXIT_OK
