"""The ECH measurement against real servers on loopback: OpenSSL (Python's ssl) answers the
hand-built ClientHello with and without GREASE ECH, the lab's ECH censor drops the one with
ECH and the outer name, and hostile servers alert, close, reset, babble or stay silent."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import trustme

from censorwatch.lab import wire
from censorwatch.lab.ech_censor import EchCensor, carries_ech, client_hello_name, should_drop
from censorwatch.probes import ech, failures

TLS_HOST = "127.77.233.1"  # the real TLS server
CENSOR_HOST = "127.77.233.2"
HOSTILE_HOST = "127.77.233.3"
OPEN_NAME = "open.cw.test"
ANSWER_WAIT = 5.0  # returns as soon as the answer comes; only a silence waits it out
SILENCE_WAIT = 1.0

Behaviour = Callable[[socket.socket], Awaitable[None]]


@pytest.fixture(scope="module")
def certificate() -> trustme.LeafCert:
    return trustme.CA().issue_cert(ech.ECH_OUTER_NAME, OPEN_NAME)


def server_context(cert: trustme.LeafCert, curve: str | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    if curve:
        context.set_ecdh_curve(curve)  # OpenSSL 3: the only group it accepts
    return context


@contextlib.asynccontextmanager
async def tls_server(context: ssl.SSLContext, host: str = TLS_HOST) -> AsyncIterator[int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(handle, host, 0, ssl=context, ssl_handshake_timeout=5)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@contextlib.asynccontextmanager
async def raw_server(behaviour: Behaviour) -> AsyncIterator[int]:
    """A TCP server on HOSTILE_HOST that runs `behaviour` on each accepted socket."""
    loop = asyncio.get_running_loop()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOSTILE_HOST, 0))
    listener.listen(8)
    listener.setblocking(False)
    tasks: list[asyncio.Task[None]] = []

    async def serve(conn: socket.socket) -> None:
        try:
            await behaviour(conn)
        except OSError:
            pass
        finally:
            conn.close()

    async def accept() -> None:
        while True:
            conn, _ = await loop.sock_accept(listener)
            conn.setblocking(False)
            tasks.append(asyncio.ensure_future(serve(conn)))

    acceptor = asyncio.ensure_future(accept())
    try:
        yield listener.getsockname()[1]
    finally:
        for task in [acceptor, *tasks]:
            task.cancel()
        await asyncio.gather(acceptor, *tasks, return_exceptions=True)
        listener.close()


async def read_hello(conn: socket.socket) -> bytes:
    """The client's first TLS record, consumed."""
    loop = asyncio.get_running_loop()
    hello = await wire.peek_client_hello(conn, timeout=5)
    got = b""
    while len(got) < len(hello):
        got += await loop.sock_recv(conn, len(hello) - len(got))
    return got


async def hold(conn: socket.socket) -> None:
    loop = asyncio.get_running_loop()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(30):
            while await loop.sock_recv(conn, 65536):
                pass


def parse(record: bytes) -> dict[int, bytes]:
    """Our own strict reading of a ClientHello record: every length must add up."""
    assert record[0] == 22 and record[1:3] == b"\x03\x01"
    assert int.from_bytes(record[3:5], "big") == len(record) - 5
    hello = record[5:]
    assert hello[0] == 1 and int.from_bytes(hello[1:4], "big") == len(hello) - 4
    assert hello[4:6] == b"\x03\x03"
    pos = 6 + 32
    assert hello[pos] == 32  # legacy session id
    pos += 1 + 32
    suites_len = int.from_bytes(hello[pos : pos + 2], "big")
    suites = {
        int.from_bytes(hello[i : i + 2], "big") for i in range(pos + 2, pos + 2 + suites_len, 2)
    }
    assert {0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F} <= suites
    pos += 2 + suites_len
    assert hello[pos : pos + 2] == b"\x01\x00"  # null compression only
    pos += 2
    assert int.from_bytes(hello[pos : pos + 2], "big") == len(hello) - pos - 2
    pos += 2
    extensions: dict[int, bytes] = {}
    while pos < len(hello):
        ext_type = int.from_bytes(hello[pos : pos + 2], "big")
        length = int.from_bytes(hello[pos + 2 : pos + 4], "big")
        assert ext_type not in extensions
        extensions[ext_type] = hello[pos + 4 : pos + 4 + length]
        assert len(extensions[ext_type]) == length
        pos += 4 + length
    assert pos == len(hello)
    return extensions


# --- the ClientHello ---------------------------------------------------------------------


def test_the_client_hello_is_consistent_and_ech_is_its_only_difference():
    plain = parse(ech.client_hello(ech.ECH_OUTER_NAME, ech=False))
    with_ech = parse(ech.client_hello(ech.ECH_OUTER_NAME, ech=True))
    assert set(with_ech) - set(plain) == {0xFE0D}
    assert set(plain) == {0x0000, 0x000A, 0x000B, 0x000D, 0x0010, 0x002B, 0x002D, 0x0033}
    for ext in (0x0000, 0x000A, 0x000B, 0x000D, 0x0010, 0x002B, 0x002D):
        assert plain[ext] == with_ech[ext]
    assert plain[0x0000] == b"\x00\x15\x00\x00\x12cloudflare-ech.com"
    assert plain[0x0010] == b"\x00\x0c\x02h2\x08http/1.1"
    assert plain[0x002B] == b"\x04\x03\x04\x03\x03"
    share = plain[0x0033]
    assert share[:6] == b"\x00\x24\x00\x1d\x00\x20" and len(share) == 2 + 4 + 32
    assert share != with_ech[0x0033]  # a fresh key each time


def test_the_grease_ech_extension_is_an_outer_ech_client_hello():
    seen_lengths = set()
    for _ in range(40):
        body = parse(ech.client_hello(ech.ECH_OUTER_NAME, ech=True))[0xFE0D]
        assert body[0] == 0  # outer
        assert body[1:5] == b"\x00\x01\x00\x01"  # HKDF-SHA256, AES-128-GCM
        assert int.from_bytes(body[6:8], "big") == 32  # enc: an X25519 key
        payload_len = int.from_bytes(body[40:42], "big")
        assert len(body) == 42 + payload_len
        seen_lengths.add(payload_len)
    assert seen_lengths <= {144, 176, 208, 240} and len(seen_lengths) > 1


@pytest.mark.parametrize("with_ech", [False, True])
def test_openssl_reads_the_client_hello_and_answers_it(certificate, with_ech):
    context = server_context(certificate)
    names: list[str | None] = []
    context.sni_callback = lambda _obj, name, _ctx: names.append(name)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    server = context.wrap_bio(incoming, outgoing, server_side=True)
    incoming.write(ech.client_hello(ech.ECH_OUTER_NAME, ech=with_ech))
    with pytest.raises(ssl.SSLWantReadError):
        server.do_handshake()
    flight = outgoing.read()
    first = flight[: 5 + int.from_bytes(flight[3:5], "big")]
    assert ech.read_answer(first) == ("server_hello", None)
    assert names == [ech.ECH_OUTER_NAME]


def test_the_censor_reads_ech_and_the_outer_name():
    hello = ech.client_hello(ech.ECH_OUTER_NAME, ech=True)
    plain = ech.client_hello(ech.ECH_OUTER_NAME, ech=False)
    assert carries_ech(hello) and not carries_ech(plain)
    assert client_hello_name(hello) == client_hello_name(plain) == ech.ECH_OUTER_NAME
    assert should_drop(hello) and not should_drop(plain)
    assert not should_drop(ech.client_hello(OPEN_NAME, ech=True))
    assert should_drop(ech.client_hello(OPEN_NAME, ech=True), {OPEN_NAME})
    assert not carries_ech(hello[:100])  # a piece of a record is not read as a whole
    assert not carries_ech(b"GET / HTTP/1.1\r\n\r\n" + bytes(200))
    assert not carries_ech(b"")


# --- against a real server -----------------------------------------------------------------


@pytest.mark.parametrize("with_ech", [False, True])
def test_a_real_server_answers_with_a_server_hello(certificate, with_ech):
    async def scenario() -> ech.EchHandshake:
        async with tls_server(server_context(certificate)) as port:
            return await ech.exchange(TLS_HOST, port, ech.ECH_OUTER_NAME, ANSWER_WAIT, ech=with_ech)

    out = asyncio.run(scenario())
    assert (out.answer, out.failure) == ("server_hello", None)
    assert out.ech is with_ech and out.sni == ech.ECH_OUTER_NAME
    assert out.time_ms is not None
    plain = len(ech.client_hello(ech.ECH_OUTER_NAME, ech=False))  # its length never varies
    extension = {4 + 1 + 4 + 1 + 2 + 32 + 2 + n for n in ech.GREASE_PAYLOAD_LENGTHS}
    assert out.bytes_sent - plain in (extension if with_ech else {0})
    assert out.bytes_received > 5 + 38


def test_a_server_without_x25519_asks_for_a_retry(certificate):
    async def scenario() -> ech.EchHandshake:
        async with tls_server(server_context(certificate, "prime256v1")) as port:
            return await ech.exchange(TLS_HOST, port, OPEN_NAME, ANSWER_WAIT, ech=True)

    out = asyncio.run(scenario())
    assert (out.answer, out.failure) == ("hello_retry_request", None)


def test_a_real_server_on_ipv6(certificate):
    async def scenario() -> ech.EchHandshake:
        async with tls_server(server_context(certificate), "::1") as port:
            return await ech.exchange("::1", port, ech.ECH_OUTER_NAME, ANSWER_WAIT, ech=True)

    out = asyncio.run(scenario())
    assert (out.address, out.answer, out.failure) == ("::1", "server_hello", None)


# --- through the ECH censor --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "with_ech", "answer", "failure"),
    [
        (ech.ECH_OUTER_NAME, True, None, failures.TIMEOUT),
        (ech.ECH_OUTER_NAME, False, "server_hello", None),
        (OPEN_NAME, True, "server_hello", None),
    ],
)
def test_the_censor_drops_ech_to_the_outer_name_only(certificate, name, with_ech, answer, failure):
    async def scenario() -> tuple[ech.EchHandshake, int, int]:
        async with tls_server(server_context(certificate)) as upstream:
            censor = EchCensor(CENSOR_HOST, 0, TLS_HOST, upstream)
            await censor.start()
            try:
                wait = SILENCE_WAIT if failure else ANSWER_WAIT
                out = await ech.exchange(CENSOR_HOST, censor.port, name, wait, ech=with_ech)
            finally:
                await censor.stop()
            return out, censor.dropped, censor.relayed

    out, dropped, relayed = asyncio.run(scenario())
    assert (out.answer, out.failure) == (answer, failure)
    assert (dropped, relayed) == ((1, 0) if failure else (0, 1))
    assert out.bytes_sent > 0  # the connection was made: silence, not a refusal


def test_the_censor_passes_on_an_unreachable_upstream_as_a_reset():
    async def scenario() -> ech.EchHandshake:
        censor = EchCensor(CENSOR_HOST, 0, TLS_HOST, closed_port(TLS_HOST))
        await censor.start()
        try:
            return await ech.exchange(CENSOR_HOST, censor.port, OPEN_NAME, ANSWER_WAIT, ech=False)
        finally:
            await censor.stop()

    out = asyncio.run(scenario())
    assert (out.answer, out.failure) == (None, failures.CONNECTION_RESET)


# --- hostile servers ---------------------------------------------------------------------


async def send_alert(conn: socket.socket) -> None:
    await read_hello(conn)
    await asyncio.get_running_loop().sock_sendall(conn, servers_alert(40))


def servers_alert(description: int) -> bytes:
    return bytes([21, 3, 3, 0, 2, 2, description])


async def close_at_once(conn: socket.socket) -> None:
    await read_hello(conn)  # read first: closing on unread bytes would send a reset
    conn.shutdown(socket.SHUT_RDWR)


async def reset(conn: socket.socket) -> None:
    await read_hello(conn)
    wire.rst(conn)


async def babble(conn: socket.socket) -> None:
    await read_hello(conn)
    await asyncio.get_running_loop().sock_sendall(conn, b"HTTP/1.1 400 Bad Request\r\n\r\n")
    await hold(conn)


async def babble_slowly(conn: socket.socket) -> None:
    # One byte that cannot start a TLS record, then silence: seen at once, not waited out.
    await read_hello(conn)
    await asyncio.get_running_loop().sock_sendall(conn, b"<")
    await hold(conn)


async def half_a_record(conn: socket.socket) -> None:
    await read_hello(conn)
    await asyncio.get_running_loop().sock_sendall(conn, bytes([22, 3, 3, 0, 90, 2, 0]))
    conn.shutdown(socket.SHUT_WR)
    await hold(conn)


async def silent(conn: socket.socket) -> None:
    await hold(conn)


@pytest.mark.parametrize(
    ("behaviour", "wait", "answer", "failure"),
    [
        (send_alert, ANSWER_WAIT, "alert: handshake failure", failures.SSL_FAILED_HANDSHAKE),
        (close_at_once, ANSWER_WAIT, None, failures.EOF),
        (reset, ANSWER_WAIT, None, failures.CONNECTION_RESET),
        (babble, ANSWER_WAIT, None, failures.unknown("not TLS")),
        (babble_slowly, ANSWER_WAIT, None, failures.unknown("not TLS")),
        (half_a_record, ANSWER_WAIT, None, failures.EOF),
        (silent, SILENCE_WAIT, None, failures.TIMEOUT),
    ],
)
def test_hostile_servers(behaviour, wait, answer, failure):
    async def scenario() -> ech.EchHandshake:
        async with raw_server(behaviour) as port:
            return await ech.exchange(HOSTILE_HOST, port, ech.ECH_OUTER_NAME, wait, ech=True)

    out = asyncio.run(scenario())
    assert (out.answer, out.failure) == (answer, failure)
    assert out.bytes_sent > 0


def test_alert_names():
    assert ech.read_answer(servers_alert(112)) == (
        "alert: unrecognized name",
        failures.SSL_FAILED_HANDSHAKE,
    )
    assert ech.read_answer(servers_alert(250))[0] == "alert: 250"
    assert ech.read_answer(bytes([23, 3, 3, 0, 1, 0]))[1] == failures.unknown(
        "TLS record of type 23 before a ServerHello"
    )


def closed_port(host: str) -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_a_closed_port_is_refused():
    out = asyncio.run(
        ech.exchange(HOSTILE_HOST, closed_port(HOSTILE_HOST), OPEN_NAME, ANSWER_WAIT, ech=True)
    )
    assert (out.answer, out.failure, out.bytes_sent) == (None, failures.CONNECTION_REFUSED, 0)
