"""What the history's queries hand out: a timeline's slice and a stored measurement's row."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .codes import BY_RANK


@dataclass(slots=True)
class Bucket:
    start: float  # unix seconds
    end: float
    counts: dict[str, int] = field(default_factory=dict)
    lat_min_ms: float | None = None
    lat_median_ms: float | None = None
    lat_max_ms: float | None = None

    @property
    def status(self) -> str | None:
        """The worst status seen in the bucket, None when nothing was measured."""
        present = [s for s in BY_RANK if self.counts.get(s)]
        return present[-1] if present else None


class StoredRow(NamedTuple):
    """One stored measurement as the fast exporters read it: codes and numbers as kept."""

    round_key: str
    round_ms: int
    network: int  # index into NETWORK_STATES
    service: str
    service_name: str
    region: str
    capability: str
    kind: str
    target: str
    target_id: int
    dt_ms: int  # after the round's start
    status: int  # index into STATUSES
    technique: int | None  # string ids: text_of()
    failure: int | None
    failed_step: int | None
    dns: int | None  # tenths of a millisecond
    tcp: int | None
    tls: int | None
    http: int | None
    kbps: int | None  # tenths
    addresses: str | None  # "test addresses|control addresses"
    evidence: bytes | None  # zlib-compressed JSON
    provider: str | None = None  # the round's provider, as the contract's JSON object

    def evidence_json(self) -> dict[str, Any]:
        """The evidence as exported: the stored one, and the round's provider where the
        stored evidence does not carry it (it is kept per round, not per row)."""
        evidence = json.loads(zlib.decompress(self.evidence)) if self.evidence else {}
        if self.provider and "provider" not in evidence:
            evidence = {"provider": json.loads(self.provider), **evidence}
        return evidence

    @property
    def time_ms(self) -> int:
        return self.round_ms + self.dt_ms
