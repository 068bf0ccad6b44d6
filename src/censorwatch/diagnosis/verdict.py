"""Verdicts: the status and technique of one probe, from the step that failed and the
comparison that says why (controls, the decoy name on the same address, fingerprints); a
capability's verdict from its probes is capability.py's. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..probes import failures as f
from ..probes.records import ProbeRecord
from .evidence import control_answered, dns_consistency, evidence_lines, is_bogon, kb
from .fingerprints import Fingerprint, Fingerprints
from .quality import Quality, explained_by_loss, flights_of, syns_within
from .speed import speed_verdict
from .wording import translate

STATUSES = ("ok", "degraded", "offline", "blocked", "unknown")  # the contract's statuses
# How bad each is, for "a capability takes its worst probe": cannot tell is worse than
# working and better than any failure.
_RANK = {"ok": 0, "unknown": 1, "degraded": 2, "offline": 3, "blocked": 4}
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
CERT_FAILURES = {f.SSL_UNKNOWN_AUTHORITY, f.SSL_INVALID_HOSTNAME, f.SSL_INVALID_CERTIFICATE}


@dataclass(slots=True)
class Verdict:
    status: str
    technique: str | None = None
    explanation: str = ""
    evidence: list[str] = field(default_factory=list)


def worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _RANK[s], default="ok")


@dataclass(slots=True)
class Facts:
    """What a judge of one failed step looks at."""

    record: ProbeRecord
    failure: str
    name: str  # the name the probe resolved first, or its target
    evidence: list[str]
    quality: Quality
    earlier: list[ProbeRecord]  # the attempts before this one (confirmation retries)

    def verdict(self, status: str, technique: str | None, text: str) -> Verdict:
        return Verdict(status, technique, text, self.evidence)

    def silence(self, technique: str, text: str, per_attempt: float, attempts: int) -> Verdict:
        """A failure that is silence: claimed only when loss alone would almost never
        cause it (attempts of the earlier tries count too), else "cannot tell"."""
        if not explained_by_loss(per_attempt, attempts):
            return self.verdict("blocked", technique, text)
        if self.quality.measured_loss is None:
            return self.verdict(
                "unknown",
                None,
                translate(
                    "Verdict",
                    "cannot tell: this failure is only silence, and this round saw too little traffic to tell a block from lost packets",
                ),
            )
        return self.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: your connection is unreliable right now (about {loss} % of packets lost), and this failure looks like loss",
            ).format(loss=f"{100 * max(self.quality.loss, per_attempt / 2):.0f}"),
        )

    def all_records(self) -> list[ProbeRecord]:
        return [*self.earlier, self.record]


def _dns(x: Facts) -> Verdict:
    if control_answered(x.record):
        if x.failure == f.TIMEOUT:
            # Silence: tampering only when the resolver answers other names in this round
            # and loss alone would not have swallowed every query and answer for this one.
            lost = sum(q.lost for r in x.all_records() for q in r.dns if q.role == "test")
            return x.silence(
                "dns",
                translate(
                    "Verdict",
                    "your DNS resolver answers nothing for {name} (after {n} tries) while it answers other names, and an independent resolver gives its address",
                ).format(name=x.name, n=lost),
                x.quality.exchange_loss,
                lost,
            )
        what = {
            f.DNS_NXDOMAIN: translate("Verdict", "that the name does not exist"),
            f.DNS_NO_ANSWER: translate("Verdict", "no address"),
        }.get(x.failure, x.failure)
        return x.verdict(
            "blocked",
            "dns",
            translate(
                "Verdict",
                "your DNS resolver answers {what} for {name}, while an independent resolver gives its address",
            ).format(what=what, name=x.name),
        )
    return x.verdict(
        "offline",
        None,
        translate("Verdict", "no resolver could find {name}, not even the independent ones").format(
            name=x.name
        ),
    )


def _tcp(x: Facts) -> Verdict:
    address = x.record.tcp[0].address if x.record.tcp else x.record.target
    if x.failure == f.TIMEOUT:
        # The kernel sent its SYN again and again, to each address, in each attempt.
        syns = syns_within(x.quality.step_timeout) * sum(
            max(1, sum(1 for t in r.tcp if t.failure == f.TIMEOUT)) for r in x.all_records()
        )
        return x.silence(
            "tcp_timeout",
            translate(
                "Verdict", "connections to {address} time out: the address is dropped"
            ).format(address=address),
            x.quality.exchange_loss,
            syns,
        )
    if x.failure in (f.CONNECTION_REFUSED, f.CONNECTION_RESET):
        return x.verdict(
            "blocked",
            "tcp_refused",
            translate("Verdict", "connections to {address} are refused").format(address=address),
        )
    return x.verdict(
        "offline",
        None,
        translate("Verdict", "the network cannot reach {address} ({failure})").format(
            address=address, failure=x.failure
        ),
    )


def _tls(x: Facts) -> Verdict:
    main = next((t for t in x.record.tls if not t.decoy), None)
    decoy = next((t for t in x.record.tls if t.decoy), None)
    if x.failure in CERT_FAILURES:
        issuer = (
            main.certificate.issuer
            if main and main.certificate
            else translate("Verdict", "unknown")
        )
        if x.failure == f.SSL_INVALID_HOSTNAME:
            text = translate(
                "Verdict",
                "the certificate is not valid for {name} (issued by {issuer}): someone is intercepting",
            )
        else:
            text = translate(
                "Verdict",
                "the certificate comes from an authority your system does not trust ({issuer}): someone is intercepting",
            )
        return x.verdict("blocked", "tls_mitm", text.format(name=x.name, issuer=issuer))
    sni = main.sni if main else x.name
    address = main.address if main else x.record.target
    tries = flights_of(x.all_records(), x.quality.step_timeout)
    # The decoy of this try, or of an earlier one (a retry on a lossy link may lose it).
    decoys = [t for r in x.all_records() for t in r.tls if t.decoy]
    if decoy is not None and decoy.failure is not None:
        decoy = next((t for t in decoys if t.failure is None), decoy)
    if decoy is not None and decoy.failure is None:
        how = (
            translate("Verdict", "reset")
            if x.failure != f.TIMEOUT
            else translate("Verdict", "silently dropped")
        )
        text = translate(
            "Verdict",
            "the secure connection is {how} when it names {sni}, yet completes with another name on the same address: filtering by name (SNI)",
        ).format(how=how, sni=sni)
        if x.failure == f.TIMEOUT:
            return x.silence("sni", text, x.quality.exchange_loss, tries)
        return x.verdict("blocked", "sni", text)
    # An earlier try that was cut outweighs a retry that only went silent: a reset is an
    # answer (something acted on the ClientHello); silence may be loss or a congested path.
    cut_before = any(
        not t.decoy and t.failure not in (None, f.TIMEOUT, *CERT_FAILURES)
        for r in x.earlier
        for t in r.tls
    )
    if x.failure == f.TIMEOUT and not cut_before:
        return x.silence(
            "tls_timeout",
            translate(
                "Verdict", "the secure handshake with {address} stalls, whatever name is asked"
            ).format(address=address),
            x.quality.exchange_loss,
            tries,
        )
    text = translate(
        "Verdict", "the secure handshake with {address} is cut, whatever name is asked"
    ).format(address=address)
    if decoys and all(t.failure == f.TIMEOUT for t in decoys):
        # Cut with the real name, no answer at all with another: the comparison says
        # nothing unless loss cannot explain that silence.
        return x.silence("tls_reset", text, x.quality.exchange_loss, tries)
    return x.verdict("blocked", "tls_reset", text)


def _http(x: Facts) -> Verdict:
    text = translate(
        "Verdict", "the connection is cut after the handshake, before the page arrives"
    )
    if x.failure == f.TIMEOUT:
        tries = flights_of(x.all_records(), x.quality.step_timeout)
        return x.silence("http_failure", text, x.quality.exchange_loss, tries)
    return x.verdict("blocked", "http_failure", text)


def _body(x: Facts) -> Verdict:
    h = x.record.http[-1] if x.record.http else None
    if h is not None and h.stalled and x.record.kind == "freeze":
        return x.silence(
            "stall",
            translate(
                "Verdict",
                "the connection froze after {kb} KB (request {n} of a series on one connection): bytes stopped arriving without a reset, as transfers from foreign hosting freeze",
            ).format(kb=kb(sum(e.body_bytes for e in x.record.http)), n=len(x.record.http)),
            x.quality.exchange_loss,
            flights_of(x.all_records(), x.quality.step_timeout),
        )
    if h is not None and h.stalled:
        return x.silence(
            "stall",
            translate(
                "Verdict", "the transfer froze after {kb} KB: bytes stopped arriving mid-way"
            ).format(kb=kb(h.body_bytes)),
            x.quality.exchange_loss,
            flights_of(x.all_records(), x.quality.step_timeout),
        )
    if x.failure == f.TIMEOUT:
        # Slow, not stopped: without a comparison, a slow link cannot be told from a
        # throttled one.
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: the page loads too slowly to finish in time, and nothing on this link was compared with it",
            ),
        )
    return x.verdict(
        "blocked", "http_failure", translate("Verdict", "the transfer was cut mid-way")
    )


def _udp(x: Facts) -> Verdict:
    if x.failure == f.TIMEOUT:
        requests = sum(r.stun.requests_sent for r in x.all_records() if r.stun)
        return x.silence(
            "udp",
            translate("Verdict", "call servers did not answer over UDP"),
            x.quality.exchange_loss,
            requests,
        )
    if x.failure.startswith("unknown_failure"):
        text = translate(
            "Verdict", "call servers answered over UDP with something that is not STUN"
        )
    else:
        text = translate("Verdict", "calls cannot reach their servers over UDP")
    return x.verdict("blocked", "udp", text)


# The judge of each failed step (records.STEPS).
JUDGES: dict[str, Callable[[Facts], Verdict]] = {
    "dns": _dns,
    "tcp": _tcp,
    "tls": _tls,
    "http": _http,
    "body": _body,
    "udp": _udp,
}


def _blockpage(record: ProbeRecord, fingerprints: Fingerprints) -> Fingerprint | None:
    for h in record.http:
        if h.status is None:
            continue
        fp = fingerprints.match_http(h.headers, h.body)
        if fp:
            return fp
    return None


def probe_verdict(
    record: ProbeRecord,
    fingerprints: Fingerprints | None = None,
    quality: Quality | None = None,
    earlier: list[ProbeRecord] | None = None,
) -> Verdict:
    """Status and technique of one probe, with the reason in words. `quality` is the round's
    (a failure that loss explains is "cannot tell"); `earlier` the attempts before."""
    fingerprints = fingerprints or Fingerprints()
    quality = quality or Quality()
    evidence = evidence_lines(record)
    consistency = dns_consistency(record)
    first_test = next((q for q in record.dns if q.role == "test"), None)
    name = first_test.hostname if first_test else record.target

    def v(status: str, technique: str | None, text: str) -> Verdict:
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

    fp = _blockpage(record, fingerprints)
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
        if record.transfer:
            return v(*speed_verdict(record.transfer))
        return v("ok", None, translate("Verdict", "works"))

    # An answer that differs from the controls is a lie when the address then fails for the
    # name (wrong certificate) or is not a public address; a CDN's other address is not.
    if step != "dns" and consistency == "inconsistent":
        lied = failure in CERT_FAILURES or (
            step in ("tcp", "tls") and any(map(is_bogon, record.addresses))
        )
        if lied:
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your resolver gives {name} a different address ({address}) that is not the service's, while an independent resolver gives the real one",
                ).format(name=name, address=", ".join(record.addresses[:2])),
            )

    judge = JUDGES.get(step or "")
    if judge is None:
        return v("blocked", None, failure)
    return judge(Facts(record, failure, name, evidence, quality, list(earlier or [])))
