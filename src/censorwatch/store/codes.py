"""How the history encodes what it keeps: status and network-state codes, rollup levels,
times as milliseconds, and the error a person is shown when the history cannot be used."""

from __future__ import annotations

from ..measurement import iso_time, time_ms
from ..vocabulary import BEST_FIRST, NETWORK_STATES, RANK, STATUSES

# The codes are the words' places in the contract's order (the vocabulary never renumbers).
STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
# How bad each code is ("a capability takes its worst"), by code.
STATUS_RANK = tuple(RANK[s] for s in STATUSES)
BY_RANK = BEST_FIRST
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
