"""What watching costs in data: bytes a day of a service at its interval, and of a catalog.

The one estimate the first-run checklist, the service picker, Settings and the data budget
show. The bytes per probe kind are the medians `benchmarks/field.py` measures on the lab's
twins of the built-in catalog (lossless link, TLS and headers included); the benchmark prints
this estimate beside its own measurement of the same day, so the figures cannot drift apart
unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Catalog, Service, Settings

DAY = 86_400
# Bytes one probe of each kind moves when the service works (benchmarks/field.py, lossless).
PER_KIND: dict[str, float] = {
    "dns": 300.0,
    "tcp": 600.0,
    "stun": 900.0,
    "tls": 2_100.0,
    "http": 2_500.0,
    "https": 4_700.0,
    "throughput": 25_800.0,  # a round without a comparison: the object's reachability
    "freeze": 54_000.0,  # a series on a large object until 32 KB have arrived
    # Today's techniques (tests/test_quic.py, test_ech.py, test_wireguard.py,
    # test_openvpn.py and benchmarks/field.py's techniques rows): a QUIC handshake (the
    # client's Initials are padded to 1,200 bytes), a ClientHello and the server's first
    # flight over TCP, a VPN's first exchange.
    "quic": 3_900.0,
    "ech": 700.0,
    "wireguard": 300.0,
    "openvpn": 500.0,
}
COMPARISON = 590_000.0  # one speed comparison (a throttled and an unthrottled name, 10 Mbit/s)
OTHER = 3_000.0  # a kind without a figure (a newer one): about a page's handshake


@dataclass(frozen=True, slots=True)
class Cost:
    """Bytes a day: the checks themselves, and the speed comparisons on top."""

    checks: float
    comparisons: float

    @property
    def total(self) -> float:
        return self.checks + self.comparisons


def rounds_a_day(service: Service, settings: Settings) -> float:
    return DAY / max(1, service.interval or settings.interval)


def service_cost(
    service: Service,
    settings: Settings,
    compare: bool = True,
    per_kind: dict[str, float] = PER_KIND,
    comparison: float = COMPARISON,
) -> Cost:
    """A working service's bytes a day at its interval. An `any_of` group asks one member a
    round (the one that answered last); speed comparisons run every `throughput_interval`
    when `compare` (not on a metered connection the person has not allowed). `per_kind` and
    `comparison`: other bytes per probe (the benchmark's own measurement)."""
    rounds = rounds_a_day(service, settings)
    groups: set[tuple[str, str]] = set()
    checks = comparisons = 0.0
    for probe in service.probes:
        if probe.any_of:
            if (probe.capability, probe.any_of) in groups:
                continue
            groups.add((probe.capability, probe.any_of))
        each = per_kind.get(probe.kind, OTHER)
        if probe.kind == "throughput" and compare:
            compared = min(rounds, DAY / max(1, settings.throughput_interval))
            comparisons += compared * comparison
            checks += (rounds - compared) * each
            continue
        checks += rounds * each
    return Cost(checks, comparisons)


def catalog_cost(catalog: Catalog, compare: bool = True) -> Cost:
    checks = comparisons = 0.0
    for service in catalog.services:
        cost = service_cost(service, catalog.settings, compare)
        checks += cost.checks
        comparisons += cost.comparisons
    return Cost(checks, comparisons)


def compares(settings: Settings, metered: bool | None) -> bool:
    """Whether speed comparisons run on this connection (the engine's rule, engine/budget)."""
    return settings.allow_metered or not metered


def megabytes(nbytes: float) -> tuple[float, int]:
    """Megabytes as a person reads an estimate, and the decimals to show: 12.3 MB → (12, 0),
    0.43 → (0.4, 1); never 0 for something that costs bytes."""
    mb = nbytes / 1e6
    if mb >= 9.95:
        return round(mb), 0
    if mb >= 0.05 or not nbytes:
        return round(mb, 1), 1
    return 0.1, 1
