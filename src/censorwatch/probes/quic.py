"""The quic probe: a QUIC handshake (RFC 9000) with aioquic's sans-IO connection over our
own datagram socket, to tell an answer from silence (Russia drops QUIC Initials to foreign
sites, sometimes only for some names); every datagram and byte is counted."""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from typing import Any

from aioquic.quic import events
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.connection import QuicConnection
from aioquic.quic.logger import QuicLogger, QuicLoggerTrace

from . import failures
from .records import QuicHandshake

UDP_HEADERS = {socket.AF_INET: 28, socket.AF_INET6: 48}  # IP and UDP, per datagram
DATAGRAM_CAP = 1500  # a larger datagram is not one QUIC sends (RFC 9000 §14)
MAX_INVALID = 100  # after this many rejected or oversized datagrams, stop listening
INCOMPATIBLE_VERSION = "quic_incompatible_version"  # OONI's, as netxlite names it

_CRYPTO_ERROR = range(0x100, 0x200)  # a TLS alert, carried in a QUIC error code
_CERTIFICATE_ALERTS = {42, 43, 44, 45, 46}  # bad, unsupported, revoked, expired, unknown
_UNRECOGNIZED_NAME = 112
_CONNECTION_REFUSED = 0x2  # the transport error CONNECTION_REFUSED
_NO_VERSION = "Could not find a common protocol version"


class _Trace(QuicLoggerTrace):
    """aioquic's log, kept to what the probe needs: how many packets of the peer it took
    in (a datagram with none was rejected) and the CONNECTION_CLOSE frames either side
    sent, as they happen (aioquic reports a close only after its drain period)."""

    def __init__(self, *, is_client: bool, odcid: bytes) -> None:
        super().__init__(is_client=is_client, odcid=odcid)
        self.accepted = 0
        self.receiving = False  # inside receive_datagram: a close frame is the peer's
        self.closes: list[tuple[bool, int, int | None, str]] = []

    def log_event(self, *, category: str, event: str, data: dict[str, Any]) -> None:
        if event == "packet_received":
            self.accepted += 1

    def encode_connection_close_frame(
        self, error_code: int, frame_type: int | None, reason_phrase: str
    ) -> dict[str, Any]:
        self.closes.append((self.receiving, error_code, frame_type, reason_phrase[:200]))
        return {}


class _Logger(QuicLogger):
    def __init__(self) -> None:
        super().__init__()
        self.trace: _Trace | None = None

    def start_trace(self, is_client: bool, odcid: bytes) -> QuicLoggerTrace:
        self.trace = _Trace(is_client=is_client, odcid=odcid)
        return self.trace

    def end_trace(self, trace: QuicLoggerTrace) -> None:
        pass  # nothing is kept


def close_failure(received: bool, code: int, frame_type: int | None, reason: str) -> str:
    """The failure for a connection closed before the handshake completed: by the server
    (`received`, an answer) or by aioquic over what the server sent."""
    if not received and reason == _NO_VERSION:
        return INCOMPATIBLE_VERSION
    if received and frame_type is not None and code == _CONNECTION_REFUSED:
        return failures.CONNECTION_REFUSED
    if frame_type is not None and code in _CRYPTO_ERROR:
        alert = code - 0x100
        if alert in _CERTIFICATE_ALERTS:
            return failures.SSL_INVALID_CERTIFICATE
        if alert == _UNRECOGNIZED_NAME:
            return failures.SSL_INVALID_HOSTNAME
        return failures.SSL_FAILED_HANDSHAKE
    who = "the server" if received else "us"
    kind = "transport" if frame_type is not None else "application"
    detail = f"quic: closed by {who} ({kind} error 0x{code:x})"
    return failures.unknown(f"{detail}: {reason}" if reason else detail)


class _Protocol(asyncio.DatagramProtocol):
    """Hands the server's datagrams to the connection, counting them, and wakes the probe."""

    def __init__(self, record: QuicHandshake, peer: tuple[str, int]) -> None:
        self.record, self.peer = record, peer
        self.connection: QuicConnection | None = None
        self.trace: _Trace | None = None
        self.headers = UDP_HEADERS[socket.AF_INET]
        self.invalid = 0
        self.listening = True
        self.error: BaseException | None = None
        self.wake = asyncio.Event()

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if not self.listening or self.connection is None or self.trace is None:
            return
        self.record.datagrams_received += 1
        self.record.bytes_received += len(data) + self.headers
        accepted = self.trace.accepted
        if len(data) <= DATAGRAM_CAP:
            now = asyncio.get_running_loop().time()
            self.trace.receiving = True
            try:
                # The socket is connected: every datagram is the peer's, whatever form
                # the kernel gives its address in (IPv6 adds flow info and scope).
                self.connection.receive_datagram(data, self.peer, now)
            except Exception as exc:  # noqa: BLE001 - a crash of the parser is an answer too
                self.error = failures.ProbeError(failures.unknown(f"quic: {exc!r}"[:200]))
            finally:
                self.trace.receiving = False
        if self.trace.accepted == accepted:
            self.invalid += 1
            if self.invalid >= MAX_INVALID:
                self.listening = False
                self.error = failures.ProbeError(failures.unknown("invalid QUIC replies"))
        self.wake.set()

    def error_received(self, exc: Exception) -> None:
        # ICMP port unreachable arrives here as ConnectionRefusedError.
        if self.error is None:
            self.error = exc
        self.wake.set()


def _configuration(server_name: str, alpn: tuple[str, ...], timeout: float) -> QuicConfiguration:
    return QuicConfiguration(
        is_client=True,
        idle_timeout=max(timeout + 5.0, 30.0),  # ours ends the wait, never aioquic's
        alpn_protocols=list(alpn),
        server_name=server_name or None,
        verify_mode=ssl.CERT_NONE,  # this probe asks whether QUIC passes; TLS judges certs
        quic_logger=_Logger(),
    )


async def handshake(
    address: str,
    port: int,
    server_name: str,
    timeout: float,
    *,
    decoy: bool = False,
    alpn: tuple[str, ...] = ("h3",),
) -> QuicHandshake:
    """A QUIC handshake naming `server_name` to address:port, aioquic retransmitting its
    Initial until the handshake completes, the server closes, ICMP refuses or `timeout`."""
    record = QuicHandshake(address=address, port=port, sni=server_name, decoy=decoy)
    loop = asyncio.get_running_loop()
    peer = (address, port)
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            lambda: _Protocol(record, peer), remote_addr=peer
        )
    except OSError as exc:
        record.failure = failures.failure_string(exc)
        return record
    sock = transport.get_extra_info("socket")
    headers = UDP_HEADERS.get(getattr(sock, "family", socket.AF_INET), 28)
    protocol.headers = headers

    def send(connection: QuicConnection) -> None:
        for data, _ in connection.datagrams_to_send(now=loop.time()):
            transport.sendto(data)
            record.datagrams_sent += 1
            record.bytes_sent += len(data) + headers

    try:
        configuration = _configuration(server_name, alpn, timeout)
        connection = QuicConnection(configuration=configuration)
        logger = configuration.quic_logger
        assert isinstance(logger, _Logger)
        protocol.connection, protocol.trace = connection, logger.trace
        trace = logger.trace
        assert trace is not None
        deadline = loop.time() + timeout
        connection.connect(peer, now=loop.time())
        start = time.perf_counter()
        send(connection)
        while True:
            if protocol.error is not None:
                raise protocol.error
            event = connection.next_event()
            while event is not None:
                if isinstance(event, events.HandshakeCompleted):
                    record.time_ms = (time.perf_counter() - start) * 1000
                    record.alpn = event.alpn_protocol
                    connection.close()  # politely: one CONNECTION_CLOSE, no waiting
                    send(connection)
                    return record
                if isinstance(event, events.ConnectionTerminated):
                    trace.closes.append(
                        (False, event.error_code, event.frame_type, event.reason_phrase)
                    )
                event = connection.next_event()
            if trace.closes:
                received, code, frame_type, reason = trace.closes[0]
                send(connection)  # aioquic's own CONNECTION_CLOSE, if it closed
                record.failure = close_failure(received, code, frame_type, reason)
                return record
            now = loop.time()
            if now >= deadline:
                raise TimeoutError
            timer = connection.get_timer()
            wait = deadline - now if timer is None else min(timer, deadline) - now
            protocol.wake.clear()
            if wait > 0:
                try:
                    await asyncio.wait_for(protocol.wake.wait(), timeout=wait)
                except TimeoutError:
                    pass
            else:
                await asyncio.sleep(0)  # a timer already due: still let datagrams in
            timer = connection.get_timer()
            if timer is not None and loop.time() >= timer:
                connection.handle_timer(now=loop.time())
            send(connection)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        failure = failures.failure_string(exc)
        if failure == failures.TIMEOUT and protocol.invalid:
            failure = failures.unknown("invalid QUIC replies")
        record.failure = failure
    finally:
        protocol.listening = False
        transport.close()
    return record
