"""CSV: the measurement fields one column each, for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from ..store import Store
from .rows import NETWORK_STATES, STATUSES, TextOut, decoded_rows

CSV_COLUMNS = (
    "schema",
    "time",
    "round",
    "service",
    "service_name",
    "region",
    "capability",
    "kind",
    "target",
    "status",
    "technique",
    "failure",
    "failed_step",
    "dns_ms",
    "tcp_ms",
    "tls_ms",
    "http_ms",
    "addresses",
    "control_addresses",
    "kbps",
    "network_state",
)


def fast_csv(
    store: Store,
    out: TextOut,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
) -> int:
    """CSV rows straight from the stored columns (see `jsonl.fast_jsonl`)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    addrs: dict[str | None, tuple[str, str]] = {None: ("", "")}
    rows = []
    n = 0
    for row, when, tech, fail, step in decoded_rows(store, since, until, service):
        a = addrs.get(row.addresses)
        if a is None:
            test, _, control = (row.addresses or "").partition("|")
            a = addrs[row.addresses] = (test, control)
        rows.append(
            (
                "censorwatch.measurement/1",
                when,
                row.round_key,
                row.service,
                row.service_name,
                row.region,
                row.capability,
                row.kind,
                row.target,
                STATUSES[row.status],
                tech or "",
                fail or "",
                step or "",
                "" if row.dns is None else row.dns / 10,
                "" if row.tcp is None else row.tcp / 10,
                "" if row.tls is None else row.tls / 10,
                "" if row.http is None else row.http / 10,
                *a,
                "" if row.kbps is None else row.kbps / 10,
                NETWORK_STATES[row.network],
            )
        )
        n += 1
        if len(rows) >= 5000:
            writer.writerows(rows)
            rows = []
    writer.writerows(rows)
    return n


def csv_row(m: dict[str, Any]) -> list[Any]:
    t = m.get("timings_ms") or {}
    row = []
    for col in CSV_COLUMNS:
        if col.endswith("_ms"):
            value = t.get(col[:-3])
        elif col in ("addresses", "control_addresses"):
            value = " ".join(m.get(col) or [])
        else:
            value = m.get(col)
        row.append("" if value is None else value)
    return row


def write_csv(items: Iterable[dict[str, Any]], out: TextOut) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for m in items:
        writer.writerow(csv_row(m))
        n += 1
    return n
