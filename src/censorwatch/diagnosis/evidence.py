"""The evidence of a probe in lines a support person reads: every step, the comparisons
among them (the decoy name, the address an independent resolver gave) marked as such."""

from __future__ import annotations

from typing import Any

from .. import localtime
from ..probes.records import ProbeRecord
from .answers import is_bogon
from .wording import translate


def kb(n: int) -> str:
    return f"{n / 1024:.0f}" if n >= 10 * 1024 else f"{n / 1024:.1f}"


def evidence_lines(record: ProbeRecord) -> list[str]:
    """Lines a support person reads, step by step."""
    return evidence_lines_of(record.evidence())


def evidence_lines_of(ev: dict[str, Any]) -> list[str]:
    """The same lines from evidence as stored and exported (`ProbeRecord.evidence()`), so the
    window, the history, a shared log and the HTML report all read alike."""
    lines = []

    def ms(value: float | None) -> str:
        return f", {value:.0f} ms" if value is not None else ""

    controls = {
        a for q in ev.get("dns", []) if q.get("role") == "control" for a in q.get("addresses") or []
    }
    for q in ev.get("dns", []):
        role = (
            translate("Verdict", "resolver under test")
            if q.get("role") == "test"
            else translate("Verdict", "control resolver")
        )
        addresses = q.get("addresses") or []
        answer = ", ".join(addresses[:8]) or "—"
        if q.get("truncated"):
            answer += " …"
        tail = f" ({q['failure']})" if q.get("failure") else ""
        lines.append(
            f"DNS {q.get('hostname')} @ {role} {q.get('resolver')}: {answer}{tail}{ms(q.get('time_ms'))}"
        )
        bogons = [a for a in addresses if is_bogon(a)]
        if bogons and q.get("role") == "test" and any(a not in controls for a in bogons):
            lines.append(
                translate(
                    "Verdict",
                    "Note: the resolver under test answered private addresses the independent resolvers did not: ",
                )
                + ", ".join(bogons[:4])
            )
    for t in ev.get("tcp", []):
        result = t.get("failure") or translate("Verdict", "connected")
        if t.get("abandoned"):
            result = translate("Verdict", "not needed: another address connected first")
        label = _label("TCP", t)
        lines.append(f"{label} {t.get('address')}:{t.get('port')}: {result}{ms(t.get('time_ms'))}")
    for t in ev.get("tls", []):
        label = _label("TLS", t)
        result = t.get("failure") or translate("Verdict", "handshake completed")
        if t.get("alert"):
            result += " " + translate("Verdict", "(the server's alert: {alert})").format(
                alert=t["alert"]
            )
        if t.get("verify_error"):
            result += f" ({t['verify_error']})"
        lines.append(
            f"{label} {t.get('address')}:{t.get('port')} SNI={t.get('sni')}: {result}{ms(t.get('time_ms'))}"
        )
        c = t.get("certificate")
        if c:
            lines.append(
                translate("Verdict", "Certificate: ")
                + f"{c.get('subject')}; "
                + translate("Verdict", "issuer: ")
                + f"{c.get('issuer')}; "
                + translate("Verdict", "names: ")
                + ", ".join((c.get("names") or [])[:6])
                + "; "
                + translate("Verdict", "valid until ")
                + str(c.get("not_after") or "")[:10]
            )
    for h in ev.get("http", []):
        label = _label("HTTP", h)
        if h.get("status") is not None:
            line = f"{label} {h.get('url')}: {h['status']}"
            if h.get("location"):
                line += f" → {h['location']}"
            line += ", " + translate("Verdict", "{kb} KB received").format(
                kb=kb(h.get("body_bytes") or 0)
            )
            if h.get("stalled"):
                line += ", " + translate("Verdict", "then silence")
            if h.get("failure"):
                line += f" ({h['failure']})"
            lines.append(line)
        elif h.get("failure"):
            lines.append(f"{label} {h.get('url')}: {h['failure']}")
    t = ev.get("transfer")
    if isinstance(t, dict):
        lines += _transfer_lines(t)
    s = ev.get("stun")
    if s:
        if s.get("failure"):
            lines.append(
                translate(
                    "Verdict",
                    "STUN {address}:{port}: {failure} after %n request(s)",
                    None,
                    s.get("requests_sent") or 0,
                ).format(address=s.get("address"), port=s.get("port"), failure=s["failure"])
            )
        else:
            lines.append(
                translate("Verdict", "STUN {address}:{port}: answered in {ms} ms").format(
                    address=s.get("address"), port=s.get("port"), ms=f"{s.get('time_ms') or 0:.0f}"
                )
            )
    lines += _handshake_lines(ev)
    return lines


def _handshake_lines(ev: dict[str, Any]) -> list[str]:
    """Today's techniques: QUIC handshakes, ClientHellos with and without ECH, a VPN's."""
    lines = []

    def items(key: str) -> list[dict[str, Any]]:
        value = ev.get(key)
        return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []

    def result(item: dict[str, Any], done: str) -> str:
        failure = item.get("failure")
        if failure:
            return str(failure)
        took = item.get("time_ms")
        return done + (f", {_number(took):.0f} ms" if took is not None else "")

    answered = translate("Verdict", "answered")
    for q in items("quic"):
        label = _label("QUIC", q)
        text = result(q, translate("Verdict", "handshake completed"))
        datagrams = int(_number(q.get("datagrams_sent")))
        sent = translate("Verdict", "%n datagram(s) sent", None, datagrams)
        lines.append(
            f"{label} {q.get('address')}:{q.get('port')} SNI={q.get('sni')}: {text} ({sent})"
        )
    for e in items("ech"):
        label = "TLS " + (
            translate("Verdict", "(with encrypted ClientHello)")
            if e.get("ech")
            else translate("Verdict", "(the same without encrypted ClientHello)")
        )
        text = result(e, str(e.get("answer") or answered))
        if e.get("failure") and e.get("answer"):
            text += f" ({e['answer']})"
        lines.append(f"{label} {e.get('address')}:{e.get('port')} SNI={e.get('sni')}: {text}")
    for v in items("vpn"):
        protocol = {"wireguard": "WireGuard", "openvpn": "OpenVPN"}.get(
            str(v.get("protocol")), "VPN"
        )
        label = _label(f"{protocol} {str(v.get('transport') or '').upper()}".strip(), v)
        text = result(v, answered)
        if v.get("failure"):
            requests = int(_number(v.get("requests_sent")))
            text += " " + translate("Verdict", "after %n request(s)", None, requests)
        lines.append(f"{label} {v.get('address')}:{v.get('port')}: {text}")
    if ev.get("warning") == "profile_readable":
        lines.append(
            translate(
                "Verdict",
                "Note: other users of this computer can read your VPN profile, and the keys in it: make it readable by you alone (chmod 600)",
            )
        )
    return lines


def _label(step: str, item: dict[str, Any]) -> str:
    """A step's name, with the comparison it belongs to: the decoy name on the same
    address, or the address an independent resolver gave."""
    if item.get("via") == "control":
        return step + " " + translate("Verdict", "(the independent resolver's address)")
    if item.get("via") == "https":
        return step + " " + translate("Verdict", "(the same page over HTTPS)")
    if item.get("via") == "tcp":
        return step + " " + translate("Verdict", "(the same name over TCP)")
    if item.get("via") == "other":
        return step + " " + translate("Verdict", "(another way to the same server)")
    if item.get("decoy"):
        return step + " " + translate("Verdict", "(decoy name)")
    return step


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _speeds(values: object) -> str:
    if not isinstance(values, list):
        return ""
    return ", ".join(f"{_number(v):.0f}" for v in values[:10])


def _transfer_lines(t: dict[str, Any]) -> list[str]:
    """The download, and every sample of the comparison, so the reasoning can be checked."""
    head = (
        translate(
            "Verdict", "Upload: {kbps} kbit/s ({kb} KB in {s} s; expected at least {min} kbit/s)"
        )
        if t.get("direction") == "upload"
        else translate(
            "Verdict",
            "Download: {kbps} kbit/s ({kb} KB in {s} s; expected at least {min} kbit/s)",
        )
    )
    lines = [
        head.format(
            kbps=f"{_number(t.get('kbps')):.0f}",
            kb=kb(int(_number(t.get("bytes")))),
            s=f"{_number(t.get('seconds')):.1f}",
            min=f"{_number(t.get('min_kbps')):.0f}",
        )
    ]
    real, decoy = _speeds(t.get("real_kbps")), _speeds(t.get("decoy_kbps"))
    if decoy or t.get("decoy_failure"):
        lines.append(
            translate(
                "Verdict",
                "Same server, real name / another name, in turn: {real} / {decoy} kbit/s",
            ).format(real=real or "—", decoy=decoy or str(t.get("decoy_failure") or "—"))
        )
    if t.get("reference_kbps") is not None:
        lines.append(
            translate("Verdict", "Reference download on this link: {kbps} kbit/s").format(
                kbps=f"{_number(t.get('reference_kbps')):.0f}"
            )
        )
    if t.get("measured_at") is not None:
        moment = min(max(_number(t.get("measured_at")), 0), 2**33)
        lines.append(
            translate(
                "Verdict", "Speeds as compared at {time} (comparisons run less often, to save data)"
            ).format(time=localtime.from_unix(moment))
        )
    return lines
