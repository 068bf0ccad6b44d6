"""The http, https and throughput probes: one GET per hop over our own tcp and tls steps
(a throughput probe's upload: one POST, rated by what the peer acknowledged).

HTTP/1.1 is parsed by h11 (sans-IO), fed from our own connection: every step is timed and
failed on its own, the body is counted as it arrives (a freeze mid-body must show), and the
headers and body are capped whatever the server sends.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import h11

from . import counters, failures, transport
from .network import USER_AGENT, Network
from .records import HttpExchange, ProbeRecord, Transfer
from .urls import MAX_REDIRECTS, REDIRECTS, host_header, next_hop, split_url

MAX_HEADER_LINES = 100
_READ = 64 * 1024


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class _Response:
    """h11's client side fed from one connection: events, reading only when h11 needs it."""

    def __init__(self, stream: transport.Stream, header_cap: int):
        self.stream = stream
        self.header_cap = header_cap
        self.conn = h11.Connection(h11.CLIENT, max_incomplete_event_size=header_cap)

    def send(self, host_header: str, path: str, first_bytes: int | None = None) -> bytes:
        headers = [
            ("Host", host_header),
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Encoding", "identity"),
            ("Connection", "close"),
        ]
        if first_bytes:
            # A speed sample reads only so much: the server need not send (and a metered
            # link need not carry) the rest of a large object. Servers without ranges send
            # it all, and the read stops at the cap as before.
            headers.append(("Range", f"bytes=0-{first_bytes - 1}"))
        request = h11.Request(method="GET", target=path, headers=headers)
        return (self.conn.send(request) or b"") + (self.conn.send(h11.EndOfMessage()) or b"")

    async def event(self) -> object:
        while True:
            try:
                event = self.conn.next_event()
            except h11.RemoteProtocolError as exc:
                raise _protocol_error(exc, self.header_cap) from exc
            if event is not h11.NEED_DATA:
                return event
            self.conn.receive_data(await self.stream.read(_READ))  # b"": the end


def _protocol_error(exc: h11.RemoteProtocolError, cap: int) -> BaseException:
    """What a malformed or cut response means, as a failure string."""
    text = str(exc)
    if "without sending complete message body" in text or "peer unexpectedly closed" in text:
        return EOFError(text)
    if "buffer" in text and "too long" in text.lower():
        return failures.ProbeError(failures.unknown(f"response headers exceed {cap // 1024} KiB"))
    return failures.ProbeError(failures.unknown(f"invalid HTTP response: {text}"[:200]))


async def _head(response: _Response) -> tuple[int, list[tuple[str, str]]]:
    """The final response head (interim 1xx answers skipped)."""
    while True:
        event = await response.event()
        if isinstance(event, h11.Response):
            if len(event.headers) > MAX_HEADER_LINES:
                raise failures.ProbeError(failures.unknown(f"more than {MAX_HEADER_LINES} headers"))
            headers = [
                (name.decode("latin-1"), value.decode("latin-1")) for name, value in event.headers
            ]
            return event.status_code, headers
        if isinstance(event, h11.ConnectionClosed):
            raise EOFError("connection closed before the response")


async def _read_body(
    exchange: HttpExchange,
    response: _Response,
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
    try:
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError
            async with asyncio.timeout(min(idle_timeout, remaining)):
                event = await response.event()
            if isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                exchange.body_complete = True
                break
            if not isinstance(event, h11.Data):
                continue
            last_data = time.perf_counter()
            exchange.body_bytes += len(event.data)
            if len(kept) < keep:
                kept.extend(event.data[: keep - len(kept)])
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
        exchange.body = bytes(kept)
        exchange.body_ms = _ms(start)


async def _exchange(
    network: Network,
    stream: transport.Stream,
    exchange: HttpExchange,
    host_header: str,
    path: str,
    throughput: Window | None,
) -> None:
    s = network.settings
    response = _Response(stream, s.header_cap)
    if throughput is not None and throughput.upload:
        await _upload(network, stream, response, exchange, host_header, path, throughput)
        return
    start = time.perf_counter()
    try:
        async with asyncio.timeout(network.timeout):
            first = throughput.cap if throughput is not None else None
            stream.write(response.send(host_header, path, first))
            await stream.drain()
            status, headers = await _head(response)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001
        exchange.failure = failures.failure_string(exc)
        exchange.failed_step = "http"
        return
    exchange.time_ms = _ms(start)
    exchange.status, exchange.headers = status, headers
    exchange.location = next((v for k, v in headers if k == "location"), None)
    if throughput is None:
        await _read_body(
            exchange,
            response,
            idle_timeout=network.timeout,
            deadline=time.perf_counter() + network.timeout,
            keep=s.body_cap,
            stop_at=s.body_cap,
        )
    else:
        await _read_body(
            exchange,
            response,
            # Silence is judged on the step timeout, not the sample's short window: on a
            # lossy link a retransmission can pause the bytes for a second.
            idle_timeout=network.timeout,
            deadline=time.perf_counter() + throughput.seconds,
            keep=4096,
            stop_at=throughput.cap,
        )


@dataclass(slots=True, frozen=True)
class Window:
    """A transfer measured for speed: at most `seconds` long and `cap` body bytes; a
    download, or with `upload` a POST of `cap` bytes."""

    min_kbps: float
    seconds: float
    cap: int | None = None
    upload: bool = False


_UPLOAD_CHUNK = 16 * 1024
_POLL = 0.02  # seconds between looks at what the peer has acknowledged


async def _upload(
    network: Network,
    stream: transport.Stream,
    response: _Response,
    exchange: HttpExchange,
    host_header: str,
    path: str,
    window: Window,
) -> None:
    """POST `window.cap` bytes, or what the window's seconds allow, and count what the peer
    acknowledged (TCP_INFO), as speed tests rate an upload: bytes written only reached our
    own send buffer. Where the system has no TCP_INFO, what was written counts."""
    cap = window.cap or 256 * 1024
    head = response.conn.send(
        h11.Request(
            method="POST",
            target=path,
            headers=[
                ("Host", host_header),
                ("User-Agent", USER_AGENT),
                ("Content-Type", "application/octet-stream"),
                ("Content-Length", str(cap)),
                ("Connection", "close"),
            ],
        )
    )
    sock = stream.socket
    first = counters.read(sock)

    def acked() -> int | None:
        now = counters.read(sock)
        return None if now is None or first is None else now.sent - first.sent

    chunk = bytes(_UPLOAD_CHUNK)
    sent = 0
    start = time.perf_counter()
    deadline = start + window.seconds
    try:
        stream.write(head or b"")
        while sent < cap and (left := deadline - time.perf_counter()) > 0:
            n = min(len(chunk), cap - sent)
            stream.write(response.conn.send(h11.Data(data=chunk[:n])) or b"")
            sent += n
            try:
                async with asyncio.timeout(left):
                    await stream.drain()
            except TimeoutError:
                break  # the window closed while the send buffer was full: that is the rate
        while time.perf_counter() < deadline and (done := acked()) is not None and done < sent:
            await asyncio.sleep(_POLL)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001
        exchange.failure, exchange.failed_step = failures.failure_string(exc), "body"
    exchange.body_ms = _ms(start)
    done = acked()
    exchange.body_bytes = sent if done is None else max(0, min(sent, done))
    exchange.body_complete = exchange.body_bytes >= cap
    exchange.stalled = sent > 0 and exchange.body_bytes == 0 and exchange.failure is None
    if exchange.body_complete and exchange.failure is None:
        # The server answers once it has the whole body; its answer is the last step.
        try:
            async with asyncio.timeout(network.timeout):
                exchange.status, exchange.headers = await _head(response)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001
            exchange.failure, exchange.failed_step = failures.failure_string(exc), "http"
    elif exchange.failure is None:
        exchange.status = 0  # the window closed first: no answer is waited for


async def fetch(
    record: ProbeRecord,
    network: Network,
    url: str,
    throughput: Window | None = None,
    *,
    address: str | None = None,
    sni: str | None = None,
    trust: str | None = None,
    single: bool = False,
    compare: bool = True,
) -> tuple[str, str | None]:
    """GET `url`, following redirects as a browser does (each new host resolved through the
    resolver under test). With `throughput`, download for its window and rate it. With
    `address` and `sni` (a speed comparison's sample): one GET from that address, whose
    handshake names `sni` (unverified unless `trust` says otherwise) while the request names
    the URL's host. `single`: one exchange, no redirect followed. `compare`: a failed
    handshake is compared with the decoy name. `trust`: the probe's (see Network.context).
    Returns the last request's URL and address (None when its name did not resolve)."""
    if trust is None:
        trust = "system" if sni is None else "handshake"
    single = single or sni is not None
    seen = [url]
    while True:
        scheme, host, port, path = split_url(url)
        cap = network.settings.header_cap
        if address is None:
            addresses = await transport.addresses(record, network, host)
            if not addresses:
                return url, None
            stream, address = await transport.open_any(record, network, addresses, port, cap)
            address = address or addresses[0]  # when none connected: the first tried
        else:
            stream = await transport.open_connection(record, network, address, port, cap)
        if stream is None:
            break
        exchange = HttpExchange(url=url, address=address)
        try:
            if scheme == "https" and not await transport.tls(
                record, network, stream, address, port, sni or host, trust, decoy=compare
            ):
                break
            record.http.append(exchange)
            await _exchange(
                network, stream, exchange, host_header(host, port, scheme), path, throughput
            )
        finally:
            stream.close()
        if throughput is not None and exchange.status is not None and exchange.body_ms:
            seconds = exchange.body_ms / 1000
            kbps = exchange.body_bytes * 8 / 1000 / max(seconds, 1e-6)
            record.transfer = Transfer(
                bytes=exchange.body_bytes,
                seconds=round(seconds, 3),
                kbps=kbps,
                min_kbps=throughput.min_kbps,
                stalled=exchange.stalled,
                real_kbps=[round(kbps, 1)],
                direction="upload" if throughput.upload else "download",
            )
            if exchange.failure == failures.TIMEOUT and not exchange.stalled:
                # The window closed while bytes were still coming: that is the measurement.
                exchange.failure = exchange.failed_step = None
        if exchange.failure:
            record.fail(exchange.failed_step or "http", exchange.failure)
            break
        if exchange.status not in REDIRECTS or exchange.location is None or single:
            break
        failure, nxt = next_hop(url, exchange.location)
        if (failure is None and nxt in seen) or len(seen) > MAX_REDIRECTS:
            failure = failures.TOO_MANY_REDIRECTS  # a loop never ends; a chain too long
        if failure is not None:
            exchange.failure, exchange.failed_step = failure, "http"
            record.fail("http", failure)
            break
        url, address = nxt, None
        seen.append(url)
    return url, address
