"""The lab's HTTP writing: a response, a stream to a client that may vanish, and an upload
read at the pace of the name it was sent to (the throttled one slowly)."""

from __future__ import annotations

import asyncio
import contextlib

from . import hosts

HOLD_SECONDS = 120  # how long a dropped or stalled connection is kept open at most
UPLOAD_CAP = 64 * 1024 * 1024
UPLOAD_RECEIVE_BUFFER = 16 * 1024  # a throttled upload's window stays small, as a policer's


async def receive_upload(reader, writer, name: str, length: int) -> None:
    """Read an upload (POST /upload) and say how much arrived. The throttled name is read at
    SLOW_KBPS; the listeners' receive buffers are small, so the sender feels it."""
    length = min(length, UPLOAD_CAP)
    slow = name == hosts.SLOW
    if slow:
        # Our own buffers would soak up a whole sample at once (the stream reader pauses
        # only at twice its limit, TLS at 256 KB of records): keep them small, so the
        # kernel's window closes and the sender feels the slow reading.
        with contextlib.suppress(AttributeError, NotImplementedError):
            writer.transport.set_read_buffer_limits(high=8192)
        reader._limit = 4096  # the lab's own reader
    piece = hosts.SLOW_KBPS * 1000 // 8 // 10 if slow else 65536
    got = 0
    async with asyncio.timeout(HOLD_SECONDS):
        while got < length:
            data = await reader.read(min(piece, length - got))
            if not data:
                return  # the client stopped: its window closed
            got += len(data)
            if slow:
                await asyncio.sleep(0.1)
    await send(writer, 200, f"received {got}".encode(), "text/plain")


async def write(reader, writer, data: bytes) -> None:
    # drain() does not raise once the peer is gone; a server that streams must look. Over
    # TLS the transport does not say it is closing when the client has closed (the stream
    # reader has seen the end): writing on would only make asyncio warn, write after write.
    if writer.transport.is_closing() or reader.at_eof():
        raise ConnectionResetError("client went away")
    writer.write(data)
    await writer.drain()
    # drain() returns at once below the high-water mark; yield so that connection_lost()
    # can run, or a server streaming to a vanished client would spin forever.
    await asyncio.sleep(0)


async def send(writer, status: int, body: bytes, ctype: str, extra=(), keep=False) -> None:
    reason = {200: "OK", 302: "Found", 400: "Bad Request"}.get(status, "OK")
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in extra]
    head.append("Connection: keep-alive" if keep else "Connection: close")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
