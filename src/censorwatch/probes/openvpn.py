"""The openvpn probe: the person's own OpenVPN server, from their `.ovpn` profile. It sends
the client's hard reset (P_CONTROL_HARD_RESET_CLIENT_V2) over UDP or TCP, wrapped with the
profile's tls-auth or tls-crypt key, and waits for the server's hard reset: what DPI that
blocks OpenVPN by signature stops. The keys are read at probe time and never recorded."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import shlex
import stat
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from . import counters, failures, udp
from .records import VpnHandshake
from .transport import connect
from .udp import Listener

DEFAULT_PORT = 1194
P_CONTROL_HARD_RESET_CLIENT_V2 = 7
P_CONTROL_HARD_RESET_SERVER_V2 = 8
SID_SIZE = 8
KEY_BYTES = 256  # an OpenVPN static key: two keys of 64 cipher and 64 HMAC bytes
UDP_HEADERS = {4: 28, 6: 48}  # IP and UDP headers per datagram
PACKET_CAP = 2048  # control packets are at most ~1250 bytes (tls-mtu); larger is not ours
READ_CAP = 64 * 1024  # what one TCP exchange may read in all
MAX_INVALID = udp.MAX_INVALID  # after this many packets that are not the answer, stop listening
FIRST_WAIT = 1.0  # seconds before the first retransmission; doubled after each
PROFILE_CAP = 1024 * 1024
INVALID = failures.unknown("invalid OpenVPN responses")
_STATIC_KEY = "OpenVPN Static key V1"
_UNTESTABLE = ("tls-crypt-v2", "secret")  # no hard reset V2 to send (V3, or no TLS at all)
_OPTIONS = ("remote", "proto", "port", "rport", "tls-auth", "tls-crypt", "key-direction", "auth")
_DIGESTS = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
_PROTOS = {
    **dict.fromkeys(("udp", "udp4", "udp6"), "udp"),
    **dict.fromkeys(("tcp", "tcp4", "tcp6", "tcp-client", "tcp4-client", "tcp6-client"), "tcp"),
}


class ProfileError(ValueError):
    """A profile this check cannot use; `line` is where (1-based), None for the whole file.
    The message names the line, never its content where that may be a key."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message, self.line = message, line


@dataclass(frozen=True, slots=True)
class Remote:
    host: str
    port: int
    transport: str  # "udp" | "tcp"
    line: int


@dataclass(frozen=True, slots=True)
class OpenVpnProfile:
    remotes: tuple[Remote, ...]
    wrap: str = "none"  # "none" | "tls-auth" | "tls-crypt"
    key: bytes = field(default=b"", repr=False)  # the static key's 256 bytes, never shown
    key_direction: int | None = None  # tls-auth: 0, 1, or None (both ways the same key)
    digest: str = "sha1"  # tls-auth's HMAC (`auth`)
    key_file: str | None = field(default=None, repr=False)  # where the key was read from
    path: str = ""


def _static_key(text: str, what: str, line: int) -> bytes:
    inside, hexdigits = False, []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped == f"-----BEGIN {_STATIC_KEY}-----":
            inside = True
        elif stripped == f"-----END {_STATIC_KEY}-----":
            break
        elif inside and stripped and not stripped.startswith("#"):
            hexdigits.append(stripped)
    try:
        key = bytes.fromhex("".join(hexdigits))
    except ValueError:
        key = b""
    if not inside or len(key) != KEY_BYTES:
        raise ProfileError(f"the {what} key is not an OpenVPN static key (2048 bits)", line)
    return key


def _int(value: str, low: int, high: int, message: str, line: int) -> int:
    if not value.isdigit() or not low <= int(value) <= high:
        raise ProfileError(message, line)
    return int(value)


def _proto(value: str, line: int) -> str:
    proto = _PROTOS.get(value.lower())
    if proto is None:
        raise ProfileError("the protocol must be udp or tcp (tcp-client)", line)
    return proto


def _read(path: str, what: str, line: int | None = None) -> str:
    try:
        with open(path, "rb") as stream:
            data = stream.read(PROFILE_CAP + 1)
    except OSError as exc:
        raise ProfileError(f"{what} {path} cannot be read ({exc.strerror})", line) from None
    if len(data) > PROFILE_CAP:
        raise ProfileError(f"{what} {path} is too large", line)
    return data.decode("utf-8", errors="replace")


def parse_profile(text: str, path: str = "") -> OpenVpnProfile:
    """The remotes and control-channel key of an OpenVPN client profile; key files named
    by the profile are read relative to its folder. Raises ProfileError."""
    folder = Path(path).parent if path else Path.cwd()
    found: list[tuple[str, int | None, str | None, int, int]] = []  # host, port, proto, line, scope
    protos: dict[int, str] = {}  # scope (0: the profile, n: its n-th <connection>) -> default
    ports: dict[int, int] = {}
    wrap, key, key_file, direction, digest, digest_line = "none", b"", None, None, "sha1", 0
    block: tuple[str, int, list[str]] | None = None
    scope = connections = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if block is not None:
            name, start, lines = block
            if line.lower() == f"</{name}>":
                block = None
                if name in ("tls-auth", "tls-crypt"):
                    wrap, key_file = name, None
                    key = _static_key("\n".join(lines), name, start)
            elif name in ("tls-auth", "tls-crypt"):
                lines.append(line)
            continue
        opens = line.startswith("<") and line.endswith(">") and not line.startswith("</")
        name = (line[1:-1] if opens else line).split(maxsplit=1)[0].lower() if line else ""
        name = name.removeprefix("--")
        if name in _UNTESTABLE:
            raise ProfileError(f"the profile uses {name}, which this check cannot test", number)
        if opens:
            if name == "connection":
                connections += 1
                scope = connections
            else:
                block = (name, number, [])
            continue
        if line.lower() == "</connection>":
            scope = 0
            continue
        try:
            lexer = shlex.shlex(line, posix=True)
            lexer.whitespace_split, lexer.commenters = True, "#;"
            words = list(lexer)
        except ValueError:  # only where it matters to this check
            if name in _OPTIONS:
                raise ProfileError("a quote is not closed", number) from None
            continue
        if not words:
            continue
        option, args = words[0].lower().removeprefix("--"), words[1:]
        if option == "remote":
            if not 1 <= len(args) <= 3 or not args[0]:
                raise ProfileError("'remote' takes a server, then a port and protocol", number)
            port = None
            if len(args) > 1:
                port = _int(args[1], 1, 65535, "the port of 'remote' must be 1 to 65535", number)
            proto = _proto(args[2], number) if len(args) > 2 else None
            found.append((args[0], port, proto, number, scope))
        elif option == "proto" and args:
            protos[scope] = _proto(args[0], number)
        elif option in ("port", "rport") and args:
            ports[scope] = _int(args[0], 1, 65535, f"'{option}' must be 1 to 65535", number)
        elif option in ("tls-auth", "tls-crypt"):
            if option == "tls-auth" and len(args) > 1:
                direction = _int(args[1], 0, 1, "the key direction must be 0 or 1", number)
            if args and args[0] != "[inline]":
                wrap, key_file = option, str(folder / args[0])
                key = _static_key(_read(key_file, f"the {option} key file", number), option, number)
        elif option == "key-direction" and args:
            direction = _int(args[0], 0, 1, "'key-direction' must be 0 or 1", number)
        elif option == "auth" and args:
            digest, digest_line = args[0].lower().replace("-", ""), number
    if block is not None:
        raise ProfileError(f"the <{block[0]}> block is never closed", block[1])
    if not found:
        raise ProfileError("the profile names no server (no 'remote' line)")
    if wrap == "tls-auth" and digest not in _DIGESTS:
        raise ProfileError("'auth' names a digest this check does not know", digest_line)
    remotes = tuple(
        Remote(
            host.strip("[]"),
            port or ports.get(where, ports.get(0, DEFAULT_PORT)),
            proto or protos.get(where, protos.get(0, "udp")),
            number,
        )
        for host, port, proto, number, where in found
    )
    return OpenVpnProfile(remotes, wrap, key, direction, digest, key_file, path)


def read_profile(path: str) -> tuple[OpenVpnProfile, str | None]:
    """The profile at `path`, and a warning when it (or its key file) is readable by other
    users of this computer, else None."""
    profile = parse_profile(_read(path, "the profile"), path)
    if os.name != "posix":
        return profile, None
    files = [f for f in (path, profile.key_file) if f and os.path.exists(f)]
    exposed = " and ".join(f for f in files if stat.S_IMODE(os.stat(f).st_mode) & 0o077)
    if not exposed:
        return profile, None
    return profile, (
        f"Other users of this computer can read {exposed}, which holds your VPN keys; "
        "make it private (chmod 600)."
    )


class _Wrapper:
    """Wraps our packets and unwraps the server's: tls-auth's HMAC or tls-crypt's."""

    def __init__(self, profile: OpenVpnProfile):
        self.mode, self.digest, self.replay_id = profile.wrap, profile.digest, 0
        key = profile.key
        if self.mode == "tls-crypt":  # the client sends with key 1, the server with key 0
            out, into = 1, 0
        else:
            out, into = {None: (0, 0), 0: (0, 1), 1: (1, 0)}[profile.key_direction]
        size = 32 if self.mode == "tls-crypt" else hashlib.new(self.digest).digest_size
        self.out_hmac = key[128 * out + 64 : 128 * out + 64 + size]
        self.in_hmac = key[128 * into + 64 : 128 * into + 64 + size]
        self.out_cipher, self.in_cipher = key[128 * out : 128 * out + 32], key[128 * into :][:32]
        self.size = size

    def wrap(self, header: bytes, plain: bytes) -> bytes:
        if self.mode == "none":
            return header + plain
        self.replay_id += 1
        replay = struct.pack("!II", self.replay_id, int(time.time()) & 0xFFFFFFFF)
        if self.mode == "tls-auth":
            mac = hmac.digest(self.out_hmac, replay + header + plain, self.digest)
            return header + mac + replay + plain
        tag = hmac.digest(self.out_hmac, header + replay + plain, "sha256")
        encryptor = Cipher(algorithms.AES(self.out_cipher), modes.CTR(tag[:16])).encryptor()
        return header + replay + tag + encryptor.update(plain) + encryptor.finalize()

    def unwrap(self, packet: bytes) -> bytes | None:
        """What follows the opcode and session id, when the packet is authentic."""
        header, body = packet[: 1 + SID_SIZE], packet[1 + SID_SIZE :]
        if self.mode == "none":
            return body
        if self.mode == "tls-auth":
            cut = self.size + 8
            if len(body) < cut:
                return None
            mac, replay, plain = body[: self.size], body[self.size : cut], body[cut:]
            expected = hmac.digest(self.in_hmac, replay + header + plain, self.digest)
            return plain if hmac.compare_digest(mac, expected) else None
        if len(body) < 8 + 32:
            return None
        replay, tag = body[:8], body[8:40]
        decryptor = Cipher(algorithms.AES(self.in_cipher), modes.CTR(tag[:16])).decryptor()
        plain = decryptor.update(body[40:]) + decryptor.finalize()
        expected = hmac.digest(self.in_hmac, header + replay + plain, "sha256")
        return plain if hmac.compare_digest(tag, expected) else None


def is_answer(packet: bytes, wrapper: _Wrapper, session_id: bytes) -> bool:
    """The server's hard reset, authentic, acknowledging our reset (our session id)."""
    if len(packet) > PACKET_CAP or packet[:1] != bytes([P_CONTROL_HARD_RESET_SERVER_V2 << 3]):
        return False  # not the opcode, or not key id 0
    plain = wrapper.unwrap(packet) if len(packet) > SID_SIZE else None
    if not plain or plain[0] == 0 or len(plain) < 1 + 4 * plain[0] + SID_SIZE + 4:
        return False  # forged, or no acknowledgement (of our packet 0, naming our session)
    return plain[1 + 4 * plain[0] : 1 + 4 * plain[0] + SID_SIZE] == session_id


def client_reset(wrapper: _Wrapper, session_id: bytes) -> bytes:
    """P_CONTROL_HARD_RESET_CLIENT_V2, key id 0: no acknowledgements, message id 0."""
    header = bytes([P_CONTROL_HARD_RESET_CLIENT_V2 << 3]) + session_id
    return wrapper.wrap(header, b"\x00" + struct.pack("!I", 0))


class _Listener(Listener):
    def __init__(self, wrapper: _Wrapper, session_id: bytes, record: VpnHandshake, headers: int):
        super().__init__(record, headers, INVALID)
        self.wrapper, self.session_id = wrapper, session_id

    def accept(self, data: bytes) -> bool | None:
        return True if is_answer(data, self.wrapper, self.session_id) else None


async def _udp(record: VpnHandshake, wrapper: _Wrapper, session_id: bytes, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    headers = UDP_HEADERS[6 if ":" in record.address else 4]
    deadline = timeout + time.perf_counter()
    sock, protocol = await loop.create_datagram_endpoint(
        lambda: _Listener(wrapper, session_id, record, headers),
        remote_addr=(record.address, record.port),
    )
    try:
        wait, start = FIRST_WAIT, time.perf_counter()
        async with asyncio.timeout(timeout):
            while True:
                packet = client_reset(wrapper, session_id)
                sock.sendto(packet)
                record.requests_sent += 1
                record.bytes_sent += len(packet) + headers
                left = deadline - time.perf_counter()
                done, _ = await asyncio.wait({protocol.answer}, timeout=max(min(wait, left), 0))
                if done:
                    protocol.answer.result()
                    record.time_ms = (time.perf_counter() - start) * 1000
                    return
                if left <= wait:  # no time for another try to be answered
                    await protocol.answer
                wait *= 2
    finally:
        sock.close()


async def _tcp(record: VpnHandshake, wrapper: _Wrapper, session_id: bytes, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    step, stream = await connect(record.address, record.port, timeout)
    if stream is None:
        raise failures.ProbeError(step.failure or failures.unknown("no connection"))
    sent = received = 0
    try:
        packet = client_reset(wrapper, session_id)
        start = time.perf_counter()
        async with asyncio.timeout(max(deadline - start, 0)):
            stream.write(struct.pack("!H", len(packet)) + packet)
            await stream.drain()
            record.requests_sent, sent = 1, len(packet) + 2
            while True:
                (length,) = struct.unpack("!H", await stream.reader.readexactly(2))
                received += 2
                if not 0 < length <= PACKET_CAP or received + length > READ_CAP:
                    record.invalid_replies += 1
                    raise failures.ProbeError(INVALID)
                data = await stream.reader.readexactly(length)
                received += length
                if is_answer(data, wrapper, session_id):
                    record.time_ms = (time.perf_counter() - start) * 1000
                    return
                record.invalid_replies += 1
                if record.invalid_replies >= MAX_INVALID:
                    raise failures.ProbeError(INVALID)
    finally:
        found = counters.read(stream.socket)
        if found is not None:
            sent, received = found.wire_sent, found.wire_received
        record.bytes_sent, record.bytes_received = sent, received
        stream.close()


async def handshake(
    profile: OpenVpnProfile, address: str, port: int, transport: str, timeout: float
) -> VpnHandshake:
    """The client's hard reset to `address`, and whether the server's comes back within
    `timeout`; failures are recorded, never raised. UDP retransmits with doubling waits;
    `time_ms` runs from the first reset sent (after the connect, over TCP)."""
    address = address.strip("[]")
    record = VpnHandshake(protocol="openvpn", transport=transport, address=address, port=port)
    wrapper, session_id = _Wrapper(profile), os.urandom(SID_SIZE)
    try:
        if transport == "tcp":
            await _tcp(record, wrapper, session_id, timeout)
        else:
            await _udp(record, wrapper, session_id, timeout)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        failure = failures.failure_string(exc)
        if failure == failures.TIMEOUT and record.invalid_replies:
            failure = INVALID
        record.failure = failure
    return record
