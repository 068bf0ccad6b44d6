"""The contract `censorwatch.measurement/1`: one probe measurement as exported in JSON Lines,
stored in the history and read back by `censorwatch import` and the shared-log window.

Every part of the program that reads or writes the format uses this module. Stdlib only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SCHEMA = "censorwatch.measurement/1"
STATUSES = ("ok", "degraded", "offline", "blocked")  # best to worst
NETWORK_STATES = ("online", "whitelist", "offline")
REQUIRED_FIELDS = ("time", "round", "service", "capability", "kind", "target", "status")


class UnreadableLog(Exception):
    """The file itself cannot be read (missing, a folder, no permission)."""


def effective_status(status: str, region: str, network_state: str) -> str:
    """A status once the round's network state is applied: when the network is down, or
    only a white list gets through, a foreign failure blames no service."""
    if network_state == "offline":
        return "offline"
    if network_state == "whitelist" and region != "domestic" and status not in ("ok", "degraded"):
        return "offline"
    return status


def time_ms(text: str) -> int:
    """Milliseconds since the epoch of the `time` field (UTC when it names no zone)."""
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def read_measurements(path: Path, report: Callable[[int, str], None]) -> Iterator[dict[str, Any]]:
    """Yield the valid measurements of a JSON Lines file, each with `_t_ms` and
    `effective_status` added; `report(line number, reason)` for every other line."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise UnreadableLog(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                m = json.loads(line)
            except json.JSONDecodeError as exc:
                report(number, f"not JSON ({exc.msg})")
                continue
            if not isinstance(m, dict):
                report(number, "not a JSON object")
                continue
            if m.get("schema") not in (None, SCHEMA):
                report(number, f"unknown schema {m.get('schema')!r}")
                continue
            if not all(isinstance(m.get(k), str) and m[k] for k in REQUIRED_FIELDS):
                missing = [k for k in REQUIRED_FIELDS if not isinstance(m.get(k), str) or not m[k]]
                report(number, f"missing {', '.join(missing)}")
                continue
            if m["status"] not in STATUSES:
                report(number, f"unknown status {m['status']!r}")
                continue
            try:
                m["_t_ms"] = time_ms(m["time"])
            except ValueError:
                report(number, f"bad time {m['time']!r}")
                continue
            state = m.get("network_state") or "online"
            if state not in NETWORK_STATES:
                report(number, f"unknown network_state {state!r}")
                continue
            m["effective_status"] = effective_status(
                m["status"], m.get("region") or "foreign", state
            )
            yield m
