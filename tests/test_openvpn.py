"""The openvpn probe: profiles parsed (keys never shown), hard resets answered by a real
`openvpn` server over UDP and TCP, dropped by the lab's censor, refused, and garbage."""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import os
import socket
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from censorwatch.lab.vpn_openvpn import OpenVpnLab
from censorwatch.probes import failures, openvpn

RESET_SERVER = openvpn.P_CONTROL_HARD_RESET_SERVER_V2 << 3
run = asyncio.run
KEY = "OpenVPN Static key V1"


def static_key(raw: bytes) -> str:
    lines = "\n".join(raw.hex()[i : i + 32] for i in range(0, 2 * len(raw), 32))
    return f"# an OpenVPN static key\n-----BEGIN {KEY}-----\n{lines}\n-----END {KEY}-----\n"


def key_lines(raw: bytes) -> list[str]:
    return [line for line in static_key(raw).splitlines() if len(line) == 32]


# -- profiles ----------------------------------------------------------------------------


def test_remotes_in_order_with_their_protocols_and_ports() -> None:
    profile = openvpn.parse_profile(
        "client\nproto tcp-client\nport 443\n"
        "remote vpn1.example.org 1195 udp4\n"
        "remote vpn2.example.org\n"
        "remote 2001:db8::7 8443 tcp6-client  # the IPv6 one\n"
        "<connection>\nremote vpn3.example.org\nproto udp\nport 53\n</connection>\n"
        "<ca>\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n</ca>\n"
        "; remote commented.example.org\n"
    )
    assert [(r.host, r.port, r.transport, r.line) for r in profile.remotes] == [
        ("vpn1.example.org", 1195, "udp", 4),
        ("vpn2.example.org", 443, "tcp", 5),
        ("2001:db8::7", 8443, "tcp", 6),
        ("vpn3.example.org", 53, "udp", 8),
    ]
    assert profile.wrap == "none"
    defaults = openvpn.parse_profile("remote 192.0.2.1")
    assert defaults.remotes[0].port == 1194 and defaults.remotes[0].transport == "udp"


def test_inline_tls_crypt_and_file_tls_auth(tmp_path: Path) -> None:
    raw = os.urandom(256)
    inline = openvpn.parse_profile(f"remote h\n<tls-crypt>\n{static_key(raw)}</tls-crypt>\n")
    assert (inline.wrap, inline.key, inline.key_file) == ("tls-crypt", raw, None)
    assert not any(line in repr(inline) for line in key_lines(raw))
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "my ta.key").write_text(static_key(raw), encoding="ascii")
    path = tmp_path / "home.ovpn"
    profile = openvpn.parse_profile(
        'remote h\ntls-auth "keys/my ta.key" 1\nauth SHA512\n', str(path)
    )
    assert (profile.wrap, profile.key, profile.key_direction) == ("tls-auth", raw, 1)
    assert profile.digest == "sha512" and profile.key_file == str(tmp_path / "keys/my ta.key")
    direction = openvpn.parse_profile(
        f"remote h\nkey-direction 0\n<tls-auth>\n{static_key(raw)}</tls-auth>\n"
    )
    assert (direction.wrap, direction.key_direction, direction.digest) == ("tls-auth", 0, "sha1")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("remote h\nremote h2 70000\n", 2, "port"),
        ("remote h\nproto tcp-server\n", 2, "udp or tcp"),
        ("remote h\n<tls-auth>\nabc\n", 2, "never closed"),
        ("remote h\nkey-direction 2\n", 2, "0 or 1"),
        ("remote h\n\ntls-auth missing.key\n", 3, "cannot be read"),
        ("remote h\n<tls-crypt-v2>\nx\n</tls-crypt-v2>\n", 2, "tls-crypt-v2"),
        ("remote h\nauth WHIRLPOOL\n<tls-auth>\nKEY\n</tls-auth>\n", 2, "digest"),
        ("client\ndev tun\n", None, "no server"),
        ("remote 'h\n", 1, "quote"),
    ],
)
def test_errors_name_the_line(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    raw = os.urandom(256)
    text = text.replace("KEY", static_key(raw))
    with pytest.raises(openvpn.ProfileError) as caught:
        openvpn.parse_profile(text, str(tmp_path / "p.ovpn"))
    assert caught.value.line == line and words in str(caught.value)
    assert str(caught.value).startswith(f"line {line}:" if line else "the profile")


def test_a_broken_key_is_named_never_shown(tmp_path: Path) -> None:
    raw = os.urandom(256)
    lines = static_key(raw).splitlines()
    broken = "\n".join([*lines[:-2], "zz" + lines[-2][2:], lines[-1]])  # one bad hex line
    for text in (
        f"remote h\n\n<tls-crypt>\n{broken}\n</tls-crypt>\n",
        f"remote h\n\n<tls-auth>\n{static_key(raw[:200])}</tls-auth>\n",  # too short
    ):
        with pytest.raises(openvpn.ProfileError) as caught:
            openvpn.parse_profile(text)
        assert caught.value.line == 3 and "static key" in str(caught.value)
        for line in [*key_lines(raw), "zz" + lines[-2][2:]]:
            assert line not in str(caught.value) and line[:8] not in str(caught.value)


def test_permission_warning(tmp_path: Path) -> None:
    raw = os.urandom(256)
    key = tmp_path / "ta.key"
    key.write_text(static_key(raw), encoding="ascii")
    key.chmod(0o600)
    path = tmp_path / "home.ovpn"
    path.write_text("remote 192.0.2.1 1194\ntls-auth ta.key 1\n", encoding="utf-8")
    path.chmod(0o600)
    profile, warning = openvpn.read_profile(str(path))
    assert warning is None and profile.key == raw
    path.chmod(0o644)
    _, warning = openvpn.read_profile(str(path))
    assert warning is not None and str(path) in warning and "chmod 600" in warning
    path.chmod(0o600)
    key.chmod(0o640)
    _, warning = openvpn.read_profile(str(path))
    assert warning is not None and str(key) in warning and str(path) not in warning
    assert not any(line in warning for line in key_lines(raw))


# -- against a real openvpn server ----------------------------------------------------------


@pytest.fixture(scope="module")
def vpn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenVpnLab]:
    lab = OpenVpnLab(tmp_path_factory.mktemp("openvpn")).start()  # raises with the log's tail
    yield lab
    lab.stop()


def probe(path: Path, timeout: float, **changes: Any) -> openvpn.VpnHandshake:
    profile, warning = openvpn.read_profile(str(path))
    assert warning is None  # the lab writes its profiles private (0600)
    profile = dataclasses.replace(profile, **changes)
    remote = profile.remotes[0]
    return run(openvpn.handshake(profile, remote.host, remote.port, remote.transport, timeout))


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("udp_profile", 9 + 8 + 32 + 5 + 28),  # header, replay id, tag, acks and id; UDP/IP
        ("udp_auth_profile", 9 + 20 + 8 + 5 + 28),  # tls-auth, SHA1, no key direction
        ("tcp_profile", None),  # tls-auth, SHA256, key-direction 1
    ],
)
def test_the_real_server_answers_the_hard_reset(vpn: OpenVpnLab, name: str, sent: int) -> None:
    path = getattr(vpn, name)
    record = probe(path, 3)
    assert record.failure is None, vpn.log_tails()
    assert (record.protocol, record.requests_sent, record.invalid_replies) == ("openvpn", 1, 0)
    assert record.time_ms is not None and record.transport == ("tcp" if "tcp" in name else "udp")
    if sent:  # the server's: the same, and its acknowledgement naming our session
        assert (record.bytes_sent, record.bytes_received) == (sent, sent + 4 + 8)
    else:  # the kernel's count: TCP/IP headers, the handshake's segments
        assert record.bytes_sent > 2 + 9 + 32 + 8 + 5 and record.bytes_received > 2 + 66
    key = openvpn.read_profile(str(path))[0].key
    assert key and key.hex()[:16] not in repr(record) and repr(key)[2:18] not in repr(record)


def test_the_censor_drops_the_hard_reset(vpn: OpenVpnLab) -> None:
    async def both() -> list[openvpn.VpnHandshake]:
        await vpn.start_censor()
        try:
            records = []
            for path in (vpn.udp_censored_profile, vpn.tcp_censored_profile):
                profile = openvpn.read_profile(str(path))[0]
                host, port, transport, _ = dataclasses.astuple(profile.remotes[0])
                assert host == vpn.censor_host
                records.append(await openvpn.handshake(profile, host, port, transport, 2.5))
            return records
        finally:
            await vpn.stop_censor()

    before = vpn.dropped
    udp, tcp = run(both())
    assert udp.failure == failures.TIMEOUT and udp.requests_sent > 1
    assert udp.bytes_received == 0 and udp.invalid_replies == 0
    assert tcp.failure == failures.TIMEOUT and tcp.requests_sent == 1
    assert vpn.dropped >= before + udp.requests_sent + 1


def wait_for_log(path: Path, text: str) -> bool:
    for _ in range(100):
        if text in path.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.05)
    return False


def test_a_wrong_tls_crypt_key_gets_silence(vpn: OpenVpnLab) -> None:
    record = probe(vpn.udp_profile, 1.5, key=os.urandom(256))
    assert record.failure == failures.TIMEOUT and record.requests_sent == 2
    assert record.bytes_received == 0
    assert wait_for_log(vpn.folder / "udp.log", "tls-crypt unwrapping failed")


def test_a_wrong_tls_auth_key_over_tcp_is_closed(vpn: OpenVpnLab) -> None:
    record = probe(vpn.tcp_profile, 2, key=os.urandom(256))
    assert record.failure == failures.EOF and record.time_ms is None
    assert wait_for_log(vpn.folder / "tcp.log", "packet HMAC authentication failed")
    assert probe(vpn.tcp_profile, 2, key_direction=0).failure == failures.EOF  # the wrong way


def test_nothing_listening(vpn: OpenVpnLab) -> None:
    profile = openvpn.read_profile(str(vpn.udp_profile))[0]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((vpn.server_host, 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    udp = run(openvpn.handshake(profile, vpn.server_host, port, "udp", 1.5))
    tcp = run(openvpn.handshake(profile, vpn.server_host, port, "tcp", 1.5))
    assert udp.failure in (failures.CONNECTION_REFUSED, failures.TIMEOUT)
    assert tcp.failure == failures.CONNECTION_REFUSED and tcp.requests_sent == 0


# -- servers of our own: honest (no key), garbage, floods, resets ----------------------------


def honest(packet: bytes) -> list[bytes]:
    """A server's hard reset, unwrapped: acknowledging message 0 of the client's session."""
    ack = b"\x01" + struct.pack("!I", 0) + packet[1:9] + struct.pack("!I", 0)
    return [bytes([RESET_SERVER]) + os.urandom(8) + ack]


def garbage(packet: bytes) -> list[bytes]:
    sid, zero = packet[1:9], struct.pack("!I", 0)
    return [
        os.urandom(40),
        packet,  # our own reset, reflected
        bytes([RESET_SERVER]) + os.urandom(8) + b"\x01" + zero + os.urandom(8) + zero,  # not us
        bytes([RESET_SERVER | 1]) + os.urandom(8) + b"\x01" + zero + sid + zero,  # key id 1
        bytes([RESET_SERVER]) + os.urandom(8) + b"\x00" + zero,  # acknowledges nothing
        bytes([RESET_SERVER]) + os.urandom(8 + 8 + 32 + 17),  # tls-crypt with a forged tag
    ]


class Answering(asyncio.DatagramProtocol):
    def __init__(self, reply: Callable[[bytes], list[bytes]]):
        self.reply = reply

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for out in self.reply(data):
            self.transport.sendto(out, addr)


Reply = Callable[[bytes], list[bytes]]


async def against_udp(
    reply: Reply, host: str, profile: openvpn.OpenVpnProfile, timeout: float
) -> openvpn.VpnHandshake:
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(lambda: Answering(reply), local_addr=(host, 0))
    try:
        port = server.get_extra_info("sockname")[1]
        address = f"[{host}]" if ":" in host else host
        return await asyncio.wait_for(openvpn.handshake(profile, address, port, "udp", timeout), 30)
    finally:
        server.close()


async def against_tcp(
    reply: Reply, ending: bytes | None, host: str, timeout: float
) -> openvpn.VpnHandshake:
    """A TCP server answering the first packet with `reply`'s, then after a while sending
    `ending` and closing (None: a reset)."""
    handlers: set[asyncio.Task[Any]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            size = struct.unpack("!H", await reader.readexactly(2))[0]
            for packet in reply(await reader.readexactly(size)):
                writer.write(struct.pack("!H", len(packet)) + packet)
            await writer.drain()
            await asyncio.sleep(0.1)
            if ending is None:
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                writer.write(ending)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.transport.abort() if ending is None else writer.close()

    server = await asyncio.start_server(handle, host, 0)
    try:
        port = server.sockets[0].getsockname()[1]
        return await asyncio.wait_for(openvpn.handshake(PLAIN, host, port, "tcp", timeout), 30)
    finally:
        server.close()
        if handlers:
            await asyncio.wait(handlers, timeout=10)


PLAIN = openvpn.parse_profile("remote h")


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_an_unwrapped_answer_over_both_families(host: str) -> None:
    udp = run(against_udp(honest, host, PLAIN, 2))
    assert udp.failure is None and udp.address == host and udp.requests_sent == 1
    headers = 48 if ":" in host else 28
    assert udp.bytes_sent == 14 + headers and udp.bytes_received == 9 + 17 + headers
    tcp = run(against_tcp(honest, b"", host, 2))
    assert tcp.failure is None and tcp.transport == "tcp"


def test_garbage_is_counted_and_never_taken_for_an_answer(vpn: OpenVpnLab) -> None:
    crypt = openvpn.read_profile(str(vpn.udp_profile))[0]
    for profile in (PLAIN, crypt):
        record = run(against_udp(garbage, "127.0.0.1", profile, 1.5))
        assert record.failure == openvpn.INVALID and record.failure.startswith("unknown_failure")
        assert record.requests_sent == 2 and record.invalid_replies >= 2 * 5


def keyed(profile: openvpn.OpenVpnProfile, genuine: bool) -> Callable[[bytes], list[bytes]]:
    """The server's side written from OpenVPN's sources (ssl_pkt.c, tls_crypt.c): its reset
    sealed with the server's key (0 for tls-crypt; both ways the same key for tls-auth
    without a direction), or the same with a forged HMAC or tag."""
    key = profile.key
    assert profile.wrap == "tls-crypt" or profile.key_direction is None

    def reply(packet: bytes) -> list[bytes]:
        head = bytes([RESET_SERVER]) + os.urandom(8)
        plain = b"\x01" + struct.pack("!I", 0) + packet[1:9] + struct.pack("!I", 0)
        replay = struct.pack("!II", 1, int(time.time()))
        if profile.wrap == "tls-auth":
            mac = hmac.digest(key[64 : 64 + 20], replay + head + plain, "sha1")
            return [head + (mac if genuine else os.urandom(20)) + replay + plain]
        tag = hmac.digest(key[64:96], head + replay + plain, "sha256")
        tag = tag if genuine else os.urandom(32)
        encryptor = Cipher(algorithms.AES(key[:32]), modes.CTR(tag[:16])).encryptor()
        return [head + replay + tag + encryptor.update(plain) + encryptor.finalize()]

    return reply


def test_answers_are_verified_with_the_key(vpn: OpenVpnLab) -> None:
    for path in (vpn.udp_profile, vpn.udp_auth_profile):
        profile = openvpn.read_profile(str(path))[0]
        genuine = run(against_udp(keyed(profile, True), "127.0.0.1", profile, 2))
        assert genuine.failure is None and genuine.invalid_replies == 0
        forged = run(against_udp(keyed(profile, False), "127.0.0.1", profile, 1.5))
        assert forged.failure == openvpn.INVALID and forged.invalid_replies == 2


def test_a_flood_stops_after_the_cap() -> None:
    record = run(against_udp(lambda _: [os.urandom(60)] * 150, "127.0.0.1", PLAIN, 3))
    assert record.failure == openvpn.INVALID and record.invalid_replies == openvpn.MAX_INVALID


@pytest.mark.parametrize(
    ("ending", "failure", "invalid"),
    [
        (b"\xff\xff" + b"x" * 100, openvpn.INVALID, 7),  # longer than any control packet
        (b"", failures.EOF, 6),  # then the server closes
        (None, failures.CONNECTION_RESET, 6),  # then the server resets
    ],
)
def test_tcp_garbage_then(ending: bytes | None, failure: str, invalid: int) -> None:
    record = run(against_tcp(garbage, ending, "127.0.0.1", 3))
    assert record.failure == failure and record.invalid_replies == invalid


def test_stop_ends_the_servers_and_their_devices(tmp_path: Path) -> None:
    lab = OpenVpnLab(tmp_path).start()
    try:
        devices = [server.device for server in lab.servers]
        assert all(Path(f"/sys/class/net/{device}").exists() for device in devices)
        processes = [server.process for server in lab.servers]
    finally:
        lab.stop()
    assert all(p is not None and p.poll() is not None for p in processes)
    assert not any(Path(f"/sys/class/net/{device}").exists() for device in devices)
    assert all(oct(p.stat().st_mode)[-3:] == "600" for p in tmp_path.glob("*.ovpn"))
