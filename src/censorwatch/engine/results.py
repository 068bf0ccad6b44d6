"""What a round found, as data: each probe's result, each capability's and service's
verdict, and the round's network state, quality and cost."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field

from ..catalog import ProbeSpec, Service
from ..diagnosis import Quality, Verdict
from ..probes import ProbeRecord
from ..provider import Provider
from ..vocabulary import RESOLVER_STATES
from .budget import DUE


@dataclass(slots=True)
class ProbeResult:
    service: Service
    spec: ProbeSpec
    record: ProbeRecord
    verdict: Verdict
    earlier: list[ProbeRecord] = field(default_factory=list)  # attempts before confirmation

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.service.id, self.spec.capability, self.spec.kind, self.spec.target)


@dataclass(slots=True)
class CapabilityResult:
    name: str
    verdict: Verdict


@dataclass(slots=True)
class ServiceResult:
    service: Service
    verdict: Verdict
    capabilities: list[CapabilityResult]
    probes: list[ProbeResult]


@dataclass(slots=True)
class RoundResult:
    id: str
    started_at: float
    finished_at: float
    network_state: str
    network_explanation: str
    services: list[ServiceResult]
    tunnel: str | None = None  # a VPN or proxy that seemed active: results describe it
    quality: Quality = field(default_factory=Quality)
    bytes_sent: int = 0  # on the wire, every probe and retry of the round
    bytes_received: int = 0
    speed: str = DUE  # whether speeds were compared (budget.DUE), or why not
    today_bytes: int = 0  # this round's and every earlier round's of the day (local time)
    # How many times longer the intervals are after this round, to stay within the daily
    # data limit (engine/budget.py); 1.0: not holding back.
    stretch: float = 1.0
    limit_bytes: int = 0  # the daily data limit then (0: none)
    # Whether the resolver under test answered any name: RESOLVER_* (docs/check-json.md).
    resolver: str = ""
    # Ended early by a stop that could not wait (docs/measurements.md, round_partial): only
    # the services whose probes all finished are in it.
    partial: bool = False
    # The provider of the public address a STUN probe saw (censorwatch/provider.py); None
    # when no STUN probe answered or the local table does not know the address.
    provider: Provider | None = None


# The resolver under test in a round: it answered some name, it answered none (silence,
# SERVFAIL, REFUSED for everything), or nothing was asked of it ("").
RESOLVER_ANSWERING, RESOLVER_NOT_ANSWERING = RESOLVER_STATES


def public_address(results: list[ProbeResult]) -> str | None:
    """The public address the round's STUN probes saw (personal data: looked up locally,
    never stored), without its port."""
    for r in results:
        stun = r.record.stun
        if stun is not None and stun.mapped_address:
            host = stun.mapped_address.rsplit(":", 1)[0]
            return host.strip("[]")
    return None


def new_round_id(now: float | None = None) -> str:
    stamp = dt.datetime.fromtimestamp(now or time.time(), dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"r-{stamp}-{os.urandom(3).hex()}"
