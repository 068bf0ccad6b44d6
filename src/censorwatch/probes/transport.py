"""The tcp and tls steps every probe over TCP shares, with the decoy-SNI differential."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from dataclasses import dataclass

from . import counters, failures, x509
from .dns import is_ip
from .names import ascii_name
from .network import Network
from .records import ProbeRecord, TcpConnect, TlsHandshake
from .tlsio import Channel, Handshake

# Failures after which the same address is tried again with the decoy SNI: the handshake
# was cut (reset, EOF, garbage) or stalled, rather than refused on certificate grounds.
DECOY_TRIGGERS = {
    failures.CONNECTION_RESET,
    failures.TIMEOUT,
    failures.EOF,
    failures.SSL_FAILED_HANDSHAKE,
    failures.CONNECTION_ABORTED,
}
RECEIVE_BUFFER = 128 * 1024
_CERT_FAILURES = {
    failures.SSL_UNKNOWN_AUTHORITY,
    failures.SSL_INVALID_HOSTNAME,
    failures.SSL_INVALID_CERTIFICATE,
}


@dataclass(slots=True)
class Stream:
    """An open connection, plain or (after `tls`) secure; closing it charges its bytes to the
    probe that made it and notes the kernel's retransmissions and round-trip time in its tcp
    step."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    step: TcpConnect | None = None
    record: ProbeRecord | None = None
    channel: Channel | None = None  # the TLS layer, once its handshake completed

    def write(self, data: bytes) -> None:
        if self.channel is not None:
            self.channel.write(data)
        else:
            self.writer.write(data)

    async def drain(self) -> None:
        await self.writer.drain()

    async def read(self, n: int = 64 * 1024) -> bytes:
        """Up to `n` bytes the peer sent (decrypted on a secure connection); b"" at the end."""
        if self.channel is not None:
            return await self.channel.read(n)
        return await self.reader.read(n)

    @property
    def socket(self) -> socket.socket | None:
        sock: socket.socket | None = self.writer.get_extra_info("socket")
        return sock

    def close(self) -> None:
        if self.record is not None:
            found = counters.read(self.socket)
            if found is not None:
                self.record.count(found.wire_sent, found.wire_received)
                if self.step is not None:
                    self.step.retransmits, self.step.rtt_ms = found.retransmits, found.rtt_ms
                    # Segments that can be retransmitted: those with data (and the SYN).
                    data = found.data_segments_out
                    self.step.segments = (data + 1) if data is not None else found.segments_out
            self.record = None
        with contextlib.suppress(Exception):
            self.writer.transport.abort()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


async def connect(
    address: str,
    port: int,
    timeout: float,
    limit: int = 64 * 1024,
    record: ProbeRecord | None = None,
) -> tuple[TcpConnect, Stream | None]:
    step = TcpConnect(address=address, port=port)
    start = time.perf_counter()
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        # A bounded receive window: what a probe stops reading must not keep arriving (a
        # capped download on a fast link would otherwise fill megabytes of buffers, paid for
        # on metered data). 128 KB still carries 10 Mbit/s at 100 ms round trips.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        async with asyncio.timeout(timeout):
            await asyncio.get_running_loop().sock_connect(sock, (address, port))
            reader, writer = await asyncio.open_connection(sock=sock, limit=limit)
    except asyncio.CancelledError:
        sock.close()
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        sock.close()
        step.failure = failures.failure_string(exc)
        return step, None
    step.time_ms = _ms(start)
    return step, Stream(reader, writer, step, record)


async def addresses(record: ProbeRecord, network: Network, host: str) -> list[str]:
    """The dns step of every probe that connects: the resolver under test decides (the
    controls answer alongside, as evidence); IPv4 first. A name asked again (a redirect back)
    is recorded once. Empty, with the failure recorded, when the resolver gives nothing."""
    if is_ip(host):
        if host not in record.literal_addresses:
            record.literal_addresses.append(host)
        return [host]
    queries = await network.resolve(ascii_name(host))
    known = {(q.resolver, q.hostname) for q in record.dns}
    record.dns.extend(q for q in queries if (q.resolver, q.hostname) not in known)
    test = queries[0]
    if test.failure or not test.addresses:
        record.fail("dns", test.failure or failures.DNS_NO_ANSWER)
        return []
    return interleave(test.addresses)


# Happy Eyeballs (RFC 8305): the addresses of a name tried in turn, each this long after
# the one before unless that one failed sooner; the first to connect is used.
ATTEMPT_DELAY = 0.25
MAX_ADDRESSES = 8


def interleave(addresses: list[str]) -> list[str]:
    """Both families, alternating, IPv6 first (RFC 8305, section 4)."""
    v6 = [a for a in addresses if ":" in a]
    v4 = [a for a in addresses if ":" not in a]
    out: list[str] = []
    for pair in zip(v6, v4, strict=False):
        out.extend(pair)
    shorter = min(len(v6), len(v4))
    return out + v6[shorter:] + v4[shorter:]


async def open_any(
    record: ProbeRecord,
    network: Network,
    addresses: list[str],
    port: int,
    limit: int = 64 * 1024,
) -> tuple[Stream | None, str | None]:
    """The tcp step as a browser takes it (Happy Eyeballs, RFC 8305): the next address when
    the one before has not connected within ATTEMPT_DELAY, or failed sooner; the first
    connection wins and the others are dropped. Every attempt that ended is in the record;
    when none connects, the probe fails with the first address's failure."""
    order = addresses[:MAX_ADDRESSES]
    pending: dict[asyncio.Task[tuple[TcpConnect, Stream | None]], str] = {}
    steps: list[TcpConnect] = []
    winner: tuple[Stream, str] | None = None
    started = 0

    def start_next() -> None:
        nonlocal started
        address = order[started]
        started += 1
        task = asyncio.ensure_future(connect(address, port, network.timeout, limit, record))
        pending[task] = address

    if order:
        start_next()
    try:
        while pending and winner is None:
            more = started < len(order)
            done, _ = await asyncio.wait(
                pending,
                timeout=ATTEMPT_DELAY if more else None,
                return_when=asyncio.FIRST_COMPLETED,
            )
            for task in done:
                address = pending.pop(task)
                step, stream = task.result()
                steps.append(step)
                if stream is None:
                    continue
                if winner is None:
                    winner = (stream, address)
                else:
                    stream.close()
            if winner is None and started < len(order):
                start_next()  # the delay passed, or an attempt failed: the next address now
    finally:
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(BaseException):
                _step, extra = await task
                if extra is not None:
                    extra.close()
        # The attempts another address made unnecessary, kept in the evidence as such.
        steps += [TcpConnect(address, port, abandoned=True) for address in pending.values()]
    record.tcp.extend(steps)
    if winner is None:
        first = next((s for s in steps if s.address == order[0]), steps[0] if steps else None)
        record.fail("tcp", (first.failure if first else None) or failures.unknown("connect"))
        return None, None
    return winner


async def open_connection(
    record: ProbeRecord, network: Network, address: str, port: int, limit: int = 64 * 1024
) -> Stream | None:
    """The tcp step to one address, recorded; None (with the failure recorded) when it fails."""
    step, stream = await connect(address, port, network.timeout, limit, record)
    record.tcp.append(step)
    if stream is None:
        record.fail("tcp", step.failure or failures.unknown("connect"))
    return stream


async def _start_tls(stream: Stream, ctx: ssl.SSLContext, sni: str, timeout: float) -> Handshake:
    """The handshake on `stream`; once it completes, the stream reads and writes through it."""
    channel = Channel(stream.reader, stream.writer, ctx, sni)
    seen = await channel.handshake(timeout)
    if seen.failure is None:
        stream.channel = channel
    return seen


def _fill(hs: TlsHandshake, seen: Handshake) -> None:
    hs.failure, hs.time_ms, hs.version = seen.failure, seen.ms, seen.version
    hs.alert, hs.verify_error = seen.alert, seen.verify_error
    if seen.der:
        hs.certificate = x509.summarize(seen.der)


async def fresh_handshake(
    network: Network, address: str, port: int, sni: str, decoy: bool, record: ProbeRecord
) -> TlsHandshake:
    """A separate connection with an unverified context: the decoy, or reading a bad cert."""
    hs = TlsHandshake(address=address, port=port, sni=sni, decoy=decoy)
    tcp, stream = await connect(address, port, network.timeout, record=record)
    if stream is None:
        hs.failure = tcp.failure
        return hs
    try:
        _fill(hs, await _start_tls(stream, network.unverified_context, sni, network.timeout))
    finally:
        stream.close()
    return hs


async def tls(
    record: ProbeRecord,
    network: Network,
    stream: Stream,
    address: str,
    port: int,
    sni: str,
    trust: str = "system",
    decoy: bool = True,
) -> bool:
    """The tls step on an open connection; adds the handshakes to `record`.

    When the handshake is cut or stalls, the same address is tried with the decoy SNI. The
    decoy starts early when the real handshake is slow, so a stalled handshake costs about one
    timeout, not two. When the certificate fails, the one presented is read, and so is the
    one presented for the decoy name: a certificate made for any name asked is a middlebox's.
    `decoy`: False for a handshake that is itself a comparison.
    """
    timeout = network.timeout
    hs = TlsHandshake(address=address, port=port, sni=sni)
    record.tls.append(hs)
    # "handshake": a completed handshake counts, whoever signed the certificate.
    context = network.context(trust)
    main = asyncio.ensure_future(_start_tls(stream, context, sni, timeout))
    decoy_sni = network.settings.decoy_sni if decoy else ""
    other: asyncio.Future[TlsHandshake] | None = None
    try:
        done, _ = await asyncio.wait({main}, timeout=min(2.0, timeout / 2))
        if not done and decoy_sni:
            other = asyncio.ensure_future(
                fresh_handshake(network, address, port, decoy_sni, True, record)
            )
        seen = await main
    except BaseException:
        main.cancel()
        if other:
            other.cancel()
        raise
    _fill(hs, seen)
    failure = seen.failure
    if failure is None:
        if other:
            other.cancel()
        return True
    record.fail("tls", failure)
    if failure in _CERT_FAILURES:
        # Read the certificate that failed (issuer, names, validity), and the one the same
        # address presents for the decoy name.
        if other is None and decoy_sni:
            other = asyncio.ensure_future(
                fresh_handshake(network, address, port, decoy_sni, True, record)
            )
        read = await fresh_handshake(network, address, port, sni, False, record)
        hs.certificate = read.certificate
        if other is not None:
            record.tls.append(await other)
        return False
    if failure in DECOY_TRIGGERS and decoy_sni:
        if other is None:
            other = asyncio.ensure_future(
                fresh_handshake(network, address, port, decoy_sni, True, record)
            )
        record.tls.append(await other)
    elif other:
        other.cancel()
    return False
