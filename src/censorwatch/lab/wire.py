"""The lab's reading of the wire: the SNI of a ClientHello (peeked, not consumed, as DPI
reads it), a reset as DPI injects it, the Range header the probes send."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct


def range_end(header: str) -> int | None:
    """The last byte of "Range: bytes=0-N" (the only form the probes send), or None."""
    unit, _, spec = header.partition("=")
    start, _, end = spec.partition("-")
    if unit.strip().lower() == "bytes" and start.strip() == "0" and end.strip().isdigit():
        return int(end)
    return None


def rst(sock: socket.socket) -> None:
    """Close so that the peer sees a TCP reset, as injected by DPI."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def client_hello_sni(data: bytes) -> str | None:
    """The server_name of a TLS ClientHello record, or None."""
    try:
        if data[0] != 0x16 or data[5] != 0x01:
            return None
        pos = 9 + 2 + 32  # record header, handshake header, version, random
        pos += 1 + data[pos]  # session id
        pos += 2 + int.from_bytes(data[pos : pos + 2], "big")  # cipher suites
        pos += 1 + data[pos]  # compression methods
        end = pos + 2 + int.from_bytes(data[pos : pos + 2], "big")
        pos += 2
        while pos + 4 <= end:
            ext_type = int.from_bytes(data[pos : pos + 2], "big")
            ext_len = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if ext_type == 0:
                name_len = int.from_bytes(data[pos + 7 : pos + 9], "big")
                return data[pos + 9 : pos + 9 + name_len].decode("ascii", "replace").lower()
            pos += 4 + ext_len
    except IndexError:
        return None
    return None


def _wake(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


async def peek_first_byte(sock: socket.socket, timeout: float = 10.0) -> int | None:
    """The first byte the client sent, left in the socket; None when it closed first."""
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(timeout):
        while True:
            ready = loop.create_future()
            loop.add_reader(sock.fileno(), _wake, ready)
            try:
                await ready
            finally:
                loop.remove_reader(sock.fileno())
            try:
                data = sock.recv(1, socket.MSG_PEEK)
            except BlockingIOError:
                continue
            return data[0] if data else None


async def peek_client_hello(sock: socket.socket, timeout: float = 5.0) -> bytes:
    """Wait for a whole ClientHello record without consuming it from the socket."""
    loop = asyncio.get_running_loop()
    data = b""
    async with asyncio.timeout(timeout):
        while True:
            ready = loop.create_future()
            loop.add_reader(sock.fileno(), _wake, ready)
            try:
                await ready
            finally:
                loop.remove_reader(sock.fileno())
            try:
                data = sock.recv(16 * 1024 + 5, socket.MSG_PEEK)
            except BlockingIOError:
                continue
            if not data:
                return b""
            if len(data) >= 5:
                need = 5 + int.from_bytes(data[3:5], "big")
                if len(data) >= min(need, 16 * 1024 + 5):
                    return data
            await asyncio.sleep(0.005)
