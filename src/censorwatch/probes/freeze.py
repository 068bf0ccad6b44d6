"""The freeze probe: the "16 KB freeze" of foreign hosting, measured as the Russian checkers
measure it (dpi-detector, dpi-checkers; docs/field-notes.md, "16 KB freeze"): one keep-alive
connection, a growing series of requests (each asking a little more of the object with a
Range header and carrying a little more padding), until the connection has carried well past
the reported freeze point. A freeze shows as bytes that stop mid-response, without a reset,
after so many kilobytes on that connection: the point is found in bytes, whatever the size
of the object, and a working host costs about 32 KB.
"""

from __future__ import annotations

import asyncio
import time

import h11

from . import failures, http, transport, urls
from .network import USER_AGENT, Network
from .records import HttpExchange, ProbeRecord

SERIES = (1024, 2048, 4096, 8192, 8192, 8192, 8192)  # body bytes asked by each request
TOTAL = 32 * 1024  # body bytes on the connection: twice the reported 14-20 KB
PAD_PER_REQUEST = 256  # padding grows by this much per request (client->server bytes too)


def _request(conn: h11.Connection, host_header: str, path: str, size: int, pad: int) -> bytes:
    headers = [
        ("Host", host_header),
        ("User-Agent", USER_AGENT),
        ("Accept", "*/*"),
        ("Accept-Encoding", "identity"),
        ("Connection", "keep-alive"),
        ("Range", f"bytes=0-{size - 1}"),
    ]
    if pad:
        headers.append(("X-Padding", "p" * pad))
    request = h11.Request(method="GET", target=path, headers=headers)
    return (conn.send(request) or b"") + (conn.send(h11.EndOfMessage()) or b"")


async def _one(
    network: Network,
    response: http._Response,
    exchange: HttpExchange,
    host_header: str,
    path: str,
    size: int,
    pad: int,
    budget: int,
) -> None:
    """One request of the series and its response, read to its end or `budget` bytes."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(network.timeout):
            response.stream.write(_request(response.conn, host_header, path, size, pad))
            await response.stream.drain()
            exchange.status, exchange.headers = await http._head(response)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001
        exchange.failure, exchange.failed_step = failures.failure_string(exc), "http"
        return
    exchange.time_ms = (time.perf_counter() - start) * 1000
    await http._read_body(
        exchange,
        response,
        idle_timeout=network.timeout,
        deadline=time.perf_counter() + network.timeout,
        keep=1024,
        stop_at=budget,
    )


def _reusable(conn: h11.Connection) -> bool:
    return conn.our_state is h11.DONE and conn.their_state is h11.DONE


async def measure(record: ProbeRecord, network: Network, url: str, trust: str = "system") -> None:
    """The series on one connection (a new one only when the server closes it)."""
    scheme, host, port, path = urls.split_url(url)
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    address: str | None = None  # the one Happy Eyeballs connects to first, then kept
    host_header = urls.host_header(host, port, scheme)
    cap = network.settings.header_cap
    total = 0
    stream: transport.Stream | None = None
    response: http._Response | None = None
    try:
        for i, size in enumerate(SERIES):
            if stream is None or response is None or not _reusable(response.conn):
                if stream is not None:
                    stream.close()
                if address is None:
                    stream, address = await transport.open_any(
                        record, network, addresses, port, cap
                    )
                else:
                    stream = await transport.open_connection(record, network, address, port, cap)
                if stream is None or address is None:
                    return
                if scheme == "https" and not await transport.tls(
                    record, network, stream, address, port, host, trust
                ):
                    return
                response = http._Response(stream, cap)
            else:
                response.conn.start_next_cycle()
            exchange = HttpExchange(url=url, address=address)
            record.http.append(exchange)
            await _one(
                network,
                response,
                exchange,
                host_header,
                path,
                size,
                i * PAD_PER_REQUEST,
                TOTAL - total,
            )
            if exchange.failure:
                record.fail(exchange.failed_step or "http", exchange.failure)
                return
            total += exchange.body_bytes
            if total >= TOTAL or not exchange.body_bytes:
                return  # far enough past the freeze point, or an object with no body
    finally:
        if stream is not None:
            stream.close()


def frozen_at(record: ProbeRecord) -> int:
    """Body bytes the series received before it froze (all its requests)."""
    return sum(h.body_bytes for h in record.http)
