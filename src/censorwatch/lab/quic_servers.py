"""The lab's QUIC: an HTTP/3 server (aioquic) and UDP censors in front of it, as Russia's
TSPU treats QUIC since 2022: one drops every datagram of a client whose Initial names a
listed service (read from the ClientHello inside the Initial, decrypted with the keys
anyone can derive from it), the other drops every QUIC long-header packet."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from aioquic.asyncio import QuicConnectionProtocol, serve
from aioquic.asyncio.server import QuicServer
from aioquic.buffer import Buffer
from aioquic.h3.connection import H3_ALPN, H3Connection
from aioquic.h3.events import HeadersReceived
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.crypto import CryptoPair
from aioquic.quic.events import ProtocolNegotiated, QuicEvent
from aioquic.quic.packet import QuicPacketType, QuicProtocolVersion, pull_quic_header
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .wire import client_hello_sni

log = logging.getLogger(__name__)

PAGE = b"censorwatch lab: hello over HTTP/3\n"
MODES = ("names", "all")
MAX_CLIENTS = 512  # a relay's upstream sockets; the least recently heard is closed first
IDLE = 60.0  # seconds before a silent client's upstream socket is closed
MAX_PENDING = 32  # datagrams held while a client's upstream socket opens
MAX_HELLO = 16 * 1024  # CRYPTO bytes kept per client to reassemble its ClientHello
_VERSIONS = (QuicProtocolVersion.VERSION_1, QuicProtocolVersion.VERSION_2)
_PEM = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.S)


def load_pem(configuration: QuicConfiguration, pem: str | Path) -> None:
    """The key and certificate chain of one PEM file, in any order (trustme writes the key
    first, which aioquic's load_cert_chain does not expect)."""
    certificates, key = [], None
    for match in _PEM.finditer(Path(pem).read_bytes()):
        if match.group(1) == b"CERTIFICATE":
            certificates.append(x509.load_pem_x509_certificate(match.group(0)))
        elif match.group(1).endswith(b"PRIVATE KEY") and key is None:
            key = serialization.load_pem_private_key(match.group(0), password=None)
    if not certificates or key is None:
        raise ValueError(f"{pem}: a private key and a certificate are needed")
    configuration.certificate, configuration.certificate_chain = certificates[0], certificates[1:]
    configuration.private_key = key


class _H3Server(QuicConnectionProtocol):
    """One connection of the HTTP/3 server: GET / is a small page, anything else a 404."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._http: H3Connection | None = None

    def quic_event_received(self, event: QuicEvent) -> None:
        if isinstance(event, ProtocolNegotiated) and event.alpn_protocol in H3_ALPN:
            self._http = H3Connection(self._quic)
        if self._http is None:
            return
        for h3_event in self._http.handle_event(event):
            if isinstance(h3_event, HeadersReceived):
                self._answer(h3_event)
        self.transmit()

    def _answer(self, event: HeadersReceived) -> None:
        assert self._http is not None
        headers = dict(event.headers)
        found = headers.get(b":method") == b"GET" and headers.get(b":path") == b"/"
        body = PAGE if found else b"not found\n"
        self._http.send_headers(
            event.stream_id,
            [
                (b":status", b"200" if found else b"404"),
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        )
        self._http.send_data(event.stream_id, body, end_stream=True)


# --- what the censor reads ------------------------------------------------------------


def _crypto_frames(payload: bytes) -> list[tuple[int, bytes]]:
    """The CRYPTO frames (offset, data) of a decrypted Initial packet's payload, as far as
    the frames an Initial may carry (padding, ping, ACK, CRYPTO, CONNECTION_CLOSE) go."""
    found: list[tuple[int, bytes]] = []
    buf = Buffer(data=payload)
    while not buf.eof():
        kind = buf.pull_uint_var()
        if kind in (0x00, 0x01):  # PADDING, PING
            continue
        if kind in (0x02, 0x03):  # ACK (with ECN counts)
            buf.pull_uint_var()  # largest acknowledged
            buf.pull_uint_var()  # delay
            ranges = buf.pull_uint_var()
            if ranges > 256:
                break  # no client's Initial acknowledges that much: not worth reading
            for _ in range(1 + ranges * 2 + (3 if kind == 0x03 else 0)):
                buf.pull_uint_var()
        elif kind == 0x06:  # CRYPTO
            offset, length = buf.pull_uint_var(), buf.pull_uint_var()
            found.append((offset, buf.pull_bytes(length)))
        else:  # CONNECTION_CLOSE or a frame an Initial may not carry: stop reading
            break
    return found


def initial_crypto(data: bytes) -> list[tuple[int, bytes]]:
    """The CRYPTO frames of the client Initial packets in one datagram (coalesced packets
    included), decrypted with the Initial keys of their destination connection ID. Garbage
    gives what was read before it."""
    found: list[tuple[int, bytes]] = []
    buf = Buffer(data=data)
    try:
        while not buf.eof() and data[buf.tell()] & 0x80:
            start = buf.tell()
            header = pull_quic_header(buf, host_cid_length=8)
            end = start + header.packet_length
            if header.packet_type == QuicPacketType.INITIAL and header.version in _VERSIONS:
                assert header.version is not None
                crypto = CryptoPair()
                crypto.setup_initial(
                    cid=header.destination_cid, is_client=False, version=header.version
                )
                _, payload, _ = crypto.decrypt_packet(data[start:end], buf.tell() - start, 0)
                found.extend(_crypto_frames(payload))
            if end <= start:
                break
            buf.seek(end)
    except Exception:  # noqa: BLE001 - a datagram that is not what it says is no Initial
        pass
    return found


def _hello_name(hello: bytes) -> str | None:
    """The server_name of a whole ClientHello handshake message."""
    record = b"\x16\x03\x01" + len(hello).to_bytes(2, "big") + hello
    return client_hello_sni(record)


def name_listed(name: str, names: Iterable[str]) -> bool:
    """Whether `name` is one of `names` or under one of them (googlevideo.com lists
    rr1.googlevideo.com)."""
    name = name.lower().rstrip(".")
    return any(name == n or name.endswith("." + n) for n in names)


@dataclass(slots=True)
class Censor:
    """Where a censor listens, and what it drops: "names" (every datagram of a client whose
    Initial names one of `names`) or "all" (every QUIC long-header packet)."""

    host: str
    port: int
    mode: str
    names: tuple[str, ...] = ()


class _Client:
    def __init__(self, addr: tuple[Any, ...], now: float) -> None:
        self.addr, self.last = addr, now
        self.upstream: asyncio.DatagramTransport | None = None
        self.pending: list[bytes] = []
        self.opening: asyncio.Task[None] | None = None
        self.blocked = False
        self.judged = False
        self.crypto: dict[int, bytes] = {}
        self.kept = 0

    def hello(self) -> bytes | None:
        """The client's ClientHello once all of it arrived, from offset 0."""
        data = b""
        for offset in sorted(self.crypto):
            if offset > len(data):
                break
            data += self.crypto[offset][len(data) - offset :]
        if len(data) < 4:
            return None
        need = 4 + int.from_bytes(data[1:4], "big")
        return data[:need] if len(data) >= need else None

    def close(self) -> None:
        if self.opening is not None:
            self.opening.cancel()
        if self.upstream is not None:
            self.upstream.close()


class _Upstream(asyncio.DatagramProtocol):
    def __init__(self, relay: CensorRelay, client: _Client) -> None:
        self.relay, self.client = relay, client

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        try:
            self.relay.reply(self.client, data)
        except Exception:
            self.relay.errors += 1
            log.exception("quic censor: a reply to %s", self.client.addr)

    def error_received(self, exc: Exception) -> None:
        pass  # the server is down: the client hears nothing, as it would


class CensorRelay(asyncio.DatagramProtocol):
    """A UDP relay to the server, one upstream socket per client, with a censor's rules."""

    def __init__(self, censor: Censor, upstream: tuple[str, int]) -> None:
        if censor.mode not in MODES:
            raise ValueError(f"censor mode {censor.mode!r}: one of {MODES}")
        self.censor, self.upstream = censor, upstream
        self.names = tuple(n.lower().rstrip(".") for n in censor.names)
        self.clients: dict[tuple[Any, ...], _Client] = {}
        self.transport: asyncio.DatagramTransport | None = None
        self.forwarded = self.dropped = self.errors = 0
        # UDP payloads heard from clients, and relayed back to them: [datagrams, bytes]
        self.from_clients, self.to_clients = [0, 0], [0, 0]
        self.seen: list[str] = []  # the names read in Initials, the first 100

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        self.from_clients[0] += 1
        self.from_clients[1] += len(data)
        try:
            self._from_client(data, addr)
        except Exception:
            self.errors += 1
            log.exception("quic censor: a datagram from %s", addr)

    def _from_client(self, data: bytes, addr: tuple[Any, ...]) -> None:
        if self.censor.mode == "all" and data[:1] and data[0] & 0x80:
            self.dropped += 1
            return
        client = self._client(addr)
        if not client.blocked and not client.judged and data[:1] and data[0] & 0x80:
            self._judge(client, data)
        if client.blocked:
            self.dropped += 1
            return
        self.forwarded += 1
        if client.upstream is not None:
            client.upstream.sendto(data)
        elif len(client.pending) < MAX_PENDING:
            client.pending.append(data)

    def _judge(self, client: _Client, data: bytes) -> None:
        for offset, chunk in initial_crypto(data):
            if offset + len(chunk) > MAX_HELLO or client.kept + len(chunk) > 4 * MAX_HELLO:
                client.judged = True  # too big to be a ClientHello we read: let it be
                return
            client.crypto.setdefault(offset, chunk)
            client.kept += len(chunk)
        hello = client.hello()
        if hello is None:
            return
        client.judged, client.crypto = True, {}
        name = _hello_name(hello) if hello[0] == 0x01 else None
        if name is not None and len(self.seen) < 100:
            self.seen.append(name)
        client.blocked = name is not None and name_listed(name, self.names)

    def reply(self, client: _Client, data: bytes) -> None:
        client.last = asyncio.get_running_loop().time()
        if client.blocked or (self.censor.mode == "all" and data[:1] and data[0] & 0x80):
            self.dropped += 1
            return
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(data, client.addr)
            self.to_clients[0] += 1
            self.to_clients[1] += len(data)

    def _client(self, addr: tuple[Any, ...]) -> _Client:
        now = asyncio.get_running_loop().time()
        client = self.clients.get(addr)
        if client is None:
            for old in [c for c in self.clients.values() if now - c.last > IDLE]:
                self._forget(old)
            if len(self.clients) >= MAX_CLIENTS:
                self._forget(min(self.clients.values(), key=lambda c: c.last))
            client = self.clients[addr] = _Client(addr, now)
            client.opening = asyncio.get_running_loop().create_task(self._open(client))
        client.last = now
        return client

    def _forget(self, client: _Client) -> None:
        self.clients.pop(client.addr, None)
        client.close()

    async def _open(self, client: _Client) -> None:
        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _Upstream(self, client), remote_addr=self.upstream
            )
        except OSError:
            log.warning("quic censor: no upstream socket to %s", self.upstream)
            return
        if self.clients.get(client.addr) is not client:
            transport.close()
            return
        client.upstream, client.opening = transport, None
        for data in client.pending:
            transport.sendto(data)
        client.pending = []

    def close(self) -> None:
        for client in list(self.clients.values()):
            client.close()
        self.clients.clear()
        if self.transport is not None:
            self.transport.close()


class QuicLab:
    """The HTTP/3 server on (host, port) and its censors, on the caller's event loop."""

    def __init__(
        self, host: str, port: int, pem: str | Path, censors: Sequence[Censor] = ()
    ) -> None:
        self.host, self.port, self.pem = host, port, Path(pem)
        self.censors = list(censors)
        self.relays: list[CensorRelay] = []
        self._server: QuicServer | None = None

    async def start(self) -> None:
        configuration = QuicConfiguration(is_client=False, alpn_protocols=H3_ALPN)
        load_pem(configuration, self.pem)
        self._server = await serve(
            self.host, self.port, configuration=configuration, create_protocol=_H3Server
        )
        loop = asyncio.get_running_loop()
        try:
            for censor in self.censors:
                relay = CensorRelay(censor, (self.host, self.port))
                await loop.create_datagram_endpoint(
                    lambda relay=relay: relay,  # type: ignore[misc]
                    local_addr=(censor.host, censor.port),
                )
                self.relays.append(relay)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        for relay in self.relays:
            relay.close()
        self.relays = []
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.close()
            self._server = None
        await asyncio.sleep(0)  # let the transports' close callbacks run

    def relay(self, host: str) -> CensorRelay:
        """The running censor that listens on `host` (its counters and the names it read)."""
        for relay in self.relays:
            if relay.censor.host == host:
                return relay
        raise KeyError(host)
