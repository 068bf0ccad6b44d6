"""How the history encodes what it keeps: status and network-state codes, rollup levels,
times as milliseconds, and the error a person is shown when the history cannot be used."""

from __future__ import annotations

import datetime as dt

# Codes 0..4 in the order they were added to the history (never renumber a stored code).
STATUSES = ("ok", "degraded", "offline", "blocked", "unknown")
STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
# How bad each code is ("a capability takes its worst"): cannot tell is worse than working
# and better than any failure.
STATUS_RANK = (0, 2, 3, 4, 1)
BY_RANK = tuple(sorted(STATUSES, key=lambda s: STATUS_RANK[STATUS_CODE[s]]))
NETWORK_STATES = ("online", "whitelist", "offline")
NETWORK_CODE = {s: i for i, s in enumerate(NETWORK_STATES)}
SERVICE_WIDE = "*"  # the capability name of a service's own state
NETWORK_SERVICE = 0  # rollups of the network state use this service id

MINUTE, HOUR, DAY = 0, 1, 2
LEVEL_SECONDS = {MINUTE: 60, HOUR: 3600, DAY: 86400}
LEVEL_NAMES = {MINUTE: "minute", HOUR: "hour", DAY: "day"}


class StoreError(Exception):
    """The history cannot be used: a clear sentence for a person."""


def ms_from_iso(text: str) -> int:
    """Milliseconds since the epoch of an ISO 8601 time (UTC when it names no zone)."""
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def iso_from_ms(ms: int) -> str:
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
