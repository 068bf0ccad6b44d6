"""The judges of today's techniques (docs/verdicts.md): QUIC dropped by name or for all while
TLS over TCP to the same address works (`quic`), ClientHellos with encrypted ClientHello
dropped while the same without it are answered (`ech`), a VPN's handshake unanswered while
the same server answers another way (`vpn`). A claim only where the comparison answered and
loss cannot explain the silence; otherwise what was seen, claimed as nothing."""

from __future__ import annotations

from ..probes import failures as f
from ..probes.records import VIA_OTHER, VIA_TCP, ProbeRecord
from .facts import Facts, Verdict
from .wording import translate

KINDS = ("quic", "ech", "wireguard", "openvpn")
_ANSWERS = ("server_hello", "hello_retry_request")
_PROTOCOLS = {"wireguard": "WireGuard", "openvpn": "OpenVPN"}


def judge(x: Facts) -> Verdict:
    """The verdict of a failed probe of one of KINDS (its dns step failed elsewhere)."""
    kind = x.record.kind
    if kind == "quic":
        return _quic(x)
    if kind == "ech":
        return _ech(x)
    return _vpn(x)


def worked(record: ProbeRecord) -> str:
    """The sentence of a probe of KINDS that got through."""
    if record.kind == "quic":
        return translate("Verdict", "works: the QUIC handshake (HTTP/3) completes")
    if record.kind == "ech":
        return translate(
            "Verdict",
            "works: a ClientHello with encrypted ClientHello (ECH) gets the server's answer",
        )
    return translate("Verdict", "works: your VPN server answers the {protocol} handshake").format(
        protocol=_PROTOCOLS.get(record.kind, record.kind)
    )


def _cannot_tell(x: Facts, text: str) -> Verdict:
    return x.verdict("unknown", None, text)


def _quic(x: Facts) -> Verdict:
    main = [h for h in x.record.quic if not h.decoy]
    if not main:
        return _cannot_tell(x, x.failure)
    hs = main[0]
    address = hs.address
    if x.failure == f.TIMEOUT and not hs.datagrams_received:
        decoy_ok = any(h.decoy and h.failure is None for h in x.record.quic)
        tcp_ok = any(
            t.via == VIA_TCP and f.peer_action(t.failure, t.alert) == f.ANSWERED
            for t in x.record.tls
        )
        sent = sum(h.datagrams_sent for r in x.all_records() for h in r.quic if not h.decoy)
        if decoy_ok:
            text = translate(
                "Verdict",
                "QUIC handshakes naming {name} get no answer from {address}, while the same address completes one for another name (the decoy)",
            ).format(name=hs.sni, address=address)
            if tcp_ok:
                text += translate(
                    "Verdict", "; TLS over TCP to it works (browsers fall back, slower)"
                )
            return _restricted(x.silence("quic", text, x.quality.exchange_loss, sent), tcp_ok)
        if tcp_ok:
            text = translate(
                "Verdict",
                "QUIC (HTTP/3) gets no answer from {address} for any name, while TLS over TCP to the same address works (browsers fall back, slower)",
            ).format(address=address)
            return _restricted(x.silence("quic", text, x.quality.exchange_loss, sent), True)
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "cannot tell: {address} answers neither QUIC nor TLS over TCP right now: the server or the way to it may be down",
            ).format(address=address),
        )
    if x.failure == f.CONNECTION_REFUSED:
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "cannot tell: {address} refuses QUIC on port {port}: this server may not offer HTTP/3; not a block",
            ).format(address=address, port=hs.port),
        )
    return _cannot_tell(
        x,
        translate(
            "Verdict", "cannot tell: the QUIC handshake with {address} ended unfinished ({failure})"
        ).format(address=address, failure=x.failure),
    )


def _restricted(verdict: Verdict, restricted: bool) -> Verdict:
    """A claim about one way to a service that still works another way: restricted
    ("degraded"), not blocked."""
    if restricted and verdict.status == "blocked":
        verdict.status = "degraded"
    return verdict


def _how(failure: str) -> str:
    return {
        f.TIMEOUT: translate("Verdict", "gets no answer"),
        f.EOF: translate("Verdict", "is closed before any answer"),
        f.CONNECTION_RESET: translate("Verdict", "is cut by a reset"),
    }.get(failure, failure)


def _ech(x: Facts) -> Verdict:
    with_ech = [h for h in x.record.ech if h.ech]
    without = [h for h in x.record.ech if not h.ech]
    if not with_ech or x.record.failed_step == "tcp":
        return _cannot_tell(
            x,
            translate("Verdict", "cannot tell: no connection opens to {target} ({failure})").format(
                target=x.record.target, failure=x.failure
            ),
        )
    hs = with_ech[0]
    plain_ok = any(h.answer in _ANSWERS and h.failure is None for h in without)
    if plain_ok and hs.answer is None:
        # Sites work without ECH, so the service is restricted, not blocked.
        return x.verdict(
            "degraded",
            "ech",
            translate(
                "Verdict",
                "a ClientHello with encrypted ClientHello (ECH, outer name {name}) to {address} {how}, while the same ClientHello without ECH gets the server's answer",
            ).format(name=hs.sni, address=hs.address, how=_how(x.failure)),
        )
    if plain_ok:
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "cannot tell: the server itself refuses the ClientHello with encrypted ClientHello ({answer}) and answers the one without; not a block",
            ).format(answer=hs.answer),
        )
    return _cannot_tell(
        x,
        translate(
            "Verdict",
            "cannot tell: {address} answers no ClientHello, with or without encrypted ClientHello ({failure}): the server may be down",
        ).format(address=hs.address, failure=x.failure),
    )


def _vpn(x: Facts) -> Verdict:
    protocol = _PROTOCOLS.get(x.record.kind, x.record.kind)
    main = [h for h in x.record.vpn if not h.via]
    if x.record.warning == "vpn_connected":
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "not checked: a VPN is connected on this computer, and a handshake with your key now would interrupt it; it is checked while the VPN is off",
            ),
        )
    if not main:
        # The profile could not be read: the person's file, not the network.
        return _cannot_tell(
            x,
            translate(
                "Verdict", "cannot tell: censorwatch cannot use your VPN profile ({reason})"
            ).format(reason=x.failure.removeprefix("unknown_failure: ")),
        )
    hs = main[0]
    where = f"{hs.address}:{hs.port}"
    if x.failure == f.CONNECTION_REFUSED:
        return x.verdict(
            "offline",
            None,
            translate(
                "Verdict",
                "your VPN server {where} refuses {protocol}: nothing listens there (the server is down or moved); not a block",
            ).format(where=where, protocol=protocol),
        )
    other = next((h for h in x.record.vpn if h.via == VIA_OTHER and h.failure is None), None)
    port = next((t for t in x.record.tcp if t.via == VIA_OTHER and t.failure is None), None)
    if other is not None:
        compared = translate(
            "Verdict", "while the same server answers {protocol} over {transport} (port {port})"
        ).format(protocol=protocol, transport=other.transport.upper(), port=other.port)
    elif port is not None:
        compared = translate(
            "Verdict", "while port {port} of the same server opens over TCP"
        ).format(port=port.port)
    else:
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "cannot tell: your VPN server {where} does not answer the {protocol} handshake ({failure}), and nothing else of that server was compared: it may be down, or {protocol} blocked; name another port of the server to tell them apart",
            ).format(where=where, protocol=protocol, failure=x.failure),
        )
    if x.record.failed_step == "tcp":
        text = translate(
            "Verdict", "connections to your VPN server {where} do not open ({failure}), {compared}"
        ).format(where=where, failure=x.failure, compared=compared)
        return x.verdict("blocked", "vpn", text)
    if x.failure not in (f.TIMEOUT, f.EOF, f.CONNECTION_RESET):
        return _cannot_tell(
            x,
            translate(
                "Verdict",
                "cannot tell: your VPN server {where} answers the {protocol} handshake with something else ({failure})",
            ).format(where=where, protocol=protocol, failure=x.failure),
        )
    text = translate(
        "Verdict", "{protocol} handshakes to your VPN server {where} {how}, {compared}"
    ).format(protocol=protocol, where=where, how=_how(x.failure), compared=compared)
    if hs.transport == "udp" and x.failure == f.TIMEOUT:
        sent = sum(h.requests_sent for r in x.all_records() for h in r.vpn if not h.via)
        return x.silence("vpn", text, x.quality.exchange_loss, sent)
    return x.verdict("blocked", "vpn", text)
