"""The fields of a certificate a support person needs (subject, issuer, names, validity),
read with `cryptography`. No verification here: that is the TLS step's job.

Interception boxes send odd certificates, so each field is read on its own: a field that
cannot be decoded is named as such and the others are still recorded; a certificate that
cannot be parsed at all is recorded by its SHA-256 fingerprint."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID

from .records import Certificate

_NAME_PARTS = (
    (NameOID.COMMON_NAME, "CN"),
    (NameOID.ORGANIZATION_NAME, "O"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU"),
    (NameOID.COUNTRY_NAME, "C"),
)
MAX_NAMES = 100
UNREADABLE = "(unreadable)"


def _name(read: Callable[[], x509.Name]) -> str:
    """`CN=…, O=…, OU=…, C=…` in the certificate's own order, for the attributes we show."""
    try:
        name = read()
    except ValueError:
        return UNREADABLE
    labels = dict(_NAME_PARTS)
    parts = []
    for attribute in name:
        label = labels.get(attribute.oid)
        if label is None:
            continue
        value = attribute.value
        if isinstance(value, bytes):  # a BitString or an unknown string type
            value = value.decode("utf-8", "replace")
        parts.append(f"{label}={value}")
    return ", ".join(parts)


def _names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    except x509.ExtensionNotFound:
        return []
    except ValueError:
        return [UNREADABLE]
    out: list[str] = []
    for general in san.value:  # type: ignore[attr-defined]
        if isinstance(general, x509.DNSName | x509.IPAddress):
            out.append(str(general.value))
        if len(out) >= MAX_NAMES:
            break
    return out


def _time(read: Callable[[], dt.datetime]) -> str:
    try:
        moment: dt.datetime = read()
    except ValueError:
        return UNREADABLE
    return moment.isoformat()


def summarize(der: bytes) -> Certificate | None:
    """Subject, issuer, names and validity of a DER certificate; None when there is none."""
    if not der:
        return None
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        fingerprint = hashlib.sha256(der).hexdigest()
        return Certificate(
            subject=f"{UNREADABLE} sha256:{fingerprint}",
            issuer=f"{UNREADABLE}: {exc}"[:200],
            names=[],
            not_before="",
            not_after="",
        )
    return Certificate(
        subject=_name(lambda: cert.subject),
        issuer=_name(lambda: cert.issuer),
        names=_names(cert),
        not_before=_time(lambda: cert.not_valid_before_utc),
        not_after=_time(lambda: cert.not_valid_after_utc),
    )
