"""A tiny certificate authority for the lab: RSA keys and X.509 certificates in pure stdlib.

The lab must run anywhere Python runs, without the `cryptography` package or an `openssl`
binary, so it builds the DER by hand. Only what a TLS server certificate needs is here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import secrets
from dataclasses import dataclass

# --- RSA -------------------------------------------------------------------------------

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]


def _is_probable_prime(n: int, rounds: int = 24) -> bool:
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = secrets.randbelow(n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _random_prime(bits: int, e: int) -> int:
    while True:
        candidate = secrets.randbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if (candidate - 1) % e == 0:
            continue
        if _is_probable_prime(candidate):
            return candidate


@dataclass(frozen=True, slots=True)
class RsaKey:
    n: int
    e: int
    d: int
    p: int
    q: int

    @classmethod
    def generate(cls, bits: int = 2048) -> RsaKey:
        e = 65537
        while True:
            p = _random_prime(bits // 2, e)
            q = _random_prime(bits // 2, e)
            n = p * q
            if p != q and n.bit_length() == bits:
                break
        d = pow(e, -1, (p - 1) * (q - 1))
        return cls(n, e, d, p, q)

    def sign_sha256(self, message: bytes) -> bytes:
        """PKCS#1 v1.5 signature with SHA-256."""
        digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
        t = digest_info + hashlib.sha256(message).digest()
        k = (self.n.bit_length() + 7) // 8
        em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
        # CRT for speed.
        m = int.from_bytes(em, "big")
        dp, dq = self.d % (self.p - 1), self.d % (self.q - 1)
        m1, m2 = pow(m, dp, self.p), pow(m, dq, self.q)
        h = (pow(self.q, -1, self.p) * (m1 - m2)) % self.p
        return (m2 + h * self.q).to_bytes(k, "big")

    def public_key_info(self) -> bytes:
        rsa_public = _seq(_int(self.n), _int(self.e))
        return _seq(_seq(_oid("1.2.840.113549.1.1.1"), _NULL), _bitstring(rsa_public))

    def private_key_pem(self) -> str:
        p, q, d = self.p, self.q, self.d
        der = _seq(
            _int(0),
            _int(self.n),
            _int(self.e),
            _int(d),
            _int(p),
            _int(q),
            _int(d % (p - 1)),
            _int(d % (q - 1)),
            _int(pow(q, -1, p)),
        )
        return _pem("RSA PRIVATE KEY", der)


# --- DER -------------------------------------------------------------------------------


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _len(len(value)) + value


def _seq(*items: bytes) -> bytes:
    return _tlv(0x30, b"".join(items))


def _set(*items: bytes) -> bytes:
    return _tlv(0x31, b"".join(items))


def _int(value: int) -> bytes:
    raw = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return _tlv(0x02, raw)


def _oid(dotted: str) -> bytes:
    parts = [int(x) for x in dotted.split(".")]
    out = bytearray([parts[0] * 40 + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        out.extend(reversed(chunk))
    return _tlv(0x06, bytes(out))


def _bitstring(value: bytes) -> bytes:
    return _tlv(0x03, b"\x00" + value)


def _utf8(text: str) -> bytes:
    return _tlv(0x0C, text.encode())


def _time(when: dt.datetime) -> bytes:
    if when.year < 2050:
        return _tlv(0x17, when.strftime("%y%m%d%H%M%SZ").encode())
    return _tlv(0x18, when.strftime("%Y%m%d%H%M%SZ").encode())


def _explicit(n: int, value: bytes) -> bytes:
    return _tlv(0xA0 + n, value)


_NULL = b"\x05\x00"
_TRUE = b"\x01\x01\xff"


def _pem(label: str, der: bytes) -> str:
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def _name(common_name: str, organization: str) -> bytes:
    return _seq(
        _set(_seq(_oid("2.5.4.10"), _utf8(organization))),
        _set(_seq(_oid("2.5.4.3"), _utf8(common_name))),
    )


def _extension(oid: str, value: bytes, critical: bool = False) -> bytes:
    parts = [_oid(oid)]
    if critical:
        parts.append(_TRUE)
    parts.append(_tlv(0x04, value))
    return _seq(*parts)


def _key_id(key: RsaKey) -> bytes:
    return hashlib.sha1(_int(key.n)).digest()


# --- certificates ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Issued:
    """A certificate with its key, ready to write to files for `ssl.load_cert_chain`."""

    cert_pem: str
    key: RsaKey
    common_name: str
    organization: str


def _certificate(
    *,
    subject: bytes,
    issuer: bytes,
    subject_key: RsaKey,
    signer: RsaKey,
    extensions: list[bytes],
    days: int,
) -> str:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    algorithm = _seq(_oid("1.2.840.113549.1.1.11"), _NULL)
    tbs = _seq(
        _explicit(0, _int(2)),
        _int(secrets.randbits(63) + 1),
        algorithm,
        issuer,
        _seq(_time(now - dt.timedelta(days=1)), _time(now + dt.timedelta(days=days))),
        subject,
        subject_key.public_key_info(),
        _explicit(3, _seq(*extensions)),
    )
    der = _seq(tbs, algorithm, _bitstring(signer.sign_sha256(tbs)))
    return _pem("CERTIFICATE", der)


def make_ca(common_name: str, organization: str, key: RsaKey | None = None) -> Issued:
    key = key or RsaKey.generate()
    name = _name(common_name, organization)
    extensions = [
        _extension("2.5.29.19", _seq(_TRUE), critical=True),  # basicConstraints CA:TRUE
        _extension("2.5.29.15", _tlv(0x03, b"\x01\x06"), critical=True),  # keyCertSign, cRLSign
        _extension("2.5.29.14", _tlv(0x04, _key_id(key))),  # subjectKeyIdentifier
    ]
    pem = _certificate(
        subject=name, issuer=name, subject_key=key, signer=key, extensions=extensions, days=3650
    )
    return Issued(pem, key, common_name, organization)


def issue_server_cert(
    ca: Issued,
    common_name: str,
    names: list[str],
    key: RsaKey | None = None,
    organization: str = "censorwatch lab",
) -> Issued:
    """A leaf certificate for `names` (DNS names or IP addresses) signed by `ca`."""
    key = key or RsaKey.generate()
    general_names = []
    for name in names:
        try:
            general_names.append(_tlv(0x87, ipaddress.ip_address(name).packed))
        except ValueError:
            general_names.append(_tlv(0x82, name.encode("ascii")))
    extensions = [
        _extension("2.5.29.19", _seq()),  # basicConstraints CA:FALSE
        _extension("2.5.29.15", _tlv(0x03, b"\x05\xa0"), critical=True),  # digitalSig, keyEnc
        _extension("2.5.29.37", _seq(_oid("1.3.6.1.5.5.7.3.1"))),  # extKeyUsage serverAuth
        _extension("2.5.29.17", _seq(*general_names)),  # subjectAltName
        _extension("2.5.29.14", _tlv(0x04, _key_id(key))),
        _extension("2.5.29.35", _seq(_tlv(0x80, _key_id(ca.key)))),  # authorityKeyIdentifier
    ]
    pem = _certificate(
        subject=_name(common_name, organization),
        issuer=_name(ca.common_name, ca.organization),
        subject_key=key,
        signer=ca.key,
        extensions=extensions,
        days=825,
    )
    return Issued(pem, key, common_name, organization)
