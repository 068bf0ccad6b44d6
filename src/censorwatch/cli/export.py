"""`censorwatch export`: a log to share, in CSV, JSON Lines, OONI-shaped JSON or HTML."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..diagnosis.wording import translate
from .common import EXIT_OK, UsageError, open_store, parse_age


def add_parser(sub, common) -> None:
    exp = sub.add_parser(
        "export", parents=[common], help="write a log to share: csv, jsonl, ooni or html"
    )
    exp.add_argument("--format", required=True, choices=("csv", "jsonl", "ooni", "html"))
    exp.add_argument(
        "--since",
        default="7d",
        metavar="AGE",
        help="from AGE ago (default 7d; 'all' for everything)",
    )
    exp.add_argument("--until", metavar="AGE", help="up to AGE ago (default: now)")
    exp.add_argument("--service", metavar="ID", help="only this service")
    exp.add_argument(
        "--redact",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="remove your addresses, machine and user names, folders (default: on)",
    )
    exp.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file; - for standard output"
    )


def run(args) -> int:
    from ..export import export

    now = time.time()
    since = None if args.since == "all" else now - parse_age(args.since)
    until = now - parse_age(args.until, "--until") if args.until else None
    to_stdout = args.output == "-"
    output = Path(args.output)
    if not to_stdout and not output.parent.exists():
        raise UsageError(
            translate("Cli", "-o: no such folder {folder}").format(folder=output.parent)
        )
    with tempfile.TemporaryDirectory(prefix="censorwatch-export-") as spool:
        if to_stdout:  # written whole first (an export is written to a file at once)
            output = Path(spool) / f"log.{args.format}"
        store = open_store(args)
        try:
            n = export(store, args.format, output, since, until, args.service, args.redact)
        finally:
            store.close()
        if to_stdout:
            with output.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer, 1 << 20)
            sys.stdout.buffer.flush()
    note = (
        "personal data redacted"
        if args.redact
        else "NOT redacted: it may hold your addresses and names"
    )
    where = "standard output" if to_stdout else output
    # With -o -, the log is standard output: what was done goes to standard error.
    print(
        f"wrote {n} measurements to {where} ({args.format}; {note})",
        file=sys.stderr if to_stdout else sys.stdout,
    )
    return EXIT_OK
