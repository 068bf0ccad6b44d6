"""Encrypted Client Hello, as censors see it: a hand-built TLS 1.3 ClientHello with a GREASE
encrypted_client_hello extension (as Chrome and OONI's echcheck send it) or the same without,
and what came back first: a ServerHello, an alert, a close, a reset, or nothing."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import failures
from .records import EchHandshake

# The outer name Cloudflare's ECH deployment publishes; Russia's DPI drops a ClientHello
# with ECH and this server_name (since 5 Nov 2024).
ECH_OUTER_NAME = "cloudflare-ech.com"

EXT_SERVER_NAME = 0x0000
EXT_SUPPORTED_GROUPS = 0x000A
EXT_EC_POINT_FORMATS = 0x000B
EXT_SIGNATURE_ALGORITHMS = 0x000D
EXT_ALPN = 0x0010
EXT_SUPPORTED_VERSIONS = 0x002B
EXT_PSK_KEY_EXCHANGE_MODES = 0x002D
EXT_KEY_SHARE = 0x0033
EXT_ENCRYPTED_CLIENT_HELLO = 0xFE0D  # draft-ietf-tls-esni-13 and later

X25519, SECP256R1, SECP384R1 = 0x001D, 0x0017, 0x0018
CIPHER_SUITES = (
    0x1301,  # TLS_AES_128_GCM_SHA256
    0x1302,  # TLS_AES_256_GCM_SHA384
    0x1303,  # TLS_CHACHA20_POLY1305_SHA256
    0xC02B,  # ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    0xC02F,  # ECDHE_RSA_WITH_AES_128_GCM_SHA256
    0xC02C,  # ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    0xC030,  # ECDHE_RSA_WITH_AES_256_GCM_SHA384
    0xCCA9,  # ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
    0xCCA8,  # ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    0xC013,  # ECDHE_RSA_WITH_AES_128_CBC_SHA
    0xC014,  # ECDHE_RSA_WITH_AES_256_CBC_SHA
)
SIGNATURE_ALGORITHMS = (
    0x0403,  # ecdsa_secp256r1_sha256
    0x0804,  # rsa_pss_rsae_sha256
    0x0401,  # rsa_pkcs1_sha256
    0x0503,  # ecdsa_secp384r1_sha384
    0x0805,  # rsa_pss_rsae_sha384
    0x0501,  # rsa_pkcs1_sha384
    0x0603,  # ecdsa_secp521r1_sha512
    0x0806,  # rsa_pss_rsae_sha512
    0x0601,  # rsa_pkcs1_sha512
    0x0807,  # ed25519
)
# GREASE ECH (draft-ietf-tls-esni §6.2): HPKE KDF HKDF-SHA256, AEAD AES-128-GCM, an X25519
# `enc`, and a payload the size of a padded, sealed inner ClientHello.
HPKE_KDF_HKDF_SHA256, HPKE_AEAD_AES_128_GCM = 0x0001, 0x0001
GREASE_PAYLOAD_LENGTHS = (144, 176, 208, 240)

# A HelloRetryRequest is a ServerHello with this random (RFC 8446 §4.1.3).
HRR_RANDOM = bytes.fromhex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
RECORD_HEADER = 5
MAX_RECORD = 16384 + 2048  # TLSCiphertext at most (RFC 5246 §6.2.3); a first record is less
HANDSHAKE, ALERT = 22, 21
CONTENT_TYPES = (20, 21, 22, 23)
NOT_TLS = failures.unknown("not TLS")

ALERTS = {
    0: "close notify",
    10: "unexpected message",
    20: "bad record mac",
    22: "record overflow",
    40: "handshake failure",
    42: "bad certificate",
    43: "unsupported certificate",
    44: "certificate revoked",
    45: "certificate expired",
    46: "certificate unknown",
    47: "illegal parameter",
    48: "unknown ca",
    49: "access denied",
    50: "decode error",
    51: "decrypt error",
    70: "protocol version",
    71: "insufficient security",
    80: "internal error",
    86: "inappropriate fallback",
    90: "user canceled",
    109: "missing extension",
    110: "unsupported extension",
    112: "unrecognized name",
    113: "bad certificate status response",
    115: "unknown psk identity",
    116: "certificate required",
    120: "no application protocol",
    121: "ech required",
}


def _u8(data: bytes) -> bytes:
    return len(data).to_bytes(1, "big") + data


def _u16(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def _u16s(values: tuple[int, ...]) -> bytes:
    return b"".join(v.to_bytes(2, "big") for v in values)


def _extension(ext_type: int, body: bytes) -> bytes:
    return ext_type.to_bytes(2, "big") + _u16(body)


def grease_ech() -> bytes:
    """The body of a GREASE encrypted_client_hello extension: ECHClientHello of type outer,
    with a random config_id, a fresh X25519 public key as `enc` and a random payload."""
    enc = _x25519_public()
    payload = os.urandom(secrets.choice(GREASE_PAYLOAD_LENGTHS))
    return (
        b"\x00"  # ECHClientHelloType outer
        + HPKE_KDF_HKDF_SHA256.to_bytes(2, "big")
        + HPKE_AEAD_AES_128_GCM.to_bytes(2, "big")
        + os.urandom(1)  # config_id
        + _u16(enc)
        + _u16(payload)
    )


def _x25519_public() -> bytes:
    return X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _host_name(server_name: str) -> bytes:
    name = server_name.rstrip(".").lower()
    try:
        return name.encode("ascii")
    except UnicodeEncodeError:
        return name.encode("idna")


def client_hello(
    server_name: str, *, ech: bool, alpn: tuple[str, ...] = ("h2", "http/1.1")
) -> bytes:
    """One TLS record holding a TLS 1.3 ClientHello (that offers 1.2 too) for `server_name`
    (none when empty), with the GREASE ECH extension when `ech`."""
    extensions = []
    if server_name:
        entry = b"\x00" + _u16(_host_name(server_name))  # host_name
        extensions.append(_extension(EXT_SERVER_NAME, _u16(entry)))
    extensions += [
        _extension(EXT_SUPPORTED_GROUPS, _u16(_u16s((X25519, SECP256R1, SECP384R1)))),
        _extension(EXT_EC_POINT_FORMATS, _u8(b"\x00")),  # uncompressed
        _extension(EXT_SIGNATURE_ALGORITHMS, _u16(_u16s(SIGNATURE_ALGORITHMS))),
    ]
    if alpn:
        protocols = b"".join(_u8(p.encode("ascii")) for p in alpn)
        extensions.append(_extension(EXT_ALPN, _u16(protocols)))
    extensions += [
        _extension(EXT_SUPPORTED_VERSIONS, _u8(_u16s((0x0304, 0x0303)))),
        _extension(EXT_PSK_KEY_EXCHANGE_MODES, _u8(b"\x01")),  # psk_dhe_ke
        _extension(EXT_KEY_SHARE, _u16(X25519.to_bytes(2, "big") + _u16(_x25519_public()))),
    ]
    if ech:
        extensions.append(_extension(EXT_ENCRYPTED_CLIENT_HELLO, grease_ech()))
    body = (
        b"\x03\x03"  # legacy_version TLS 1.2
        + os.urandom(32)  # random
        + _u8(os.urandom(32))  # legacy_session_id (middlebox compatibility)
        + _u16(_u16s(CIPHER_SUITES))
        + _u8(b"\x00")  # compression: null
        + _u16(b"".join(extensions))
    )
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return bytes([HANDSHAKE, 0x03, 0x01]) + _u16(handshake)


def _header_problem(data: bytes) -> bool:
    """True when the first bytes cannot begin a TLS record (checked as they arrive)."""
    if data[:1] and data[0] not in CONTENT_TYPES:
        return True
    if len(data) >= 2 and data[1] != 0x03:
        return True
    if len(data) >= 3 and data[2] > 0x04:
        return True
    if len(data) >= RECORD_HEADER:
        length = int.from_bytes(data[3:5], "big")
        return not 0 < length <= MAX_RECORD
    return False


def read_answer(record: bytes) -> tuple[str | None, str | None]:
    """(answer, failure) for the first whole TLS record a server sent."""
    kind, body = record[0], record[RECORD_HEADER:]
    if kind == ALERT:
        if len(body) != 2:
            return None, NOT_TLS
        name = ALERTS.get(body[1], str(body[1]))
        return f"alert: {name}", failures.SSL_FAILED_HANDSHAKE
    if kind != HANDSHAKE:
        return None, failures.unknown(f"TLS record of type {kind} before a ServerHello")
    if len(body) < 4 + 2 + 32 or body[0] != 2:  # type, length, version, random
        return None, failures.unknown(f"TLS handshake message {body[0]} before a ServerHello")
    if body[6:38] == HRR_RANDOM:
        return "hello_retry_request", None
    return "server_hello", None


async def _first_record(reader: asyncio.StreamReader, out: EchHandshake) -> bytes:
    """The server's first TLS record, read no further; raises EOFError at a close, a
    ProbeError for bytes that are not TLS."""
    data = b""
    need = RECORD_HEADER
    while len(data) < need:
        chunk = await reader.read(need - len(data))
        if not chunk:
            raise EOFError("the server closed the connection")
        data += chunk
        out.bytes_received = len(data)
        if _header_problem(data):
            raise failures.ProbeError(NOT_TLS, data[:32].hex())
        if len(data) >= RECORD_HEADER:
            need = RECORD_HEADER + int.from_bytes(data[3:5], "big")
    return data


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(Exception):
        async with asyncio.timeout(1.0):
            await writer.wait_closed()


async def exchange(
    address: str, port: int, server_name: str, timeout: float, *, ech: bool
) -> EchHandshake:
    """Connect, send the ClientHello and read the first record back. `timeout` bounds the
    connect, then the wait for that record. bytes_sent/received count TCP payload only."""
    out = EchHandshake(address=address, port=port, sni=server_name, ech=ech)
    hello = client_hello(server_name, ech=ech)
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(address, port)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        out.failure = failures.failure_string(exc)
        return out
    try:
        start = time.perf_counter()
        async with asyncio.timeout(timeout):
            writer.write(hello)
            out.bytes_sent = len(hello)
            await writer.drain()
            record = await _first_record(reader, out)
        out.time_ms = (time.perf_counter() - start) * 1000
        out.answer, out.failure = read_answer(record)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        out.failure = failures.failure_string(exc)
    finally:
        await _close(writer)
    return out
