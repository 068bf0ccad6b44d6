"""The servers of the lab's rebuild of OONI's simulated internet (reference_world.py): on one
port each, TLS or plain HTTP as the client's first byte says; the censor acts first, on the
name in the ClientHello or the Host of a plain request, then the website answers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl

from . import reference_world as w
from . import streams
from .wire import client_hello_sni, peek_client_hello, peek_first_byte, rst

HOLD_SECONDS = streams.HOLD_SECONDS
TLS_RECORD = 0x16


async def serve(conn: socket.socket, local: str, contexts: dict[str, ssl.SSLContext], port: int):
    """One connection to an address of the world."""
    loop = asyncio.get_running_loop()
    first = await peek_first_byte(conn)
    if first is None:
        return
    if first == TLS_RECORD:
        hello = await peek_client_hello(conn)
        sni = (client_hello_sni(hello) or "") if hello else ""
        if local == w.BLOCKPAGE or sni in w.SNI_CLOSE:
            # A close (a FIN): the ClientHello read first, or the kernel would send a reset
            # for the unread bytes. The blockpage server speaks plain HTTP only.
            conn.recv(len(hello) or 1)
            return
        if sni in w.SNI_RESET:
            rst(conn)
            return
        if sni in w.SNI_HOLD:
            await _hold(conn, loop)
            return
        ctx = contexts.get(_context_key(local, sni), contexts["default"])
        reader, writer = await _wrap(conn, ctx)
        await _serve_http(reader, writer, conn, local, sni, port)
    else:
        reader, writer = await _wrap(conn, None)
        await _serve_http(reader, writer, conn, local, "", port)


def _context_key(local: str, sni: str) -> str:
    """The certificate of an address for a name: BADSSL has one per name."""
    if local != w.BADSSL:
        return "default"
    return {
        w.name("badssl-expired"): "qa-expired",
        w.name("badssl-wrong-host"): "qa-wrong-host",
    }.get(sni, "qa-untrusted")


async def _hold(conn: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        async with asyncio.timeout(HOLD_SECONDS):
            while await loop.sock_recv(conn, 65536):
                pass


async def _wrap(conn: socket.socket, ctx: ssl.SSLContext | None):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024)
    protocol = asyncio.StreamReaderProtocol(reader)
    transport, _ = await loop.connect_accepted_socket(
        lambda: protocol, conn, ssl=ctx, ssl_handshake_timeout=10 if ctx else None
    )
    return reader, asyncio.StreamWriter(transport, protocol, reader, loop)


async def _serve_http(reader, writer, conn, local: str, sni: str, port: int) -> None:
    try:
        async with asyncio.timeout(10):
            head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        path = ([*request_line.split(" "), "", ""])[1]
        headers = {}
        for line in lines:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        host = headers.get("host", "").rsplit(":", 1)[0].lower()
        if not sni and host in w.HOST_RESET:  # the censor reads a plain request's Host
            rst(conn)
            return
        if not sni and host in w.HOST_HOLD:
            await _hold(conn, asyncio.get_running_loop())
            return
        if not sni and host in w.HOST_INJECT:
            await streams.send(writer, 200, w.BLOCKPAGE_HTML.encode(), "text/html")
        elif sni or host not in w.HOST_CLOSE:  # a close: the graceful one below, a FIN
            await _website(reader, writer, local, sni, host, path, port)
        writer.close()
        async with asyncio.timeout(10):
            await writer.wait_closed()
    finally:
        with contextlib.suppress(Exception):
            writer.transport.abort()


async def _website(reader, writer, local: str, sni: str, host: str, path: str, port: int):
    """What the websites answer (OONI's example, bit.ly, httpbin, Cloudflare, largefile and
    Yandex handlers, rebuilt)."""
    html = "text/html; charset=utf-8"
    if local == w.BLOCKPAGE:
        await streams.send(writer, 200, w.BLOCKPAGE_HTML.encode(), html)
        return
    if local == w.SLOW or host in w.PADDED:
        await _padded(reader, writer, slowly=local == w.SLOW or sni in w.SNI_SLOW)
        return
    if host == w.SHORTENER and path in w.SHORT_LINKS:
        target = w.SHORT_LINKS[path].format(port=port)
        await streams.send(writer, 308, b"", html, [("Location", target)])
        return
    if path == "/broken-redirect-http":
        await streams.send(writer, 302, b"", html, [("Location", "http://")])
        return
    if path == "/broken-redirect-https":
        await streams.send(writer, 302, b"", html, [("Location", "https://")])
        return
    if path.startswith("/redirect/"):
        left = path.rsplit("/", 1)[1]
        if left.isdigit() and int(left) > 0:
            location = f"/redirect/{int(left) - 1}"
            await streams.send(writer, 302, b"", html, [("Location", location)])
        else:
            await streams.send(writer, 200, b"", html)
        return
    if host == w.IDN_ASCII and not sni:
        # As yandex.ru does: the plain page moves to HTTPS.
        await streams.send(writer, 308, b"", html, [("Location", f"https://{host}:{port}/")])
        return
    if host in w.CAPTCHA:
        await streams.send(writer, 503, w.CAPTCHA_HTML.encode(), html)
        return
    if host in w.LARGE:
        writer.write(
            f"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {w.LARGE_SIZE}\r\nConnection: close\r\n\r\n".encode()
        )
        sent = 0
        while sent < w.LARGE_SIZE:
            await streams.write(reader, writer, os.urandom(65536))
            sent += 65536
        return
    if not w.known(host):
        await streams.send(writer, 400, b"", html)
        return
    await streams.send(writer, 200, w.DEFAULT_PAGE.encode(), html)


async def _padded(reader, writer, slowly: bool) -> None:
    """The default page padded to 64 KB; `slowly`: at SLOW_BYTES_PER_SECOND (a throttle)."""
    body = (w.DEFAULT_PAGE * 64).encode()[: 64 * 1024]
    writer.write(
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    if not slowly:
        await writer.drain()
        await streams.write(reader, writer, body)
        return
    piece = w.SLOW_BYTES_PER_SECOND // 10
    for start in range(0, len(body), piece):
        await streams.write(reader, writer, body[start : start + piece])
        await asyncio.sleep(0.1)
