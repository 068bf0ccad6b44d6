"""Writing an export to a file (atomically, redacted unless the person chooses otherwise)
and the preview of what would be shared."""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..store import Store
from .csv import fast_csv, write_csv
from .jsonl import fast_jsonl, write_jsonl
from .ooni import write_ooni
from .redact import Redactor

FORMATS = ("csv", "jsonl", "ooni", "html")


def redactor_for(
    store: Store,
    redact: bool,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    extra_paths: Iterable[str | Path] = (),
) -> Redactor:
    """The redactor of an export: what is personal, learned before anything is written."""
    redactor = Redactor(redact, folders=[store.folder, *extra_paths])
    redactor.learn_from(store, since, until, service)
    return redactor


def export(
    store: Store,
    fmt: str,
    path: str | Path,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redact: bool = True,
    extra_paths: Iterable[str | Path] = (),
) -> int:
    """Write the export atomically; returns how many measurements it holds."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    path = Path(path)
    redactor = redactor_for(store, redact, since, until, service, extra_paths)
    fd, temp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        # utf-8-sig for CSV: spreadsheets then read Cyrillic right.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="" if fmt == "csv" else None) as out:
            if fmt == "html":
                from .report import write_html

                n = write_html(store, out, since, until, service, redactor)
            elif fmt == "jsonl":
                n = fast_jsonl(store, out, since, until, service, redactor)
            elif fmt == "csv":
                n = fast_csv(store, out, since, until, service, redactor)
            else:
                items = store.measurements(since, until, service)
                n = write_ooni((redactor.measurement(m) for m in items), out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return n


def preview(
    store: Store,
    fmt: str,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redact: bool = True,
    lines: int = 5,
) -> str:
    """The first lines of what would be shared, redacted as the export will be (for the
    HTML report, the measurements it carries: its JSON Lines)."""
    if fmt == "html":
        fmt = "jsonl"
    redactor = redactor_for(store, redact, since, until, service)
    head = [
        redactor.measurement(m)
        for m in itertools.islice(store.measurements(since, until, service), lines)
    ]
    out = io.StringIO()
    {"csv": write_csv, "ooni": write_ooni, "jsonl": write_jsonl}[fmt](head, out)
    return out.getvalue()
