"""CSV: the measurement fields one column each, for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from ..measurement import Measurement
from ..store import Store
from .redact import Redactor
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


# OWASP's CSV-injection guidance: a cell a spreadsheet would read as a formula (or that a
# tab or return could turn into one) starts with a single quote instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str | float | None) -> str | float:
    """A value as a safe CSV cell: numbers as they are, text neutralised when needed."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def fast_csv(
    store: Store,
    out: TextOut,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redactor: Redactor | None = None,
) -> int:
    """CSV rows straight from the stored columns (see `jsonl.fast_jsonl`): the same rows as
    `write_csv(store.measurements())`, redacted by the same redactor."""
    redact = redactor if redactor is not None and redactor.enabled else None
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    addrs: dict[str | None, tuple[str, str]] = {None: ("", "")}
    heads: dict[int, tuple[str | float, ...]] = {}
    texts: dict[str | None, str | float] = {None: ""}
    rows = []
    n = 0
    for row, when, tech, fail, step in decoded_rows(store, since, until, service):
        head = heads.get(row.target_id)
        if head is None:
            target = redact.text(row.target) if redact else row.target
            head = heads[row.target_id] = (
                cell(row.service),
                cell(row.service_name),
                cell(row.region),
                cell(row.capability),
                cell(row.kind),
                cell(target),
            )
        a = addrs.get(row.addresses)
        if a is None:
            test, _, control = (row.addresses or "").partition("|")
            tests, controls = test.split(), control.split()
            if redact:
                tests, controls = redact.address_list(tests), redact.address_list(controls)
            a = addrs[row.addresses] = (" ".join(tests), " ".join(controls))
        for word in (tech, fail, step):
            if word not in texts:
                texts[word] = cell(redact.text(word) if redact and word and word is fail else word)
        rows.append(
            (
                "censorwatch.measurement/1",
                when,
                cell(row.round_key),
                *head,
                STATUSES[row.status],
                texts[tech],
                texts[fail],
                texts[step],
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


def csv_row(m: Measurement) -> list[str | float]:
    return [
        "censorwatch.measurement/1",
        m.time,
        cell(m.round),
        cell(m.service),
        cell(m.service_name),
        cell(m.region),
        cell(m.capability),
        cell(m.kind),
        cell(m.target),
        m.status,
        cell(m.technique),
        cell(m.failure),
        cell(m.failed_step),
        cell(m.dns_ms),
        cell(m.tcp_ms),
        cell(m.tls_ms),
        cell(m.http_ms),
        " ".join(m.addresses),
        " ".join(m.control_addresses),
        cell(m.kbps),
        m.network_state,
    ]


def write_csv(items: Iterable[Measurement], out: TextOut) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for m in items:
        writer.writerow(csv_row(m))
        n += 1
    return n
