"""The http, https and throughput probes: one GET per hop over our own tcp and tls steps.

A small HTTP/1.1 client rather than a library one, so that every step is timed and failed
on its own, the body is counted byte by byte (a freeze mid-body must show), and the headers
and body are capped whatever the server sends.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse

from . import failures, transport
from .network import USER_AGENT, Network
from .records import HttpExchange, ProbeRecord, Transfer

MAX_REDIRECTS = 5
MAX_HEADER_LINES = 100
_READ = 64 * 1024


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-with-query) of an http(s) URL."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    port = parts.port or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port, path


def _parse_head(head: bytes) -> tuple[int, list[tuple[str, str]]]:
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/"):
        raise failures.ProbeError(failures.unknown("not an HTTP response"))
    try:
        status = int(status_line[1])
    except ValueError as exc:
        raise failures.ProbeError(failures.unknown("bad HTTP status line")) from exc
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        if len(headers) >= MAX_HEADER_LINES:
            raise failures.ProbeError(failures.unknown(f"more than {MAX_HEADER_LINES} headers"))
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return status, headers


async def _read_head(stream: transport.Stream, cap: int) -> bytes:
    try:
        return await stream.reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError as exc:
        raise failures.ProbeError(
            failures.unknown(f"response headers exceed {cap // 1024} KiB")
        ) from exc
    except asyncio.IncompleteReadError as exc:
        raise EOFError("connection closed before the end of the headers") from exc


async def _chunks(stream: transport.Stream, headers: dict[str, str]):
    """Yield body bytes as they arrive: Content-Length, chunked, or until the close."""
    reader = stream.reader
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = await reader.readuntil(b"\r\n")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError as exc:
                raise failures.ProbeError(failures.unknown("bad chunk size")) from exc
            if size == 0:
                return
            while size:
                data = await reader.read(min(size, _READ))
                if not data:
                    raise EOFError("connection closed mid-chunk")
                size -= len(data)
                yield data
            await reader.readexactly(2)
    length = headers.get("content-length")
    if length is not None and length.strip().isdigit():
        remaining = int(length)
        while remaining > 0:
            data = await reader.read(min(remaining, _READ))
            if not data:
                raise EOFError("connection closed before Content-Length bytes")
            remaining -= len(data)
            yield data
        return
    while data := await reader.read(_READ):
        yield data


async def _read_body(
    exchange: HttpExchange,
    stream: transport.Stream,
    headers: dict[str, str],
    *,
    idle_timeout: float,
    deadline: float,
    keep: int,
    stop_at: int | None,
) -> None:
    """Count the body until it ends, `stop_at` bytes, or the deadline; keep `keep` bytes."""
    kept = bytearray()
    start = last_data = time.perf_counter()
    window = deadline - start
    chunks = _chunks(stream, headers).__aiter__()
    try:
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError
            try:
                async with asyncio.timeout(min(idle_timeout, remaining)):
                    data = await chunks.__anext__()
            except StopAsyncIteration:
                exchange.body_complete = True
                break
            last_data = time.perf_counter()
            exchange.body_bytes += len(data)
            if len(kept) < keep:
                kept.extend(data[: keep - len(kept)])
            if stop_at is not None and exchange.body_bytes >= stop_at:
                exchange.body_complete = True  # the cap: enough to judge
                break
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001
        exchange.failure = failures.failure_string(exc)
        exchange.failed_step = "body"
        if exchange.failure == failures.TIMEOUT:
            # Silence at the end: a freeze. Time ran out while bytes were still coming:
            # slow, not stalled.
            silence = time.perf_counter() - last_data
            exchange.stalled = silence >= min(idle_timeout, max(1.0, window / 3)) - 0.01
    finally:
        await chunks.aclose()
        exchange.body = bytes(kept)
        exchange.body_ms = _ms(start)


async def _exchange(
    network: Network,
    stream: transport.Stream,
    exchange: HttpExchange,
    host_header: str,
    path: str,
    throughput: tuple[float, float] | None,
) -> None:
    s = network.settings
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: {USER_AGENT}\r\n"
        "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Encoding: identity\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii", "ignore")
    start = time.perf_counter()
    try:
        async with asyncio.timeout(network.timeout):
            stream.writer.write(request)
            await stream.writer.drain()
            head = await _read_head(stream, s.header_cap)
        status, headers = _parse_head(head)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001
        exchange.failure = failures.failure_string(exc)
        exchange.failed_step = "http"
        return
    exchange.time_ms = _ms(start)
    exchange.status, exchange.headers = status, headers
    by_name = dict(headers)
    exchange.location = by_name.get("location")
    if throughput is None:
        await _read_body(
            exchange,
            stream,
            by_name,
            idle_timeout=network.timeout,
            deadline=time.perf_counter() + network.timeout,
            keep=s.body_cap,
            stop_at=s.body_cap,
        )
    else:
        _, max_seconds = throughput
        await _read_body(
            exchange,
            stream,
            by_name,
            idle_timeout=min(network.timeout, max_seconds),
            deadline=time.perf_counter() + max_seconds,
            keep=4096,
            stop_at=None,
        )


async def fetch(
    record: ProbeRecord,
    network: Network,
    url: str,
    throughput: tuple[float, float] | None = None,
) -> None:
    """GET `url`, following redirects (each new host resolved through the resolver under
    test). With `throughput=(min_kbps, max_seconds)`, download for the window and rate it."""
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = split_url(url)
        addresses = await transport.addresses(record, network, host)
        if not addresses:
            return
        address = addresses[0]
        stream = await transport.open_connection(
            record, network, address, port, network.settings.header_cap
        )
        if stream is None:
            return
        exchange = HttpExchange(url=url, address=address)
        try:
            if scheme == "https" and not await transport.tls(
                record, network, stream, address, port, host
            ):
                return
            default = 443 if scheme == "https" else 80
            host_header = host if port == default else f"{host}:{port}"
            if ":" in host and not host.startswith("["):
                host_header = f"[{host}]" if port == default else f"[{host}]:{port}"
            record.http.append(exchange)
            await _exchange(network, stream, exchange, host_header, path, throughput)
        finally:
            stream.close()
        if throughput is not None and exchange.status is not None and exchange.body_ms:
            min_kbps, _ = throughput
            seconds = exchange.body_ms / 1000
            record.transfer = Transfer(
                bytes=exchange.body_bytes,
                seconds=round(seconds, 3),
                kbps=exchange.body_bytes * 8 / 1000 / max(seconds, 1e-6),
                min_kbps=min_kbps,
                stalled=exchange.stalled,
            )
            if exchange.failure == failures.TIMEOUT and not exchange.stalled:
                # The window closed while bytes were still coming: that is the measurement.
                exchange.failure = exchange.failed_step = None
        if exchange.failure:
            record.fail(exchange.failed_step or "http", exchange.failure)
            return
        if exchange.status in (301, 302, 303, 307, 308) and exchange.location:
            nxt = urllib.parse.urljoin(url, exchange.location)
            if not nxt.lower().startswith(("http://", "https://")) or nxt == url:
                return
            url = nxt
            continue
        return
