"""How good the network is in a round, measured from what loss cannot fake: retransmissions of
DNS queries that were answered in the end, the kernel's retransmissions on connections that
worked, their round-trip times, and the speed of reference downloads.

A failure that is only silence (no DNS answer, a connect or handshake that times out, a
transfer that stops, no STUN reply) is a claim of censorship only when loss alone would
almost never produce it: `chance_of_loss` must be below `CLAIM_BELOW`. Otherwise the probe
says "cannot tell", and the engine tries again.

CLAIM_BELOW is small because it is paid many times: a round judges about fifty lookups and
connections, a day of rounds some fifteen thousand. At one in a million per silence, a link
that loses just enough to sit at the line makes a false claim about once in two months; a
link that loses more makes none (the silences become "cannot tell").
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ..probes.failures import TIMEOUT
from ..probes.records import ProbeRecord

CLAIM_BELOW = 1e-6  # the chance that loss alone explains a silence, for a claim to stand
SYN_TIMES = (0.0, 1.0, 3.0, 7.0, 15.0, 31.0)  # when Linux sends a SYN again (1 s, doubling)
# What a round with few exchanges (a check of one service) assumes before it has seen its
# own: a mediocre link, weighed as ten exchanges. A lossy link soon outweighs it.
PRIOR_LOSS, PRIOR_WEIGHT = 0.02, 10
POOR_LOSS = 0.05  # from here the banner says the network is poor
SLOW_KBPS = 1000.0  # a reference download slower than this: the link is slow


@dataclass(slots=True)
class Quality:
    """Loss per attempt (a datagram and its answer, or a TCP segment), latency, speed."""

    dns_attempts: int = 0
    dns_lost: int = 0
    tcp_segments: int = 0
    tcp_retransmits: int = 0
    rtt_ms: float | None = None
    reference_kbps: float | None = None
    step_timeout: float = 10.0  # each network step's timeout in this round

    @property
    def udp_loss(self) -> float:
        """The chance a datagram exchange goes unanswered. Few samples never prove a
        perfect network: PRIOR_WEIGHT exchanges at PRIOR_LOSS are counted as if seen."""
        prior = PRIOR_LOSS * PRIOR_WEIGHT
        return (self.dns_lost + prior) / (self.dns_attempts + PRIOR_WEIGHT)

    @property
    def tcp_loss(self) -> float:
        """The chance a segment (or its acknowledgement) is lost: a retransmission follows
        the loss of either, so twice the retransmission rate, with the same prior."""
        prior = PRIOR_LOSS / 2 * PRIOR_WEIGHT
        return min(0.5, 2 * (self.tcp_retransmits + prior) / (self.tcp_segments + PRIOR_WEIGHT))

    @property
    def exchange_loss(self) -> float:
        """The chance one exchange (a datagram and its answer, a segment and its
        acknowledgement) fails: the link's, whatever carries it. The larger estimate of the
        two, so that a claim never rests on the kinder one."""
        return max(self.udp_loss, self.tcp_loss)

    @property
    def loss(self) -> float:
        """The packet loss a person would be told about (one direction); 0 when unknown."""
        return self.measured_loss or 0.0

    @property
    def measured_loss(self) -> float | None:
        """The packet loss, or None when the round saw too few exchanges to say."""
        samples = []
        if self.dns_attempts >= 10:
            samples.append(self.dns_lost / self.dns_attempts / 2)
        if self.tcp_segments >= 20:
            samples.append(self.tcp_retransmits / self.tcp_segments)
        return max(samples, default=None)

    @property
    def poor(self) -> bool:
        return self.loss >= POOR_LOSS

    @property
    def slow(self) -> bool:
        return self.reference_kbps is not None and self.reference_kbps < SLOW_KBPS

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "loss_percent": None
            if self.measured_loss is None
            else round(100 * self.measured_loss, 1),
            "rtt_ms": None if self.rtt_ms is None else round(self.rtt_ms, 1),
            "reference_kbps": None if self.reference_kbps is None else round(self.reference_kbps),
            "dns_attempts": self.dns_attempts,
            "dns_lost": self.dns_lost,
            "tcp_segments": self.tcp_segments,
            "tcp_retransmits": self.tcp_retransmits,
        }


def quality_of(
    records: Iterable[ProbeRecord],
    step_timeout: float = 10.0,
    reference_kbps: float | None = None,
) -> Quality:
    """The round's quality from its probe records (those finished so far, during a round)."""
    q = Quality(reference_kbps=reference_kbps, step_timeout=step_timeout)
    rtts: list[float] = []
    seen_lookups: set[tuple[str, str, str]] = set()
    for r in records:
        for d in r.dns:
            key = (d.resolver, d.role, d.hostname)
            # A name the resolver under test leaves unanswered is what is being judged, not
            # evidence of loss; the controls' silence counts (if they are blocked, the loss
            # looks higher and fewer claims are made: the safe side).
            unanswered = d.failure == TIMEOUT and d.role == "test"
            # Datagrams only: DNS over HTTPS rides on TCP, whose loss is hidden (and counted
            # below, by the kernel's retransmissions).
            datagrams = d.resolver.startswith("udp://")
            if key in seen_lookups or unanswered or d.attempts == 0 or not datagrams:
                continue
            seen_lookups.add(key)
            q.dns_attempts += d.attempts
            q.dns_lost += d.lost
        for t in r.tcp:
            if t.failure is None and t.retransmits is not None and t.segments:
                q.tcp_retransmits += t.retransmits
                q.tcp_segments += t.segments
                if t.rtt_ms:
                    rtts.append(t.rtt_ms)
    if rtts:
        q.rtt_ms = statistics.median(rtts)
    return q


def add_silences_retries_undid(
    q: Quality, tries: Iterable[tuple[list[ProbeRecord], ProbeRecord]]
) -> None:
    """Loss seen in failed exchanges: a step that was only silence in a probe's earlier try
    and went through in its retry was loss, not a block (a burst, a congested cell); its
    unanswered SYNs or flights count as lost segments, so loss that comes in bursts is not
    measured on working connections alone. `tries`: each probe's earlier tries and its last."""
    for earlier, last in tries:
        for before in earlier:
            step = before.failed_step
            if before.failure != TIMEOUT or step not in ("tcp", "tls", "http"):
                continue
            if (
                last.failed_step is not None
                and STEP_ORDER.get(last.failed_step, 9) <= STEP_ORDER[step]
            ):
                continue  # the retry did not get past that step either
            lost = (
                syns_within(q.step_timeout)
                if step == "tcp"
                else flights_of([before], q.step_timeout)
            )
            q.tcp_segments += lost
            q.tcp_retransmits += lost


STEP_ORDER = {"dns": 0, "tcp": 1, "tls": 2, "http": 3, "body": 4, "udp": 5}


def flights_within(
    timeout: float, connect_ms: float | None = None, rtt_ms: float | None = None
) -> int:
    """How many times a flight (a ClientHello, a request, the next segment) is sent before
    `timeout`: at once, then after the retransmission timeout, doubling. Linux starts that
    timeout at about three round trips of the path (srtt + 4 rttvar, at least 200 ms): on a
    300 ms mobile path fewer tries fit in a timeout than on a short one. After a lost SYN it
    starts at 3 s (RFC 6298, 5.7): a connect that took a second or more leaves a short step
    a single try. `rtt_ms`: the connection's own round trip (TCP_INFO), else its connect
    time stands for one."""
    if connect_ms is not None and connect_ms >= 900:
        rto = 3.0
    else:
        rtt = rtt_ms if rtt_ms is not None else connect_ms
        rto = max(0.2, 3 * (rtt or 0) / 1000)
    n, t = 0, 0.0
    while t < timeout:
        n += 1
        t += rto
        rto *= 2
    return n


def flights_of(records: Iterable[ProbeRecord], timeout: float) -> int:
    """The tries of a silent step over a probe's records (a retry's count too)."""
    total = 0
    for r in records:
        first = next((t for t in r.tcp if not t.via and t.connected), None)
        total += flights_within(
            timeout, first.time_ms if first else None, first.rtt_ms if first else None
        )
    return total


def syns_within(timeout: float) -> int:
    """How many SYNs the kernel sends before a connect gives up after `timeout` seconds."""
    return sum(1 for t in SYN_TIMES if t < timeout)


def chance_of_loss(per_attempt: float, attempts: int) -> float:
    """The chance that `attempts` independent tries all fail from loss alone."""
    return per_attempt ** max(1, attempts)


def explained_by_loss(per_attempt: float, attempts: int) -> bool:
    return chance_of_loss(per_attempt, attempts) >= CLAIM_BELOW
