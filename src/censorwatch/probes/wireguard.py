"""The WireGuard probe: a real Noise IKpsk2 handshake initiation to the person's own server,
built from their wg-quick file, and whether the server's handshake response comes back.

The keys are read from the file at probe time and live only in memory while the probe runs:
no record, repr, error or log carries them."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import ipaddress
import os
import re
import stat
import struct
import time
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from . import failures, udp
from .records import VpnHandshake
from .udp import IGNORED, Listener

CONSTRUCTION = b"Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s"
IDENTIFIER = b"WireGuard v1 zx2c4 Jason@zx2c4.com"
LABEL_MAC1 = b"mac1----"
INITIATION, RESPONSE, COOKIE_REPLY = 1, 2, 3  # message types (one byte, three zero bytes)
INITIATION_SIZE, RESPONSE_SIZE, COOKIE_REPLY_SIZE = 148, 92, 64
TAI64_BASE = 0x400000000000000A  # 2^62 + 10: TAI64 labels seconds from 1970 TAI
WHITENER_MASK = 0xFFFFFF  # WireGuard rounds the nanoseconds down to ~16 ms (50 per second)
UDP_HEADERS, UDP6_HEADERS = 28, 48  # IPv4 or IPv6, and UDP, per datagram
FIRST_WAIT = 1.0  # seconds before the first retransmission; then doubling
MAX_INVALID = udp.MAX_INVALID  # after this many datagrams that are not our answer, stop listening
MAX_PROFILE_BYTES = 64 * 1024
PERMISSION_WARNING = "readable by other users of this computer"
INVALID = failures.unknown("invalid WireGuard responses")
UNDER_LOAD = failures.unknown("the server is under load: it sent a cookie, not a handshake")
_HOSTNAME = re.compile(r"^[A-Za-z0-9._-]{1,253}$")
_ZERO_NONCE = bytes(12)
_COOKIE_HEADER = struct.pack("<I", COOKIE_REPLY)


class ProfileError(ValueError):
    """A wg-quick file that cannot be used, in plain words; never carries a key's value."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class WireGuardProfile:
    """What the probe needs of a wg-quick file: our key, the server's key and address."""

    private_key: bytes = field(repr=False)
    peer_public_key: bytes = field(repr=False)
    host: str  # the Endpoint's host: a name, an IPv4 or an IPv6 address (no brackets)
    port: int
    preshared_key: bytes | None = field(default=None, repr=False)
    path: str = ""

    @property
    def endpoint(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(slots=True)
class HandshakeState:
    """The initiator's side of one handshake, kept to check the response against."""

    sender_index: int
    chaining_key: bytes = field(repr=False)
    hash: bytes = field(repr=False)
    ephemeral: X25519PrivateKey = field(repr=False)
    static: X25519PrivateKey = field(repr=False)
    preshared_key: bytes = field(repr=False)
    mac1_key: bytes = field(repr=False)  # HASH("mac1----" || our public key)


# --- the wg-quick file -------------------------------------------------------------------


@dataclass(slots=True)
class _Peer:
    line: int  # of its [Peer] header
    public: bytes | None = field(default=None, repr=False)
    preshared: bytes | None = field(default=None, repr=False)
    endpoint: tuple[str, int] | None = None


def _key(value: str, name: str, line: int) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(value) != 44 or len(raw) != 32:
        raise ProfileError(f"{name} is not a 32-byte base64 key", line)
    return raw


def _endpoint(value: str, line: int) -> tuple[str, int]:
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
        try:
            ipaddress.IPv6Address(host.split("%")[0] if bracket else "")
        except ValueError:
            raise ProfileError("Endpoint is not [IPv6 address]:port", line) from None
    else:
        host, colon, port_text = value.rpartition(":")
        if not colon or not _HOSTNAME.match(host):
            raise ProfileError("Endpoint is not host:port (or [IPv6 address]:port)", line)
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ProfileError("Endpoint has no port between 1 and 65535", line)
    return host, int(port_text)


def parse_profile(text: str, path: str = "") -> WireGuardProfile:
    """The first [Peer] with an Endpoint, and the [Interface]'s PrivateKey, of a wg-quick
    file; other settings (Address, DNS, AllowedIPs, …) are not needed and not checked."""
    section = ""
    private_key: bytes | None = None
    peers: list[_Peer] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            if section == "peer":
                peers.append(_Peer(number))
            continue
        name, equals, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            raise ProfileError("this line is neither a [Section] nor a Key = Value setting", number)
        key = name.lower()
        if section == "interface" and key == "privatekey":
            private_key = _key(value, "PrivateKey", number)
        elif section == "peer" and key == "publickey":
            peers[-1].public = _key(value, "PublicKey", number)
        elif section == "peer" and key == "presharedkey":
            peers[-1].preshared = _key(value, "PresharedKey", number)
        elif section == "peer" and key == "endpoint":
            peers[-1].endpoint = _endpoint(value, number)
        elif not section and key in ("privatekey", "publickey", "presharedkey", "endpoint"):
            raise ProfileError(f"{name} is outside any [Interface] or [Peer] section", number)
    if private_key is None:
        raise ProfileError("the [Interface] section has no PrivateKey")
    peer = next((p for p in peers if p.endpoint is not None), None)
    if peer is None or peer.endpoint is None:
        raise ProfileError("no [Peer] section has an Endpoint (the server's address)")
    if peer.public is None:
        raise ProfileError("this [Peer] section has no PublicKey", peer.line)
    return WireGuardProfile(
        private_key=private_key,
        peer_public_key=peer.public,
        host=peer.endpoint[0],
        port=peer.endpoint[1],
        preshared_key=peer.preshared,
        path=path,
    )


def read_profile(path: str | os.PathLike[str]) -> tuple[WireGuardProfile, str | None]:
    """The profile in a file, and a warning when other users of the computer can read it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO cannot hang us
    except OSError as exc:
        raise ProfileError(f"cannot open the profile: {exc.strerror or exc}") from None
    try:
        with open(fd, "rb") as file:  # closes fd
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ProfileError("the profile is not a regular file")
            data = file.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ProfileError(f"cannot read the profile: {exc.strerror or exc}") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError("the file is too large to be a WireGuard profile")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError("the file is not text: not a WireGuard profile") from None
    profile = parse_profile(text, os.fspath(path))
    shared = os.name != "nt" and bool(info.st_mode & 0o077)
    return profile, PERMISSION_WARNING if shared else None


# --- the Noise IKpsk2 handshake (wireguard.com/protocol) ----------------------------------


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2s()
    for part in parts:
        digest.update(part)
    return digest.digest()


def _mac(key: bytes, data: bytes) -> bytes:
    return hashlib.blake2s(data, key=key, digest_size=16).digest()


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.blake2s).digest()


def _kdf(key: bytes, data: bytes, count: int) -> list[bytes]:
    prk, out, previous = _hmac(key, data), [], b""
    for i in range(1, count + 1):
        previous = _hmac(prk, previous + bytes([i]))
        out.append(previous)
    return out


def _dh(private: X25519PrivateKey, public: bytes) -> bytes:
    """X25519; ValueError for a low-order point (an all-zero shared secret)."""
    return private.exchange(X25519PublicKey.from_public_bytes(public))


INITIAL_CHAINING_KEY = _hash(CONSTRUCTION)
INITIAL_HASH = _hash(INITIAL_CHAINING_KEY, IDENTIFIER)


def tai64n(unix_ns: int) -> bytes:
    """A TAI64N timestamp, its nanoseconds rounded down as WireGuard does."""
    seconds, nanos = divmod(unix_ns, 1_000_000_000)
    return struct.pack(">QI", TAI64_BASE + seconds, nanos & ~WHITENER_MASK)


def initiation(
    profile: WireGuardProfile, sender_index: int, now: bytes | float | None = None
) -> tuple[bytes, HandshakeState]:
    """The 148-byte handshake initiation (mac2 zero: we hold no cookie) and the state to
    check the response with. `now`: a TAI64N timestamp, unix seconds, or None for now.
    ValueError when the server's public key is unusable (a low-order point)."""
    if isinstance(now, bytes):
        stamp = now
    else:
        stamp = tai64n(time.time_ns() if now is None else round(now * 1e9))
    static = X25519PrivateKey.from_private_bytes(profile.private_key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    remote = profile.peer_public_key
    h = _hash(INITIAL_HASH, remote)
    (c,) = _kdf(INITIAL_CHAINING_KEY, ephemeral_public, 1)
    h = _hash(h, ephemeral_public)
    c, k = _kdf(c, _dh(ephemeral, remote), 2)
    sealed_static = ChaCha20Poly1305(k).encrypt(
        _ZERO_NONCE, static.public_key().public_bytes_raw(), h
    )
    h = _hash(h, sealed_static)
    c, k = _kdf(c, _dh(static, remote), 2)
    sealed_time = ChaCha20Poly1305(k).encrypt(_ZERO_NONCE, stamp, h)
    h = _hash(h, sealed_time)
    body = struct.pack("<II", INITIATION, sender_index) + ephemeral_public
    body += sealed_static + sealed_time
    message = body + _mac(_hash(LABEL_MAC1, remote), body) + bytes(16)
    state = HandshakeState(
        sender_index=sender_index,
        chaining_key=c,
        hash=h,
        ephemeral=ephemeral,
        static=static,
        preshared_key=profile.preshared_key or bytes(32),
        mac1_key=_hash(LABEL_MAC1, static.public_key().public_bytes_raw()),
    )
    return message, state


def check_response(data: bytes, state: HandshakeState) -> bool:
    """Whether `data` is the server's handshake response to this initiation: only the peer
    holding the private key (and the preshared key) can make its empty payload decrypt."""
    if len(data) != RESPONSE_SIZE or data[:4] != struct.pack("<I", RESPONSE):
        return False
    if struct.unpack_from("<I", data, 8)[0] != state.sender_index:
        return False
    if not hmac.compare_digest(_mac(state.mac1_key, data[:60]), data[60:76]):
        return False
    ephemeral = data[12:44]
    try:
        (c,) = _kdf(state.chaining_key, ephemeral, 1)
        h = _hash(state.hash, ephemeral)
        (c,) = _kdf(c, _dh(state.ephemeral, ephemeral), 1)
        (c,) = _kdf(c, _dh(state.static, ephemeral), 1)
        c, tau, k = _kdf(c, state.preshared_key, 3)
        h = _hash(h, tau)
        ChaCha20Poly1305(k).decrypt(_ZERO_NONCE, data[44:60], h)
    except (ValueError, InvalidTag):
        return False
    return True


# --- the probe --------------------------------------------------------------------------


class _Protocol(Listener):
    def __init__(self, record: VpnHandshake, headers: int):
        super().__init__(record, headers, INVALID)
        self.states: dict[int, HandshakeState] = {}  # by sender index: every initiation sent
        self.cookie = False  # the server answered with a cookie reply (it is under load)

    def accept(self, data: bytes) -> object:
        if len(data) == RESPONSE_SIZE:
            state = self.states.get(struct.unpack_from("<I", data, 8)[0])
            if state is not None and check_response(data, state):
                return True
        # A cookie reply naming one of our indices: the server answered, but it is under load
        # and wants mac2 (which needs XChaCha20); a later initiation may still get through.
        cookie = len(data) == COOKIE_REPLY_SIZE and data[:4] == _COOKIE_HEADER
        if cookie and struct.unpack_from("<I", data, 4)[0] in self.states:
            self.cookie = True
            return IGNORED
        return None


def _new_index(taken: dict[int, HandshakeState]) -> int:
    while True:
        index = int.from_bytes(os.urandom(4), "little")
        if index not in taken:
            return index


async def handshake(
    profile: WireGuardProfile, address: str, port: int, timeout: float
) -> VpnHandshake:
    """Send handshake initiations (a fresh one each time, waits doubling from FIRST_WAIT)
    until a valid handshake response comes back or `timeout` seconds pass."""
    host = address[1:-1] if address.startswith("[") and address.endswith("]") else address
    record = VpnHandshake(protocol="wireguard", transport="udp", address=host, port=port)
    headers = UDP6_HEADERS if ":" in host else UDP_HEADERS
    protocol = _Protocol(record, headers)
    transport: asyncio.DatagramTransport | None = None
    start = time.perf_counter()
    deadline, wait = start + timeout, FIRST_WAIT
    try:
        async with asyncio.timeout(timeout):  # a name in `address` is resolved within it
            transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: protocol, remote_addr=(host, port)
            )
            while True:
                index = _new_index(protocol.states)
                try:
                    message, protocol.states[index] = initiation(profile, index)
                except ValueError:
                    raise failures.ProbeError(
                        failures.unknown("the profile's PublicKey is not a usable key")
                    ) from None
                transport.sendto(message)
                record.requests_sent += 1
                record.bytes_sent += len(message) + headers
                left = min(wait, deadline - time.perf_counter())
                done, _ = await asyncio.wait({protocol.answer}, timeout=max(left, 0))
                if done:
                    protocol.answer.result()  # raises a refusal, or too many invalid replies
                    record.time_ms = (time.perf_counter() - start) * 1000
                    break
                wait *= 2
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure is a measurement
        failure = failures.failure_string(exc)
        if failure == failures.TIMEOUT and protocol.cookie:
            failure = UNDER_LOAD
        elif failure == failures.TIMEOUT and record.invalid_replies:
            failure = INVALID
        record.failure = failure
    finally:
        if transport is not None:
            transport.close()
        protocol.states.clear()
    return record
