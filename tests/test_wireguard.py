"""The WireGuard probe and parser, against a real wireguard-go peer, its censor, hostile servers."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import socket
import struct
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from censorwatch.lab.vpn_wireguard import CensorRelay, WireGuardLab, new_key
from censorwatch.probes import failures
from censorwatch.probes import wireguard as wg
from censorwatch.probes.wireguard import ProfileError, parse_profile, read_profile

# Hash(Construction) and Hash(that || Identifier), as boringtun and wireguard-rs hard-code them.
CHAIN = bytes.fromhex("60e26daef327efc02ec335e2a025d2d016eb4206f87277f52d38d1988b78cd36")
HASH = bytes.fromhex("2211b361081ac566691243db458ad5322d9c6c662293e8b70ee19c65ba079ef3")
GUARD = 10.0  # seconds: any probe here returning later has hung


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, GUARD))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    running = WireGuardLab(tmp_path_factory.mktemp("wireguard")).start()
    yield running
    running.stop()


def text_profile(private: str, public: str, endpoint: str = "127.0.0.1:51820") -> str:
    interface = f"[Interface]\nPrivateKey = {private}\nAddress = 10.0.0.2/32\n\n"
    return interface + f"[Peer]\nPublicKey = {public}\nEndpoint = {endpoint}\n"


def secrets_of(profile: wg.WireGuardProfile) -> list[bytes]:
    keys = [profile.private_key, profile.peer_public_key, profile.preshared_key or b""]
    return [k for key in keys if key for k in (key, base64.b64encode(key), key.hex().encode())]


# --- the wg-quick file -------------------------------------------------------------------


def test_profile_with_comments_odd_case_and_ipv6_endpoint():
    private, _ = new_key()
    first, second = new_key()[1], new_key()[1]
    psk = base64.b64encode(os.urandom(32)).decode()
    text = (
        "# my VPN\n"
        "[interface]  \n"
        f"  privatekey={private}   # mine\n"
        "DNS = 1.1.1.1\n"
        "[Peer]\n"
        f"PublicKey = {first}\n"
        "AllowedIPs = 0.0.0.0/0\n"
        "\n"
        "[PEER]\n"
        f"PUBLICKEY = {second}\n"
        f"presharedKey = {psk}\n"
        "Endpoint = [2001:db8::7]:443 # the server\n"
    )
    profile = parse_profile(text, "/home/me/vpn.conf")
    assert profile.peer_public_key == base64.b64decode(second)  # the first peer has no Endpoint
    assert profile.private_key == base64.b64decode(private)
    assert profile.preshared_key == base64.b64decode(psk)
    assert (profile.host, profile.port, profile.endpoint) == (
        "2001:db8::7",
        443,
        "[2001:db8::7]:443",
    )
    shown = repr(profile) + str(profile)
    assert "vpn.conf" in shown
    for key in (private, second, psk, *[k.decode("latin-1") for k in secrets_of(profile)]):
        assert key not in shown


def test_profile_with_a_name_and_no_preshared_key():
    private, public = new_key()
    profile = parse_profile(text_profile(private, public, "vpn.example.org:51820"))
    assert (profile.host, profile.port, profile.preshared_key) == ("vpn.example.org", 51820, None)


PRIVATE, PUBLIC = new_key()
ALMOST = PUBLIC[:-2] + "A"  # 43 characters: not a key, but it must not be echoed either
BASE = text_profile(PRIVATE, PUBLIC)  # lines: 2 PrivateKey, 6 PublicKey, 7 Endpoint
NO_PUBLIC = f"[Peer]\nEndpoint = 127.0.0.1:1\n[Interface]\nPrivateKey = {PRIVATE}"
ERRORS = [  # the profile, the line named, the words, a secret that must not be echoed
    (BASE.replace(PRIVATE, ALMOST), 2, "PrivateKey is not a 32-byte base64 key", ALMOST),
    (BASE.replace(PUBLIC, "!" * 44), 6, "PublicKey is not a 32-byte base64 key", PRIVATE),
    (BASE + f"PresharedKey = {PUBLIC[:-4]}", 8, "PresharedKey is not a 32-byte", PUBLIC[:-4]),
    (BASE.replace(":51820", ":99999"), 7, "Endpoint has no port", PRIVATE),
    (BASE.replace(":51820", ""), 7, "Endpoint is not host:port", PRIVATE),
    (BASE.replace("127.0.0.1:51820", "[::1:51820"), 7, "Endpoint is not [IPv6", PRIVATE),
    (BASE.replace("[Interface]", "Interface"), 1, "neither a [Section]", PRIVATE),
    (f"PrivateKey = {PRIVATE}\n", 1, "PrivateKey is outside", PRIVATE),
    (NO_PUBLIC, 1, "this [Peer] section has no PublicKey", PRIVATE),
    (BASE.replace(f"PrivateKey = {PRIVATE}", ""), None, "has no PrivateKey", PUBLIC),
    (BASE.replace("Endpoint = 127.0.0.1:51820", ""), None, "has an Endpoint", PRIVATE),
]


@pytest.mark.parametrize(("text", "line", "words", "secret"), ERRORS)
def test_profile_errors_name_the_line_and_never_the_key(text, line, words, secret):
    with pytest.raises(ProfileError) as caught:
        parse_profile(text)
    message = str(caught.value)
    assert caught.value.line == line
    assert words in message
    assert message.startswith(f"line {line}: ") == (line is not None)
    assert secret not in message and secret not in repr(caught.value)


def test_read_profile_warns_when_others_can_read_it(tmp_path: Path):
    path = tmp_path / "wg0.conf"
    path.write_text(text_profile(*new_key()), encoding="utf-8")
    path.chmod(0o644)
    profile, warning = read_profile(path)
    assert warning == wg.PERMISSION_WARNING == "readable by other users of this computer"
    assert profile.path == str(path)
    path.chmod(0o600)
    assert read_profile(path)[1] is None


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo", "huge", "binary"])
def test_read_profile_refuses_what_is_not_a_profile(tmp_path: Path, kind: str):
    path = tmp_path / "wg0.conf"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # nobody writes: reading it would block forever
    elif kind == "huge":
        path.write_text(text_profile(*new_key()) + "#" * wg.MAX_PROFILE_BYTES, encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(b"\xff\xfe[Interface]\x00\x81")
    with pytest.raises(ProfileError) as caught:
        read_profile(path)
    assert caught.value.line is None and str(caught.value)


# --- the handshake initiation ------------------------------------------------------------


def test_noise_constants_are_wireguards():
    assert wg.INITIAL_CHAINING_KEY == CHAIN
    assert wg.INITIAL_HASH == HASH


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.blake2s).digest()


def _kdf2(key: bytes, data: bytes) -> tuple[bytes, bytes]:
    prk = _hmac(key, data)
    first = _hmac(prk, b"\x01")
    return first, _hmac(prk, first + b"\x02")


def test_initiation_layout_mac1_and_what_the_responder_decrypts():
    client, server = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    server_public = server.public_key().public_bytes_raw()
    profile = wg.WireGuardProfile(client.private_bytes_raw(), server_public, "127.0.0.1", 1)
    stamp = wg.tai64n(1_700_000_000_123_456_789)
    message, state = wg.initiation(profile, 0x01020304, stamp)
    assert len(message) == 148 and message[:4] == b"\x01\x00\x00\x00"
    assert message[4:8] == struct.pack("<I", 0x01020304) and state.sender_index == 0x01020304
    mac1_key = hashlib.blake2s(b"mac1----" + server_public).digest()
    assert message[116:132] == hashlib.blake2s(message[:116], key=mac1_key, digest_size=16).digest()
    assert message[132:] == bytes(16)  # no cookie, no mac2
    assert stamp[:8] == struct.pack(">Q", 2**62 + 10 + 1_700_000_000)
    assert struct.unpack(">I", stamp[8:])[0] == 123_456_789 & ~0xFFFFFF
    # The responder's side, written out here: the static key and the timestamp decrypt.
    ephemeral = message[8:40]
    h = hashlib.blake2s(HASH + server_public).digest()
    c = _hmac(_hmac(CHAIN, ephemeral), b"\x01")
    h = hashlib.blake2s(h + ephemeral).digest()
    c, k = _kdf2(c, server.exchange(X25519PublicKey.from_public_bytes(ephemeral)))
    static = ChaCha20Poly1305(k).decrypt(bytes(12), message[40:88], h)
    assert static == client.public_key().public_bytes_raw()
    h = hashlib.blake2s(h + message[40:88]).digest()
    c, k = _kdf2(c, server.exchange(X25519PublicKey.from_public_bytes(static)))
    assert ChaCha20Poly1305(k).decrypt(bytes(12), message[88:116], h) == stamp
    again, _ = wg.initiation(profile, 0x01020304, stamp)
    assert again[8:40] != ephemeral  # a fresh ephemeral key every time
    assert repr(state) == "HandshakeState(sender_index=16909060)"  # no key material


# --- against the real peer ----------------------------------------------------------------


def _exchange(
    profile: wg.WireGuardProfile, host: str, port: int
) -> tuple[bytes, wg.HandshakeState]:
    """One initiation by hand, and the first datagram back."""
    message, state = wg.initiation(profile, int.from_bytes(os.urandom(4), "little"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(3)
        sock.connect((host, port))
        sock.send(message)
        return sock.recv(2048), state


def test_the_real_peer_answers_and_check_response_accepts_only_its_answer(lab):
    profile, warning = read_profile(lab.direct_profile)
    assert warning is None and profile.preshared_key is not None
    response, state = _exchange(profile, lab.peer_host, lab.port)
    assert len(response) == 92 and response[:4] == b"\x02\x00\x00\x00"
    assert wg.check_response(response, state)
    flipped = bytearray(response)
    flipped[50] ^= 1  # in the encrypted empty payload; then mac1 made right again over it
    flipped[60:76] = hashlib.blake2s(flipped[:60], key=state.mac1_key, digest_size=16).digest()
    assert not wg.check_response(bytes(flipped), state)  # right mac1, payload does not decrypt
    assert not wg.check_response(response[:91], state)
    assert not wg.check_response(response, replace(state, preshared_key=bytes(32)))
    assert not wg.check_response(response, replace(state, sender_index=state.sender_index ^ 1))
    _, other = wg.initiation(profile, state.sender_index)  # same index, another ephemeral
    assert not wg.check_response(response, other)


@pytest.mark.parametrize("which", ["direct", "plain", "ipv6"])
def test_handshake_with_the_real_peer(lab, which):
    path = lab.plain_profile if which == "plain" else lab.direct_profile
    profile, _ = read_profile(path)
    assert (profile.preshared_key is None) == (which == "plain")
    host = "::1" if which == "ipv6" else profile.host
    record = run(wg.handshake(profile, host, profile.port, 3.0))
    assert record.failure is None, record
    assert (record.protocol, record.transport, record.address) == ("wireguard", "udp", host)
    assert record.requests_sent >= 1 and record.time_ms is not None
    headers = 48 if which == "ipv6" else 28
    assert record.bytes_sent == record.requests_sent * (148 + headers)
    assert record.bytes_received >= 92 + headers
    shown = repr(record).encode() + str(asdict(record)).encode()
    assert not any(secret in shown for secret in secrets_of(profile))


def test_the_censor_drops_every_initiation(lab):
    profile, _ = read_profile(lab.censored_profile)
    assert (profile.host, profile.port) == (lab.censor_host, lab.censor_port)

    async def probe():
        await lab.start_censor()
        try:
            return await wg.handshake(profile, profile.host, profile.port, 2.5)
        finally:
            await lab.stop_censor()

    before = lab.censor.dropped
    record = run(probe())
    assert record.failure == failures.TIMEOUT
    assert record.requests_sent > 1 and record.bytes_sent == record.requests_sent * 176
    assert record.bytes_received == 0 and record.invalid_replies == 0
    assert lab.censor.dropped - before == record.requests_sent


def test_a_wrong_server_key_gets_silence(lab):
    profile, _ = read_profile(lab.direct_profile)
    stranger = X25519PrivateKey.generate().public_key().public_bytes_raw()
    wrong = replace(profile, peer_public_key=stranger)
    record = run(wg.handshake(wrong, profile.host, profile.port, 1.5))
    assert record.failure == failures.TIMEOUT
    assert record.requests_sent >= 1 and record.bytes_received == 0


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data, addr)


def test_the_censor_passes_what_is_not_an_initiation():
    sent = [
        b"\x01\x00\x00\x00" + os.urandom(144),  # the signature: dropped
        b"\x04\x00\x00\x00" + os.urandom(144),  # transport data: passes
        b"\x01\x00\x00\x00" + os.urandom(100),  # an initiation's type, another length: passes
    ]

    async def scenario() -> tuple[list[bytes], CensorRelay]:
        loop = asyncio.get_running_loop()
        echo, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.77.9.5", 0))
        relay = CensorRelay(("127.77.9.6", 0), echo.get_extra_info("sockname")[:2])
        await relay.start()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.setblocking(False)
            client.connect(relay.address)
            try:
                for datagram in sent:
                    client.send(datagram)
                return [
                    await asyncio.wait_for(loop.sock_recv(client, 2048), 3) for _ in "12"
                ], relay
            finally:
                await relay.stop()
                relay.close()
                echo.close()

    echoed, relay = run(scenario())
    assert sorted(echoed) == sorted(sent[1:])  # all but the initiation, unchanged
    assert (relay.dropped, relay.forwarded, relay.returned) == (1, 2, 2)


def test_lab_profiles_are_private_and_the_lab_leaves_nothing_behind(tmp_path: Path):
    lab = WireGuardLab(tmp_path).start()
    try:
        assert Path("/sys/class/net", lab.interface).exists() and len(lab.interface) <= 15
        for path in (lab.direct_profile, lab.censored_profile, lab.plain_profile):
            assert path.stat().st_mode & 0o777 == 0o600
        assert not list(tmp_path.glob("*.key")) and not list(tmp_path.glob("*.psk"))
    finally:
        lab.stop()
    assert not Path("/sys/class/net", lab.interface).exists()
    assert not Path("/var/run/wireguard", f"{lab.interface}.sock").exists()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((lab.censor_host, lab.censor_port))  # the censor's port is free again
    broken = WireGuardLab(tmp_path / "broken")
    broken.interface = "x" * 16  # longer than Linux allows: wireguard-go says so and exits
    with pytest.raises(RuntimeError, match="interface name too long"):
        broken.start()
    assert [p.suffix for p in (tmp_path / "broken").iterdir()] == [".log"]  # no key files


# --- hostile or absent servers ------------------------------------------------------------


def test_nothing_listening():
    profile = parse_profile(text_profile(*new_key()))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.77.9.3", 0))
        port = sock.getsockname()[1]  # free once closed: nothing listens there
    record = run(wg.handshake(profile, "127.77.9.3", port, 2.0))
    assert record.failure in (failures.CONNECTION_REFUSED, failures.TIMEOUT)
    assert record.requests_sent >= 1 and record.bytes_received == 0


class Hostile(asyncio.DatagramProtocol):
    """Answers each initiation with `count` datagrams: random bytes, and forged responses
    to the right index with a right mac1 (it knows our public key) that cannot decrypt."""

    def __init__(self, count: int, client_public: bytes, cookie: bool = False):
        self.count, self.cookie = count, cookie
        self.mac1_key = hashlib.blake2s(b"mac1----" + client_public).digest()

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        index = data[4:8]
        if self.cookie:  # a cookie reply: "I am under load, come back with mac2"
            self.transport.sendto(b"\x03\x00\x00\x00" + index + os.urandom(56), addr)
            return
        for n in range(self.count):
            if n % 2:
                self.transport.sendto(os.urandom(1 + n * 7 % 300), addr)
                continue
            body = b"\x02\x00\x00\x00" + os.urandom(4) + index + os.urandom(48)
            mac1 = hashlib.blake2s(body, key=self.mac1_key, digest_size=16).digest()
            self.transport.sendto(body + mac1 + bytes(16), addr)


async def _against(server: Hostile, timeout: float, profile: wg.WireGuardProfile):
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(lambda: server, local_addr=("127.77.9.4", 0))
    try:
        port = transport.get_extra_info("sockname")[1]
        return await wg.handshake(profile, "127.77.9.4", port, timeout)
    finally:
        transport.close()


@pytest.mark.parametrize(("count", "timeout"), [(3, 1.5), (70, 3.0)])
def test_garbage_answers_are_counted_and_fail(count, timeout):
    profile = parse_profile(text_profile(*new_key()))
    client_public = X25519PrivateKey.from_private_bytes(profile.private_key).public_key()
    server = Hostile(count, client_public.public_bytes_raw())
    record = run(_against(server, timeout, profile))
    assert record.failure == wg.INVALID and record.failure.startswith("unknown_failure")
    if count == 3:  # silence after the garbage: the timeout, named for what came
        assert record.invalid_replies == 3 * record.requests_sent
    else:  # a flood: the probe stops listening at the cap
        assert record.invalid_replies == wg.MAX_INVALID and record.requests_sent == 2
    assert record.bytes_received > 0 and record.time_ms is None


def test_a_cookie_reply_is_an_answer_under_load_not_garbage():
    profile = parse_profile(text_profile(*new_key()))
    server = Hostile(0, b"", cookie=True)
    record = run(_against(server, 1.5, profile))
    assert record.failure == wg.UNDER_LOAD
    assert record.invalid_replies == 0 and record.bytes_received == record.requests_sent * 92
