"""The quic probe against the lab's HTTP/3 server (aioquic) and its UDP censors, over real
sockets on 127.77.7.x and ::1: a handshake completes, a censor by name silences only the
listed name, a censor of all QUIC silences every name, and hostile peers end in bounded time."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import trustme

from censorwatch.lab.quic_servers import Censor, QuicLab, initial_crypto, name_listed
from censorwatch.probes import failures, quic
from censorwatch.probes.records import QuicHandshake

SERVER, BY_NAME, ALL = "127.77.7.1", "127.77.7.2", "127.77.7.3"
NOBODY, GARBAGE = "127.77.7.4", "127.77.7.5"
BLOCKED, DECOY, OPEN = "rr1.googlevideo.com", "decoy.cw.test", "open.cw.test"
SILENCE = 2.0  # the probe's timeout where nothing answers: short, the file runs quickly
ANSWER = 5.0  # where an answer comes: never reached on loopback
# A ClientHello too big for one datagram: the censor must reassemble it to find the name.
BIG_ALPN = (*(f"x{i:02d}-" + "a" * 200 for i in range(12)), "h3")


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    leaf = trustme.CA().issue_cert(OPEN, BLOCKED, DECOY)
    path = tmp_path_factory.mktemp("quic") / "server.pem"
    leaf.private_key_and_cert_chain_pem.write_to_path(str(path))
    return path


def with_lab(
    pem: Path,
    go: Callable[[QuicLab], Awaitable[Any]],
    host: str = SERVER,
    censors: Sequence[tuple[str, str]] = (),
) -> Any:
    """Run `go(lab)` with the server on `host` and censors (host, mode) in front of it."""

    async def main() -> Any:
        listed = ("googlevideo.com",)
        lab = QuicLab(
            host,
            free_port(host),
            pem,
            [
                Censor(h, free_port(h), mode, listed if mode == "names" else ())
                for h, mode in censors
            ],
        )
        await lab.start()
        try:
            return await go(lab)
        finally:
            await lab.stop()

    return asyncio.run(main())


def censor_port(lab: QuicLab, host: str) -> int:
    return next(c.port for c in lab.censors if c.host == host)


async def heard(lab: QuicLab, host: str, datagrams: int) -> None:
    """Wait (bounded) until the censor on `host` heard `datagrams` from clients: the probe's
    last datagram (its CONNECTION_CLOSE) may still be in the socket when it returns."""
    for _ in range(200):
        if lab.relay(host).from_clients[0] >= datagrams:
            return
        await asyncio.sleep(0.01)


def test_handshake_completes_with_h3_and_counts(pem: Path) -> None:
    r = with_lab(pem, lambda lab: quic.handshake(SERVER, lab.port, OPEN, ANSWER))
    assert isinstance(r, QuicHandshake)
    assert (r.failure, r.alpn, r.sni, r.decoy) == (None, "h3", OPEN, False)
    assert r.time_ms is not None and r.time_ms > 0
    # The client's first datagram is an Initial padded to 1200 bytes at least (RFC 9000 §14.1).
    assert r.datagrams_sent >= 2 and r.bytes_sent >= 1200 + 28 + (r.datagrams_sent - 1) * 29
    assert r.datagrams_received >= 1 and r.bytes_received > r.datagrams_received * 28


@pytest.mark.parametrize("host", ["127.77.7.2", "::1"])
def test_bytes_are_the_payloads_and_udp_ip_headers(pem: Path, host: str) -> None:
    if ":" in host and not ipv6_loopback():
        pytest.skip("no IPv6 loopback on this machine")

    async def go(lab: QuicLab) -> tuple[QuicHandshake, list[int], list[int]]:
        r = await quic.handshake(host, censor_port(lab, host), DECOY, ANSWER, decoy=True)
        await heard(lab, host, r.datagrams_sent)
        relay = lab.relay(host)
        return r, relay.from_clients, relay.to_clients

    server = "::1" if ":" in host else SERVER
    r, sent, received = with_lab(pem, go, host=server, censors=[(host, "names")])
    headers = 48 if ":" in host else 28
    assert (r.failure, r.alpn, r.decoy) == (None, "h3", True)
    assert r.datagrams_sent == sent[0] and r.bytes_sent == sent[1] + headers * sent[0]
    # The server may send more after the probe closed (HANDSHAKE_DONE): never counted.
    assert 1 <= r.datagrams_received <= received[0]
    assert headers * r.datagrams_received < r.bytes_received <= received[1] + headers * received[0]


def test_censor_by_name_silences_the_name_and_not_the_decoy(pem: Path) -> None:
    async def go(lab: QuicLab) -> tuple[Any, ...]:
        port = censor_port(lab, BY_NAME)
        blocked, decoy = await asyncio.gather(
            quic.handshake(BY_NAME, port, BLOCKED, SILENCE),
            quic.handshake(BY_NAME, port, DECOY, ANSWER, decoy=True),
        )
        direct = await quic.handshake(SERVER, lab.port, BLOCKED, ANSWER)
        return blocked, decoy, direct, lab.relay(BY_NAME)

    blocked, decoy, direct, relay = with_lab(pem, go, censors=[(BY_NAME, "names")])
    assert blocked.failure == failures.TIMEOUT
    assert (blocked.datagrams_received, blocked.bytes_received, blocked.alpn) == (0, 0, None)
    assert blocked.datagrams_sent >= 2  # aioquic's PTO sent the Initial again
    assert (decoy.failure, decoy.alpn, decoy.decoy) == (None, "h3", True)
    assert decoy.datagrams_received >= 1
    assert (direct.failure, direct.alpn) == (None, "h3")  # the server itself serves the name
    assert BLOCKED in relay.seen and DECOY in relay.seen
    assert relay.dropped >= blocked.datagrams_sent and relay.errors == 0


def test_censor_of_all_quic_silences_every_name(pem: Path) -> None:
    async def go(lab: QuicLab) -> tuple[Any, ...]:
        port = censor_port(lab, ALL)
        real, decoy = await asyncio.gather(
            quic.handshake(ALL, port, BLOCKED, SILENCE),
            quic.handshake(ALL, port, DECOY, SILENCE, decoy=True),
        )
        return real, decoy, lab.relay(ALL)

    real, decoy, relay = with_lab(pem, go, censors=[(ALL, "all")])
    for r in (real, decoy):
        assert (r.failure, r.datagrams_received, r.alpn) == (failures.TIMEOUT, 0, None)
        assert r.datagrams_sent >= 2
    assert relay.forwarded == 0 and relay.dropped >= real.datagrams_sent + decoy.datagrams_sent


def test_client_hello_across_datagrams_is_reassembled_by_the_censor(pem: Path) -> None:
    async def go(lab: QuicLab) -> tuple[Any, ...]:
        direct = await quic.handshake(SERVER, lab.port, BLOCKED, ANSWER, alpn=BIG_ALPN)
        censored = await quic.handshake(
            BY_NAME, censor_port(lab, BY_NAME), BLOCKED, SILENCE, alpn=BIG_ALPN
        )
        return direct, censored, lab.relay(BY_NAME)

    direct, censored, relay = with_lab(pem, go, censors=[(BY_NAME, "names")])
    assert (direct.failure, direct.alpn) == (None, "h3")
    assert direct.bytes_sent > 2 * 1200  # the ClientHello took more than one datagram
    assert censored.failure == failures.TIMEOUT and censored.alpn is None
    assert relay.seen == [BLOCKED] and relay.forwarded >= 1  # its first part went through


def test_a_server_closing_the_connection_is_an_answer(pem: Path) -> None:
    r = with_lab(pem, lambda lab: quic.handshake(SERVER, lab.port, OPEN, ANSWER, alpn=("cw",)))
    # No common ALPN: the server's TLS alert 120 in a CONNECTION_CLOSE (crypto error 0x178).
    assert r.failure == failures.SSL_FAILED_HANDSHAKE
    assert r.datagrams_received >= 1 and r.alpn is None and r.time_ms is None
    assert failures.peer_action(r.failure) == failures.ANSWERED


def test_close_failures() -> None:
    assert quic.close_failure(True, 0x100 + 112, 6, "") == failures.SSL_INVALID_HOSTNAME
    assert quic.close_failure(True, 0x100 + 45, 6, "") == failures.SSL_INVALID_CERTIFICATE
    assert quic.close_failure(True, 0x2, 0, "") == failures.CONNECTION_REFUSED
    assert quic.close_failure(False, 0x1, 0, quic._NO_VERSION) == quic.INCOMPATIBLE_VERSION
    detail = quic.close_failure(True, 0x10C, None, "bye")
    assert detail == failures.unknown("quic: closed by the server (application error 0x10c): bye")


def test_nothing_listening_is_refused_or_silent_and_never_hangs() -> None:
    async def go() -> QuicHandshake:
        port = free_port(NOBODY)
        return await asyncio.wait_for(quic.handshake(NOBODY, port, OPEN, SILENCE), SILENCE + 5)

    r = asyncio.run(go())
    assert r.failure in (failures.CONNECTION_REFUSED, failures.TIMEOUT)
    assert r.datagrams_sent >= 1 and r.datagrams_received == 0 and r.alpn is None


class Garbage(asyncio.DatagramProtocol):
    """Answers every datagram with `count` datagrams that are not QUIC of this connection:
    random bytes, long headers with random connection IDs, oversized ones."""

    def __init__(self, count: int) -> None:
        self.count = count

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: Any = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for i in range(self.count):
            if i % 3 == 0:
                reply = os.urandom(64)
            elif i % 3 == 1:  # an Initial header, a connection ID nobody chose, junk
                reply = b"\xc0\x00\x00\x00\x01\x08" + os.urandom(8) + b"\x08" + os.urandom(1300)
            else:
                reply = os.urandom(2000)
            self.transport.sendto(reply, addr)


@pytest.mark.parametrize(("host", "count"), [(GARBAGE, 150), (GARBAGE, 1), ("::1", 1)])
def test_a_garbage_server_ends_in_bounded_time_with_a_failure(host: str, count: int) -> None:
    if ":" in host and not ipv6_loopback():
        pytest.skip("no IPv6 loopback on this machine")

    async def go() -> QuicHandshake:
        loop = asyncio.get_running_loop()
        port = free_port(host)
        transport, _ = await loop.create_datagram_endpoint(
            lambda: Garbage(count), local_addr=(host, port)
        )
        try:
            return await asyncio.wait_for(quic.handshake(host, port, OPEN, SILENCE), SILENCE + 5)
        finally:
            transport.close()

    r = asyncio.run(go())
    assert r.failure == failures.unknown("invalid QUIC replies") and r.alpn is None
    if count > quic.MAX_INVALID:  # the cap ended it: nothing was counted after it
        assert r.datagrams_received == quic.MAX_INVALID
    else:  # one 64-byte reply to each datagram sent, with its UDP and IP headers
        headers = 48 if ":" in host else 28
        assert 1 <= r.datagrams_received <= r.datagrams_sent
        assert r.bytes_received == r.datagrams_received * (64 + headers)


def test_the_censor_survives_garbage_and_still_relays(pem: Path) -> None:
    async def go(lab: QuicLab) -> tuple[QuicHandshake, Any]:
        port = censor_port(lab, BY_NAME)
        junk = [
            b"",
            os.urandom(50),
            b"\xc0\x00\x00\x00\x01\x08" + os.urandom(8),  # a truncated Initial header
            b"\xc0\x00\x00\x00\x01\x08" + os.urandom(8) + b"\x00\x00\x44\xd0" + os.urandom(1300),
            b"\xc0\x6b\x33\x43\xcf\x14" + os.urandom(20) + b"\x00\x00\x41\x00" + os.urandom(256),
            b"\xff" * 1500,
        ]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for datagram in junk:
                s.sendto(datagram, (BY_NAME, port))
            await heard(lab, BY_NAME, len(junk))
        r = await quic.handshake(BY_NAME, port, DECOY, ANSWER)
        return r, lab.relay(BY_NAME)

    r, relay = with_lab(pem, go, censors=[(BY_NAME, "names")])
    assert (r.failure, r.alpn) == (None, "h3")
    assert relay.errors == 0 and relay.seen == [DECOY]


def test_names_are_matched_by_suffix() -> None:
    listed = ("googlevideo.com",)
    assert name_listed("googlevideo.com", listed) and name_listed("RR1.GoogleVideo.com.", listed)
    assert not name_listed("notgooglevideo.com", listed)
    assert not name_listed("googlevideo.com.evil.test", listed)
    assert initial_crypto(b"\xc0" + os.urandom(40)) == []
