"""The state of the network in a round: online, offline (nothing answers: blame no
service) or a white list (only listed services answer), and which kind of white list: by
address (connections to unlisted addresses time out) or by name (connections open, but the
handshake of an unlisted name never completes), told apart by how unlisted services fail and
by the discriminators (a listed name sent to an unlisted address, a random name sent to a
listed one; docs/field-notes.md, "White lists")."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..probes import failures as f
from ..probes.records import ProbeRecord
from .wording import translate

# How services outside a white list fail: silence at the connection or at the handshake (and
# calls' UDP, and transfers that stop). A reset or a blockpage is a block of its own.
WHITELIST_SHAPES = {"tcp_timeout", "tls_timeout", "udp", "stall"}


@dataclass(slots=True)
class Seen:
    """What the network state reads of one service's round."""

    id: str
    listed: bool  # on the white lists (a reference)
    records: list[ProbeRecord]
    status: str  # as judged per probe, before the network's state
    technique: str | None = None
    discriminators: list[tuple[str, ProbeRecord]] = field(default_factory=list)
    domestic: bool = False


def _answered(records: list[ProbeRecord]) -> bool:
    for r in records:
        if any(q.addresses for q in r.dns) or any(t.connected for t in r.tcp):
            return True
        if r.stun and r.stun.failure is None:
            return True
        if any(h.failure is None for h in r.quic) or any(h.failure is None for h in r.vpn):
            return True
        if any(e.answer for e in r.ech):
            return True
    return False


def _handshake_answered(r: ProbeRecord) -> bool | None:
    """True: the server answered the ClientHello (a handshake, an alert, a certificate it
    cannot prove); False: silence after the connection opened; None: no connection."""
    if r.failure is None:
        return True
    if r.failed_step == "tls":
        main = next((t for t in reversed(r.tls) if t.main), None)
        return f.peer_action(r.failure, main.alert if main else None) != f.SILENT
    return None


def whitelist_kind(unlisted: list[Seen], discriminators: list[tuple[str, ProbeRecord]]) -> str:
    """ "address", "name", or "" when the evidence does not say."""
    by_name = sum(1 for s in unlisted if s.technique == "tls_timeout")
    by_address = sum(1 for s in unlisted if s.technique == "tcp_timeout")
    for role, r in discriminators:
        answered = _handshake_answered(r)
        if role == "listed_sni":  # a listed name to an unlisted address
            if answered:
                by_name += 2
            elif answered is None and r.failed_step == "tcp":
                by_address += 2
        elif role == "random_sni":  # a random name to a listed address
            if answered is False:
                by_name += 2
            elif answered:
                by_address += 2
    if by_name > by_address:
        return "name"
    if by_address > by_name:
        return "address"
    return ""


def network_state(services: list[Seen]) -> tuple[str, str]:
    """`online`, `offline` or `whitelist` from one round, with the sentence that says it."""
    records = [r for s in services for r in (*s.records, *(d for _, d in s.discriminators))]
    if services and not _answered(records):
        return "offline", translate(
            "Verdict",
            "Nothing answers, not even domestic sites or DNS resolvers: the internet connection itself seems down. No service is judged blocked.",
        )
    listed = [s for s in services if s.listed]
    unlisted = [s for s in services if not s.listed]
    listed_ok = any(s.status in ("ok", "degraded") for s in listed)

    # Every foreign unlisted service failed, in a way that was judged (not "cannot tell": on a
    # lossy link, silence proves nothing) and the way white lists make them fail; and the
    # domestic controls off the lists did not all work (where they all work, foreign
    # services are blocked one by one; one of them added to a list later must not hide a
    # white list, so one failing control is enough).
    def failed(s: Seen) -> bool:
        return s.status == "offline" or (s.status == "blocked" and s.technique in WHITELIST_SHAPES)

    foreign = [s for s in unlisted if not s.domestic]
    controls = [s for s in unlisted if s.domestic]
    unlisted_failed = all(failed(s) for s in foreign) and (
        not controls or any(failed(s) for s in controls)
    )
    if listed_ok and len(unlisted) >= 2 and unlisted_failed:
        kind = whitelist_kind(unlisted, [d for s in services for d in s.discriminators])
        if kind == "address":
            return "whitelist", translate(
                "Verdict",
                "Only listed services work: the network lets through a white list of approved addresses (connections to any other address time out). Services outside the list cannot be judged one by one.",
            )
        if kind == "name":
            return "whitelist", translate(
                "Verdict",
                "Only listed services work: the network lets through a white list of approved names (connections open, but the secure handshake of any unlisted name never completes). Services outside the list cannot be judged one by one.",
            )
        return "whitelist", translate(
            "Verdict",
            "Only domestic services work: the network lets through a white list of approved services. Foreign services cannot be judged one by one.",
        )
    return "online", translate("Verdict", "The network works.")
