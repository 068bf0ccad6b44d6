"""JSON Lines, the contract `censorwatch import` reads: one measurement per line."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from typing import Any

from ..store import Store
from .rows import NETWORK_STATES, STATUSES, TextOut, decoded_rows, number


def fast_jsonl(
    store: Store,
    out: TextOut,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
) -> int:
    """The JSON Lines contract straight from the stored columns: repeated parts (a probe's
    service and target, a round, a word) are encoded once, the stored evidence is already
    JSON. Same lines as `write_jsonl(store.measurements())`, much faster."""
    enc = json.JSONEncoder(ensure_ascii=False).encode
    heads: dict[int, str] = {}
    encoded: dict[str | None, str] = {None: "null"}
    addrs: dict[str | None, str] = {None: '"addresses": [], "control_addresses": []'}
    last_round, round_text = None, ""
    n = 0
    write = out.write
    for row, when, tech, fail, step in decoded_rows(store, since, until, service):
        if row.round_key != last_round:
            last_round, round_text = row.round_key, enc(row.round_key)
        head = heads.get(row.target_id)
        if head is None:
            head = heads[row.target_id] = (
                f'"service": {enc(row.service)}, "service_name": {enc(row.service_name)}, '
                f'"region": {enc(row.region)}, "capability": {enc(row.capability)}, '
                f'"kind": {enc(row.kind)}, "target": {enc(row.target)}'
            )
        for word in (tech, fail, step):
            if word not in encoded:
                encoded[word] = enc(word)
        a = addrs.get(row.addresses)
        if a is None:
            test, _, control = (row.addresses or "").partition("|")
            a = addrs[row.addresses] = (
                f'"addresses": {enc(test.split())}, "control_addresses": {enc(control.split())}'
            )
        evidence = enc(json.loads(zlib.decompress(row.evidence))) if row.evidence else "{}"
        write(
            f'{{"schema": "censorwatch.measurement/1", "time": "{when}", '
            f'"round": {round_text}, {head}, "status": "{STATUSES[row.status]}", '
            f'"technique": {encoded[tech]}, "failure": {encoded[fail]}, '
            f'"failed_step": {encoded[step]}, "timings_ms": {{"dns": {number(row.dns)}, '
            f'"tcp": {number(row.tcp)}, "tls": {number(row.tls)}, "http": {number(row.http)}}}, '
            f'{a}, "kbps": {number(row.kbps)}, '
            f'"network_state": "{NETWORK_STATES[row.network]}", "evidence": {evidence}}}\n'
        )
        n += 1
    return n


def write_jsonl(items: Iterable[dict[str, Any]], out: TextOut) -> int:
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for m in items:
        out.write(dumps(m))
        out.write("\n")
        n += 1
    return n
