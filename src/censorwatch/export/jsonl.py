"""JSON Lines, the contract `censorwatch import` reads: one measurement per line."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..measurement import Measurement, encode
from ..store import Store
from .redact import Redactor
from .rows import NETWORK_STATES, STATUSES, TextOut, decoded_rows, number


def fast_jsonl(
    store: Store,
    out: TextOut,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redactor: Redactor | None = None,
) -> int:
    """The JSON Lines contract straight from the stored columns: repeated parts (a probe's
    service and target, a round, a word) are encoded once, the stored evidence is already
    JSON. Same lines as `write_jsonl(store.measurements())` (redacted by the same redactor),
    much faster."""
    redact = redactor if redactor is not None and redactor.enabled else None
    enc = json.JSONEncoder(ensure_ascii=False).encode
    heads: dict[int, str] = {}
    encoded: dict[str | None, str] = {None: "null"}
    failures: dict[str | None, str] = {None: "null"}
    addrs: dict[str | None, str] = {None: '"addresses": [], "control_addresses": []'}
    last_round, round_text = None, ""
    n = 0
    write = out.write
    for row, when, tech, fail, step in decoded_rows(store, since, until, service):
        if row.round_key != last_round:
            last_round, round_text = row.round_key, enc(row.round_key)
        head = heads.get(row.target_id)
        if head is None:
            target = redact.text(row.target) if redact else row.target
            head = heads[row.target_id] = (
                f'"service": {enc(row.service)}, "service_name": {enc(row.service_name)}, '
                f'"region": {enc(row.region)}, "capability": {enc(row.capability)}, '
                f'"kind": {enc(row.kind)}, "target": {enc(target)}'
            )
        for word in (tech, step):
            if word not in encoded:
                encoded[word] = enc(word)
        if fail not in failures:
            failures[fail] = enc(redact.text(fail) if redact and fail else fail)
        a = addrs.get(row.addresses)
        if a is None:
            test, _, control = (row.addresses or "").partition("|")
            tests, controls = test.split(), control.split()
            if redact:
                tests, controls = redact.address_list(tests), redact.address_list(controls)
            a = addrs[row.addresses] = (
                f'"addresses": {enc(tests)}, "control_addresses": {enc(controls)}'
            )
        if row.evidence:
            evidence_value = row.evidence_json()
            evidence = enc(redact.evidence(evidence_value) if redact else evidence_value)
        elif row.provider:  # the round's provider: not personal data, never redacted
            evidence = f'{{"provider": {row.provider}}}'
        else:
            evidence = "{}"
        write(
            f'{{"schema": "censorwatch.measurement/1", "time": "{when}", '
            f'"round": {round_text}, {head}, "status": "{STATUSES[row.status]}", '
            f'"technique": {encoded[tech]}, "failure": {failures[fail]}, '
            f'"failed_step": {encoded[step]}, "timings_ms": {{"dns": {number(row.dns)}, '
            f'"tcp": {number(row.tcp)}, "tls": {number(row.tls)}, "http": {number(row.http)}}}, '
            f'{a}, "kbps": {number(row.kbps)}, '
            f'"network_state": "{NETWORK_STATES[row.network]}", "evidence": {evidence}}}\n'
        )
        n += 1
    return n


def write_jsonl(items: Iterable[Measurement], out: TextOut) -> int:
    n = 0
    for m in items:
        out.write(encode(m))
        out.write("\n")
        n += 1
    return n
