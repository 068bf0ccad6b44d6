"""Turns probe records into verdicts: per probe, capability, service, and the network state.

Pure functions, no I/O. A verdict rests on differential evidence: the resolver under test
against the controls, the real SNI against the decoy on the same address, the domestic
references against the foreign services.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..probes import failures as f
from ..probes.records import ProbeRecord
from .fingerprints import Fingerprints
from .words import translate

STATUSES = ("ok", "degraded", "offline", "blocked")  # from best to worst
_RANK = {s: i for i, s in enumerate(STATUSES)}
TECHNIQUES = (
    "dns",
    "tcp_timeout",
    "tcp_refused",
    "tls_reset",
    "tls_timeout",
    "sni",
    "tls_mitm",
    "http_blockpage",
    "http_failure",
    "stall",
    "throttling",
    "udp",
)
_CERT = {f.SSL_UNKNOWN_AUTHORITY, f.SSL_INVALID_HOSTNAME, f.SSL_INVALID_CERTIFICATE}
_TIMEOUTS = {f.TIMEOUT}


@dataclass(slots=True)
class Verdict:
    status: str
    technique: str | None = None
    explanation: str = ""
    evidence: list[str] = field(default_factory=list)


def worst(statuses) -> str:
    return max(statuses, key=lambda s: _RANK[s], default="ok")


# --- evidence helpers --------------------------------------------------------------------


def is_bogon(address: str) -> bool:
    """Private, loopback, link-local, reserved or documentation addresses (as in OONI)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not ip.is_global


def _control_answered(record: ProbeRecord) -> bool:
    return any(q.role == "control" and q.addresses for q in record.dns)


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
    if any(not t.decoy and t.failure is None and t.address in test for t in record.tls):
        return "consistent"
    return "inconsistent"


def _kb(n: int) -> str:
    return f"{n / 1024:.0f}" if n >= 10 * 1024 else f"{n / 1024:.1f}"


def evidence_lines(record: ProbeRecord) -> list[str]:
    """Lines a support person reads, step by step."""
    return evidence_lines_of(record.evidence())


def evidence_lines_of(ev: dict) -> list[str]:
    """The same lines from evidence as stored and exported (`ProbeRecord.evidence()`), so the
    window, the history, a shared log and the HTML report all read alike."""
    lines = []

    def ms(value) -> str:
        return f", {value:.0f} ms" if value is not None else ""

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
        if bogons and q.get("role") == "test":
            lines.append(
                translate("Verdict", "Note: the resolver under test answered private addresses: ")
                + ", ".join(bogons[:4])
            )
    for t in ev.get("tcp", []):
        result = t.get("failure") or translate("Verdict", "connected")
        lines.append(f"TCP {t.get('address')}:{t.get('port')}: {result}{ms(t.get('time_ms'))}")
    for t in ev.get("tls", []):
        label = translate("Verdict", "TLS (decoy name)") if t.get("decoy") else "TLS"
        result = t.get("failure") or translate("Verdict", "handshake completed")
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
        if h.get("status") is not None:
            line = f"HTTP {h.get('url')}: {h['status']}"
            if h.get("location"):
                line += f" → {h['location']}"
            line += ", " + translate("Verdict", "{kb} KB received").format(
                kb=_kb(h.get("body_bytes") or 0)
            )
            if h.get("stalled"):
                line += ", " + translate("Verdict", "then silence")
            if h.get("failure"):
                line += f" ({h['failure']})"
            lines.append(line)
        elif h.get("failure"):
            lines.append(f"HTTP {h.get('url')}: {h['failure']}")
    t = ev.get("transfer")
    if t:
        lines.append(
            translate(
                "Verdict",
                "Download: {kbps} kbit/s ({kb} KB in {s} s; expected at least {min} kbit/s)",
            ).format(
                kbps=f"{t['kbps']:.0f}",
                kb=_kb(t["bytes"]),
                s=f"{t['seconds']:.1f}",
                min=f"{t['min_kbps']:.0f}",
            )
        )
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
    return lines


# --- per probe ---------------------------------------------------------------------------


def _blockpage(record: ProbeRecord, fingerprints: Fingerprints):
    for h in record.http:
        if h.status is None:
            continue
        fp = fingerprints.match_http(h.headers, h.body)
        if fp:
            return fp, h
    return None, None


def probe_verdict(record: ProbeRecord, fingerprints: Fingerprints | None = None) -> Verdict:
    """Status and technique of one probe, with the reason in words."""
    fingerprints = fingerprints or Fingerprints()
    evidence = evidence_lines(record)
    consistency = dns_consistency(record)
    first_test = next((q for q in record.dns if q.role == "test"), None)
    name = first_test.hostname if first_test else record.target

    def v(status, technique, text):
        return Verdict(status, technique, text, evidence)

    # DNS answers that are known blockpage addresses decide on their own.
    if first_test:
        fp = fingerprints.match_dns(first_test.addresses)
        if fp:
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your resolver answers {name} with a known blocking address ({address})",
                ).format(name=name, address=fp.pattern),
            )

    fp, _exchange = _blockpage(record, fingerprints)
    if fp:
        if consistency == "inconsistent":
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your resolver sends {name} to another address ({address}) that serves a blockpage, while an independent resolver gives the real one",
                ).format(name=name, address=", ".join(record.addresses[:2])),
            )
        return v(
            "blocked",
            "http_blockpage",
            translate(
                "Verdict",
                "the network answers with a blockpage instead of the site ({fingerprint})",
            ).format(fingerprint=fp.name),
        )

    failure, step = record.failure, record.failed_step
    if failure is None:
        t = record.transfer
        if t and t.kbps < t.min_kbps:
            return v(
                "degraded",
                "throttling",
                translate(
                    "Verdict", "downloads run at {kbps} kbit/s, below the {min} kbit/s needed"
                ).format(kbps=f"{t.kbps:.0f}", min=f"{t.min_kbps:.0f}"),
            )
        return v("ok", None, translate("Verdict", "works"))

    if step == "dns":
        if _control_answered(record):
            what = {
                f.DNS_NXDOMAIN: translate("Verdict", "that the name does not exist"),
                f.DNS_NO_ANSWER: translate("Verdict", "no address"),
                f.TIMEOUT: translate("Verdict", "nothing"),
            }.get(failure, failure)
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your DNS resolver answers {what} for {name}, while an independent resolver gives its address",
                ).format(what=what, name=name),
            )
        return v(
            "offline",
            None,
            translate(
                "Verdict", "no resolver could find {name}, not even the independent ones"
            ).format(name=name),
        )

    # An answer that differs from the controls is a lie when the address then fails for the
    # name (wrong certificate) or is not a public address; a CDN's other address is not.
    lied = failure in _CERT or (step in ("tcp", "tls") and any(map(is_bogon, record.addresses)))
    if consistency == "inconsistent" and lied:
        return v(
            "blocked",
            "dns",
            translate(
                "Verdict",
                "your resolver gives {name} a different address ({address}) that is not the service's, while an independent resolver gives the real one",
            ).format(name=name, address=", ".join(record.addresses[:2])),
        )

    if step == "tcp":
        address = record.tcp[0].address if record.tcp else record.target
        if failure in _TIMEOUTS:
            return v(
                "blocked",
                "tcp_timeout",
                translate(
                    "Verdict", "connections to {address} time out: the address is dropped"
                ).format(address=address),
            )
        if failure in (f.CONNECTION_REFUSED, f.CONNECTION_RESET):
            return v(
                "blocked",
                "tcp_refused",
                translate("Verdict", "connections to {address} are refused").format(
                    address=address
                ),
            )
        return v(
            "offline",
            None,
            translate("Verdict", "the network cannot reach {address} ({failure})").format(
                address=address, failure=failure
            ),
        )

    if step == "tls":
        main = next((t for t in record.tls if not t.decoy), None)
        decoy = next((t for t in record.tls if t.decoy), None)
        if failure in _CERT:
            issuer = (
                main.certificate.issuer
                if main and main.certificate
                else translate("Verdict", "unknown")
            )
            if failure == f.SSL_INVALID_HOSTNAME:
                text = translate(
                    "Verdict",
                    "the certificate is not valid for {name} (issued by {issuer}): someone is intercepting",
                )
            else:
                text = translate(
                    "Verdict",
                    "the certificate comes from an authority your system does not trust ({issuer}): someone is intercepting",
                )
            return v("blocked", "tls_mitm", text.format(name=name, issuer=issuer))
        sni = main.sni if main else name
        address = main.address if main else record.target
        if decoy is not None and decoy.failure is None:
            how = (
                translate("Verdict", "reset")
                if failure != f.TIMEOUT
                else translate("Verdict", "silently dropped")
            )
            return v(
                "blocked",
                "sni",
                translate(
                    "Verdict",
                    "the secure connection is {how} when it names {sni}, yet completes with another name on the same address: filtering by name (SNI)",
                ).format(how=how, sni=sni),
            )
        if failure in _TIMEOUTS:
            return v(
                "blocked",
                "tls_timeout",
                translate(
                    "Verdict", "the secure handshake with {address} stalls, whatever name is asked"
                ).format(address=address),
            )
        return v(
            "blocked",
            "tls_reset",
            translate(
                "Verdict", "the secure handshake with {address} is cut, whatever name is asked"
            ).format(address=address),
        )

    if step == "body":
        h = record.http[-1] if record.http else None
        if h is not None and h.stalled:
            return v(
                "blocked",
                "stall",
                translate(
                    "Verdict", "the transfer froze after {kb} KB: bytes stopped arriving mid-way"
                ).format(kb=_kb(h.body_bytes)),
            )
        if failure in _TIMEOUTS:
            return v(
                "degraded",
                "throttling",
                translate("Verdict", "the page loads too slowly to finish in time"),
            )
        return v(
            "blocked",
            "http_failure",
            translate("Verdict", "the transfer was cut mid-way"),
        )

    if step == "http":
        return v(
            "blocked",
            "http_failure",
            translate(
                "Verdict", "the connection is cut after the handshake, before the page arrives"
            ),
        )

    if step == "udp":
        return v(
            "blocked",
            "udp",
            translate("Verdict", "call servers did not answer over UDP")
            if failure == f.TIMEOUT
            else translate(
                "Verdict", "call servers answered over UDP with something that is not STUN"
            )
            if failure.startswith("unknown_failure")
            else translate("Verdict", "calls cannot reach their servers over UDP"),
        )

    return v("blocked", None, failure)


# --- aggregation ---------------------------------------------------------------------------


def capability_verdict(verdicts: list[Verdict]) -> Verdict:
    """A capability takes its worst probe."""
    if not verdicts:
        return Verdict("offline", None, translate("Verdict", "nothing checked"))
    return max(verdicts, key=lambda v: _RANK[v.status])


def network_state(services: list[tuple[str, str, list[ProbeRecord], str]]) -> tuple[str, str]:
    """`online`, `offline` or `whitelist` from one round.

    `services` holds (id, region, records, status) with the status as judged per probe.
    """
    answered = False
    for _sid, _region, records, _status in services:
        for r in records:
            if any(q.addresses for q in r.dns) or any(t.failure is None for t in r.tcp):
                answered = True
            if r.stun and r.stun.failure is None:
                answered = True
    if services and not answered:
        return "offline", translate(
            "Verdict",
            "Nothing answers, not even domestic sites or DNS resolvers: the internet connection itself seems down. No service is judged blocked.",
        )
    domestic = [s for s in services if s[1] == "domestic"]
    foreign = [s for s in services if s[1] != "domestic"]
    domestic_ok = any(s[3] in ("ok", "degraded") for s in domestic)
    foreign_ok = any(s[3] in ("ok", "degraded") for s in foreign)
    if domestic_ok and len(foreign) >= 2 and not foreign_ok:
        return "whitelist", translate(
            "Verdict",
            "Only domestic services work: the network lets through a white list of approved services. Foreign services cannot be judged one by one.",
        )
    return "online", translate("Verdict", "The network works.")


def effective_status(status: str, region: str, state: str) -> str:
    """A status once the round's network state is applied: when the network is down, or
    only a white list gets through, a foreign failure blames no service."""
    if state == "offline":
        return "offline"
    if state == "whitelist" and region != "domestic" and status not in ("ok", "degraded"):
        return "offline"
    return status
