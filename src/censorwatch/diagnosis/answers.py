"""What the resolvers said about a probe's name, compared: the resolver under test against the
independent ones. They agree, or disagree; the name exists only for the resolver under test
(a "ghost": the independent resolvers say it does not exist); every resolver points it at
this computer or at a private network (a misconfigured site, not a block); and what the
address an independent resolver gave did when the probe tried it (probes/comparisons.py)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from ..probes import failures as f
from ..probes.records import VIA_CONTROL, ProbeRecord
from .wording import translate

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# Answers that say "no such name" or "no address": a definite answer, not a silence.
NEGATIVE = (f.DNS_NXDOMAIN, f.DNS_NO_ANSWER)


def lab_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """The config's `lab_networks`: ranges a lab uses as its internet (a test lab on
    127.77.0.0/16), whose addresses count as public ones."""
    return tuple(ipaddress.ip_network(s, strict=False) for s in specs)


def is_bogon(address: str, lab: tuple[Network, ...] = ()) -> bool:
    """Private, loopback, link-local, reserved or documentation addresses (as in OONI),
    except those of a lab's internet."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not ip.is_global and not any(ip in n for n in lab)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@dataclass(slots=True)
class Answers:
    """The resolvers' answers for the first name a probe resolved."""

    name: str
    test: list[str]  # addresses from the resolver under test
    control: list[str]  # addresses from the independent resolvers
    control_negative: bool  # an independent resolver said the name has no address
    consistency: str  # "consistent", "inconsistent" or "unknown"
    local: bool  # they agree, and every address is this computer's or a private network's
    ghost: bool  # only the resolver under test knows the name

    def lied_to(self, lab: tuple[Network, ...]) -> list[str]:
        """The test's addresses that are private while the independent ones are not."""
        return [a for a in self.test if is_bogon(a, lab)] if self.control else []


def answers_of(record: ProbeRecord, lab: tuple[Network, ...] = ()) -> Answers:
    first = next((q for q in record.dns if q.role == "test"), None)
    name = first.hostname if first else record.target
    test = [a for q in record.dns if q.role == "test" and q.hostname == name for a in q.addresses]
    controls = [q for q in record.dns if q.role == "control" and q.hostname == name]
    control = [a for q in controls for a in q.addresses]
    negative = not control and any(q.failure in NEGATIVE for q in controls)
    consistency = dns_consistency(record)
    local = (
        bool(test)
        and consistency != "inconsistent"
        and all(is_bogon(a, lab) for a in test)
        and all(is_bogon(a, lab) for a in control)
    )
    return Answers(name, test, control, negative, consistency, local, bool(test) and negative)


def dns_consistency(record: ProbeRecord) -> str:
    """ "consistent", "inconsistent" or "unknown" for the first name the probe resolved."""
    if record.literal_addresses and not record.dns:
        return "consistent"
    test = [a for q in record.dns if q.role == "test" for a in q.addresses]
    control = record.control_addresses
    if not test or not control:
        return "unknown"
    if set(test) & set(control):
        return "consistent"
    # A handshake valid for the name proves the address is the service's (CDNs answer
    # differently per resolver location).
    if any(t.main and t.failure is None and t.address in test for t in record.tls):
        return "consistent"
    return "inconsistent"


def control_worked(record: ProbeRecord) -> bool | None:
    """What the probe's step did at the address an independent resolver gave: True (it
    answered), False (it failed too), None (not tried)."""
    pages = [h for h in record.http if h.via == VIA_CONTROL]
    if pages:
        return any(h.status is not None and h.failure is None for h in pages)
    handshakes = [t for t in record.tls if t.via == VIA_CONTROL]
    if handshakes:
        return any(t.failure is None for t in handshakes)
    connects = [t for t in record.tcp if t.via == VIA_CONTROL]
    if connects:
        return any(t.connected for t in connects)
    return None


def dns_failure_reason(failure: str) -> str:
    """The resolver's answer, in the words of a sentence ("no such name")."""
    return {
        f.DNS_NXDOMAIN: translate("Verdict", "that the name does not exist"),
        f.DNS_NO_ANSWER: translate("Verdict", "no address"),
    }.get(failure, failure)


# A resolver that gives these answers has answered; silence, SERVFAIL, REFUSED have not.
ANSWERS = ("NOERROR", "NXDOMAIN")


def resolver_answers(records: Iterable[ProbeRecord]) -> bool | None:
    """Whether the resolver under test answered any name in a round: True, False (it asked
    and got silence, SERVFAIL or REFUSED for everything), None (nothing was asked of it)."""
    asked = False
    for r in records:
        for q in r.dns:
            if q.role != "test":
                continue
            if q.rcode in ANSWERS:
                return True
            asked = True
    return False if asked else None
