"""The lab's servers: real sockets on loopback that answer, lie, reset, drop, throttle, stall."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import socket
import ssl
import struct

from . import dns_answers, hosts, reference_servers, reference_world, streams
from .udp_servers import DnsServer, StunServer
from .wire import client_hello_sni, peek_client_hello, range_end, rst

_BLOCKPAGE = hosts.BLOCKPAGE_HTML.encode()
SLOPPY = {
    hosts.LF_ONLY: (
        f"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: {len(_BLOCKPAGE)}\n\n".encode()
        + _BLOCKPAGE
    ),
    hosts.FOLDED: b"HTTP/1.1 200 OK\r\nX-Block-Reason: court order\r\n  no. 2-1234/2025\r\n"
    b"Content-Length: 2\r\n\r\nok",
    hosts.TWO_LENGTHS: b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
}
HOLD_SECONDS = streams.HOLD_SECONDS
FILLERS = 8  # connections that keep a never-accepting listener's queue full
# A TLS alert record: fatal (2), unrecognized_name (112), in plain text before any key.
UNRECOGNIZED_NAME_ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 112])
_PAGE = (
    "<html><head><title>censorwatch lab: {host}</title></head>"
    "<body><h1>{host}</h1><p>This page came through.</p></body></html>"
)


class Servers:
    """Every lab server on one asyncio loop."""

    def __init__(self, contexts: dict[str, ssl.SSLContext], ports: dict[str, int], world: str = ""):
        self.contexts = contexts  # by local address; "default" for the rest
        self.ports = ports
        self.world = world  # hosts.WORLDS
        self.listeners: list[socket.socket] = []
        self.roles: dict[socket.socket, str] = {}
        self.udp_transports: list[asyncio.BaseTransport] = []
        self.fillers: list[socket.socket] = []
        self.tasks: set[asyncio.Task] = set()

    # --- setup -------------------------------------------------------------------------

    def bind_all(self) -> None:
        """Bind every socket (raises OSError when a port is taken: the caller retries)."""
        tls, http = self.ports["https"], self.ports["http"]
        for host in hosts.TLS_HOSTS:
            self.listeners.append(self._listen(host, tls, "tls"))
        for host in hosts.HTTP_HOSTS:
            self.listeners.append(self._listen(host, http, "http"))
        for host in hosts.BACKLOG_FULL_HOSTS:
            for port in (tls, http):
                self._backlog_full(host, port)
        for host in reference_world.ADDRESSES:
            self.listeners.append(self._listen(host, tls, "qa"))

    def _listen(self, host: str, port: int, role: str) -> socket.socket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # A modest receive window from the first segment (it is fixed at the handshake): a
        # throttled upload must be felt by its sender, not soaked up by our buffers.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, streams.UPLOAD_RECEIVE_BUFFER)
        try:
            sock.bind((host, port))
        except OSError:
            sock.close()
            raise
        sock.listen(512)
        sock.setblocking(False)
        self.roles[sock] = role
        return sock

    def _backlog_full(self, host: str, port: int) -> None:
        # A listener that never accepts, with its queue filled by our own connections: the
        # kernel then drops further SYNs, so connects time out as with a blackholed address.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(0)
        self.listeners.append(sock)
        # Several fillers: on a lossy field lab one filler's handshake may not complete for
        # a while, and the probe's SYN would take its place; one of eight always has.
        for _ in range(FILLERS):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect((host, port))
            self.fillers.append(filler)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for sock, role in self.roles.items():
            self._spawn(self._accept_loop(sock, role))
        dns_port, stun_port = self.ports["dns"], self.ports["stun"]
        for host in hosts.DNS_HOSTS:
            lying = host == hosts.LYING_RESOLVER
            servfail = host == hosts.SERVFAIL_RESOLVER
            transport, _ = await loop.create_datagram_endpoint(
                functools.partial(DnsServer, lying, self.world, servfail),
                local_addr=(host, dns_port),
            )
            self.udp_transports.append(transport)
        for host in hosts.STUN_HOSTS:
            mode = {
                hosts.UDP_BLACKHOLE: "blackhole",
                hosts.STUN_GARBAGE: "garbage",
                hosts.STUN_NAT: "nat",
            }.get(host, "answer")
            transport, _ = await loop.create_datagram_endpoint(
                functools.partial(StunServer, mode), local_addr=(host, stun_port)
            )
            self.udp_transports.append(transport)

    def bind_udp_probe(self) -> None:
        """Fail early (OSError) if the UDP ports are taken on any lab address."""
        for addresses, port in (
            (hosts.DNS_HOSTS, self.ports["dns"]),
            (hosts.STUN_HOSTS, self.ports["stun"]),
            (hosts.QUIC_HOSTS, self.ports["https"]),
        ):
            for host in addresses:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                try:
                    s.bind((host, port))
                finally:
                    s.close()

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        for t in self.udp_transports:
            t.close()
        for s in self.listeners + self.fillers:
            s.close()
        await asyncio.sleep(0)

    # --- TCP ---------------------------------------------------------------------------

    async def _accept_loop(self, listener: socket.socket, role: str) -> None:
        loop = asyncio.get_running_loop()
        local = listener.getsockname()[0]
        while True:
            try:
                conn, _ = await loop.sock_accept(listener)
            except OSError:
                await asyncio.sleep(0.01)
                continue
            conn.setblocking(False)
            if role == "qa":
                work = reference_servers.serve(conn, local, self.contexts, self.ports["https"])
            elif role == "tls":
                work = self._tls_connection(conn, local)
            else:
                work = self._http_connection(conn, local)
            self._spawn(self._guard(work, conn))

    async def _guard(self, coro, conn: socket.socket) -> None:
        try:
            await coro
        except (TimeoutError, OSError, ssl.SSLError, EOFError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    async def _hold(self, conn: socket.socket) -> None:
        """Accept bytes and never answer, until the client gives up."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(asyncio.TimeoutError):
            async with asyncio.timeout(HOLD_SECONDS):
                while await loop.sock_recv(conn, 65536):
                    pass

    async def _tls_connection(self, conn: socket.socket, local: str) -> None:
        hello = await peek_client_hello(conn)
        if not hello:
            return
        sni = client_hello_sni(hello) or ""
        open_host = local in hosts.OPEN_LIKE
        if (
            local == hosts.TLS_RESET
            or (open_host and sni == hosts.SNI_RESET)
            or (local == hosts.ALERT_SERVER and sni == hosts.SNI_RESET_ALERT)
        ):
            rst(conn)
            return
        dropped = local == hosts.WL_NAME and not hosts.listed(sni)
        if dropped or local == hosts.TLS_DROP or (open_host and sni == hosts.SNI_DROP):
            await self._hold(conn)
            return
        refuses = (local == hosts.ALERT_SERVER and not hosts.served_by_alerting(sni)) or (
            self.world == "alerting" and open_host and not hosts.served_by_open(sni)
        )
        if refuses:
            # As nginx's ssl_reject_handshake does: a fatal unrecognized_name alert, then a
            # close (the ClientHello read first, so the close is a FIN, not a reset).
            conn.recv(len(hello))
            conn.sendall(UNRECOGNIZED_NAME_ALERT)
            return
        ctx = self.contexts.get(local, self.contexts["default"])
        reader, writer = await self._wrap(conn, ctx)
        await self._serve_http(reader, writer, conn, local, sni, tls=True)

    async def _http_connection(self, conn: socket.socket, local: str) -> None:
        reader, writer = await self._wrap(conn, None)
        await self._serve_http(reader, writer, conn, local, "", tls=False)

    async def _wrap(self, conn: socket.socket, ctx: ssl.SSLContext | None):
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=64 * 1024)
        protocol = asyncio.StreamReaderProtocol(reader)
        transport, _ = await loop.connect_accepted_socket(
            lambda: protocol, conn, ssl=ctx, ssl_handshake_timeout=10 if ctx else None
        )
        writer = asyncio.StreamWriter(transport, protocol, reader, loop)
        return reader, writer

    async def _serve_http(self, reader, writer, conn, local: str, sni: str, tls: bool) -> None:
        # Body bytes sent on this connection so far: a freeze keys on the flow, not on one
        # response (a series of requests on one keep-alive connection freezes too).
        flow = [0]
        try:
            while True:
                async with asyncio.timeout(10):
                    head = await reader.readuntil(b"\r\n\r\n")
                request_line, *lines = head.decode("latin-1").split("\r\n")
                method, path, _ = ([*request_line.split(" "), "", ""])[:3]
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                host = headers.get("host", "").rsplit(":", 1)[0].lower()
                body = b""
                length = headers.get("content-length", "0")
                name = (tls and sni) or host
                last_byte = range_end(headers.get("range", ""))
                keep = headers.get("connection", "").lower() == "keep-alive"
                if method == "POST" and path.startswith("/upload") and length.isdigit():
                    await streams.receive_upload(reader, writer, name, int(length))
                    break
                if length.isdigit() and 0 < int(length) <= 65536:
                    body = await reader.readexactly(int(length))
                again = await self._respond(
                    reader, writer, conn, local, name, method, path, body, last_byte, keep, flow
                )
                if not (keep and again):
                    break
            # A graceful close, so the buffered tail of the response still reaches the client.
            writer.close()
            async with asyncio.timeout(10):
                await writer.wait_closed()
        finally:
            with contextlib.suppress(Exception):
                writer.transport.abort()

    async def _respond(
        self,
        reader,
        writer,
        conn,
        local,
        name,
        method,
        path,
        body,
        last=None,
        keep=False,
        flow=None,
    ) -> bool:
        """Answer one request; True when the connection may carry another (keep-alive)."""
        if local == hosts.BLOCKPAGE or (not self._is_tls(writer) and name == hosts.BLOCKPAGE_BODY):
            await streams.send(
                writer, 200, hosts.BLOCKPAGE_HTML.encode(), "text/html; charset=utf-8"
            )
            return False
        if not self._is_tls(writer) and name == hosts.BLOCKPAGE_REDIRECT:
            await streams.send(
                writer, 302, b"", "text/html", [("Location", hosts.BLOCKPAGE_REDIRECT_LOCATION)]
            )
            return False
        if not self._is_tls(writer) and name in SLOPPY:
            writer.write(SLOPPY[name])
            await writer.drain()
            return False
        if name == hosts.HTTP_RESET:
            sock = writer.get_extra_info("socket")
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if name == hosts.ENDLESS_HEADERS:
            writer.write(b"HTTP/1.1 200 OK\r\n")
            i = 0
            while True:
                await streams.write(reader, writer, f"X-Filler-{i}: {'a' * 200}\r\n".encode())
                i += 1
        if name == hosts.HUGE_BODY:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
            chunk = b"x" * 65536
            for _ in range(1073741824 // 65536):
                await streams.write(reader, writer, chunk)
            return False
        if path == "/dns-query" and method == "POST":
            query = dns_answers.question(body)
            if query is None:
                await streams.send(writer, 400, b"bad query", "text/plain")
                return False
            answer = dns_answers.response(query, lying=False, world=self.world)
            if answer is None or dns_answers.control_fails(query):
                rst(writer.get_extra_info("socket"))
                return False
            await streams.send(writer, 200, answer, "application/dns-message")
            return False
        size = None
        if path.startswith("/bytes/"):
            digits = path[len("/bytes/") :].split("?")[0]
            size = int(digits) if digits.isdigit() else 0
        if size is None:
            page = _PAGE.format(host=name or local).encode()
            await streams.send(writer, 200, page, "text/html; charset=utf-8", keep=keep)
            return True
        status, content_range = "200 OK", ""
        if last is not None and last + 1 < size:
            status = "206 Partial Content"
            content_range = f"Content-Range: bytes 0-{last}/{size}\r\n"
            size = last + 1
        connection = "keep-alive" if keep else "close"
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\n{content_range}"
            f"Content-Length: {size}\r\nConnection: {connection}\r\n\r\n".encode()
        )
        if name == hosts.FREEZE:
            flow = flow if flow is not None else [0]
            allowed = min(size, max(0, hosts.FREEZE_AFTER - flow[0]))
            writer.write(os.urandom(allowed))
            await writer.drain()
            flow[0] += allowed
            if allowed == size:
                return True  # not yet at the freeze point
            # The flow stops: no reset, no close, just silence.
            with contextlib.suppress(asyncio.TimeoutError):
                async with asyncio.timeout(HOLD_SECONDS):
                    while await reader.read(65536):
                        pass
            return False
        if name == hosts.SLOW:
            piece = hosts.SLOW_KBPS * 1000 // 8 // 10  # bytes per 100 ms
            sent = 0
            while sent < size:
                n = min(piece, size - sent)
                await streams.write(reader, writer, b"s" * n)
                sent += n
                await asyncio.sleep(0.1)
            return False
        chunk = b"f" * 65536
        sent = 0
        while sent < size:
            n = min(len(chunk), size - sent)
            await streams.write(reader, writer, chunk[:n])
            sent += n
        return True

    @staticmethod
    def _is_tls(writer) -> bool:
        return writer.get_extra_info("ssl_object") is not None
