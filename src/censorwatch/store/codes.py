"""How the history encodes what it keeps: status and network-state codes, rollup levels,
times as milliseconds, and the error a person is shown when the history cannot be used."""

from __future__ import annotations

from ..measurement import iso_time, time_ms

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


# The contract's time field, as the measurement package reads and writes it.
ms_from_iso = time_ms
iso_from_ms = iso_time
