"""A certificate that failed verification, judged: interception only where the evidence
points to a middlebox (a certificate made for whatever name is asked, the decoy's too, or
the same untrusted authority signing for other services of the round, a foreign one among
them); otherwise the site's own problem (expired or not yet valid, made for other names,
signed by itself or by an authority this system does not trust), said plainly and claimed
as nothing (docs/verdicts.md, "Certificates")."""

from __future__ import annotations

from collections.abc import Iterable

from ..probes import failures as f
from ..probes.records import Certificate, ProbeRecord, TlsHandshake
from .answers import dns_consistency
from .wording import translate

CERT_FAILURES = {f.SSL_UNKNOWN_AUTHORITY, f.SSL_INVALID_HOSTNAME, f.SSL_INVALID_CERTIFICATE}


def covers(names: Iterable[str], host: str) -> bool:
    """Whether a certificate's names cover `host` (one wildcard label, as TLS clients read)."""
    host = host.lower().rstrip(".")
    for name in names:
        name = name.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def main_handshake(record: ProbeRecord) -> TlsHandshake | None:
    """The probe's own handshake that counts: the last (a redirect's, when the first hop
    went through)."""
    return next((t for t in reversed(record.tls) if t.main), None)


def minted_for_any_name(record: ProbeRecord) -> bool:
    """The decoy name got a certificate for itself from the same authority that signed the
    failing one: made on the fly for whatever is asked, as interception boxes do (a site's
    own certificate names its own names, not the decoy)."""
    main = main_handshake(record)
    if main is None or main.certificate is None or main.failure != f.SSL_UNKNOWN_AUTHORITY:
        return False
    issuer = main.certificate.issuer
    return any(
        t.decoy
        and t.certificate is not None
        and t.certificate.issuer == issuer
        and covers(t.certificate.names or [_cn(t.certificate.subject)], t.sni)
        for t in record.tls
    )


def untrusted_issuers(records: Iterable[tuple[str, bool, ProbeRecord]]) -> frozenset[str]:
    """Authorities this system does not trust that signed the certificates of two or more
    services of a round, a foreign one among them: a middlebox's mark. (A national
    authority signing only domestic sites — the Russian one, for one — is not; nor is a
    server a lying resolver sent the probe to.) Each item: (service id, foreign?, record)."""
    seen: dict[str, tuple[set[str], bool]] = {}
    for service, foreign, record in records:
        if dns_consistency(record) == "inconsistent":
            continue  # a server the resolver sent it to: that lie explains its certificate
        main = main_handshake(record)
        if main is None or main.failure != f.SSL_UNKNOWN_AUTHORITY or main.certificate is None:
            continue
        services, any_foreign = seen.get(main.certificate.issuer, (set(), False))
        services.add(service)
        seen[main.certificate.issuer] = (services, any_foreign or foreign)
    return frozenset(i for i, (s, foreign) in seen.items() if len(s) >= 2 and foreign)


def certificate_verdict(
    record: ProbeRecord, failure: str, name: str, interceptors: frozenset[str]
) -> tuple[str, str | None, str]:
    """(status, technique, sentence) for a certificate that failed for `name`."""
    main = main_handshake(record)
    cert = main.certificate if main else None
    issuer = cert.issuer if cert else translate("Verdict", "unknown")
    reason = (main.verify_error or "") if main else ""
    if failure == f.SSL_UNKNOWN_AUTHORITY and (
        minted_for_any_name(record) or (cert is not None and cert.issuer in interceptors)
    ):
        support = (
            translate(
                "Verdict",
                "it was made for whatever name is asked (another name got one from the same authority)",
            )
            if minted_for_any_name(record)
            else translate(
                "Verdict",
                "the same authority signs the certificates of other services in this round",
            )
        )
        return (
            "blocked",
            "tls_mitm",
            translate(
                "Verdict",
                "someone is intercepting: the certificate for {name} comes from an authority your system does not trust ({issuer}), and {support}",
            ).format(name=name, issuer=issuer, support=support),
        )
    return "unknown", None, _site_problem(failure, name, cert, issuer, reason)


def _site_problem(
    failure: str, name: str, cert: Certificate | None, issuer: str, reason: str
) -> str:
    """The site's own certificate problem, in plain words."""
    if "expired" in reason and cert is not None:
        return translate(
            "Verdict",
            "cannot tell: the site's certificate expired on {date}, or this computer's clock is wrong; nothing points to a block",
        ).format(date=cert.not_after[:10])
    if "not yet valid" in reason and cert is not None:
        return translate(
            "Verdict",
            "cannot tell: the site's certificate is valid only from {date}, or this computer's clock is wrong; nothing points to a block",
        ).format(date=cert.not_before[:10])
    if failure == f.SSL_INVALID_HOSTNAME:
        names = ", ".join((cert.names if cert else [])[:3]) or translate("Verdict", "other names")
        return translate(
            "Verdict",
            "cannot tell: the site's certificate is made for {names}, not for {name} (issued by {issuer}): a mistake of the site itself, as far as this round can see",
        ).format(names=names, name=name, issuer=issuer)
    if "self-signed" in reason or "self signed" in reason:
        return translate(
            "Verdict",
            "cannot tell: the site's certificate is signed by itself ({issuer}), so your system cannot check it; nothing else in this round points to interception",
        ).format(issuer=issuer)
    if failure == f.SSL_UNKNOWN_AUTHORITY:
        return translate(
            "Verdict",
            "cannot tell: the site's certificate comes from an authority your system does not trust ({issuer}); that may be the site's own choice, and nothing else in this round points to interception",
        ).format(issuer=issuer)
    return translate(
        "Verdict", "cannot tell: the site's certificate is not valid ({reason})"
    ).format(reason=reason or failure)


def _cn(subject: str) -> str:
    for part in subject.split(", "):
        if part.startswith("CN="):
            return part[3:]
    return ""
