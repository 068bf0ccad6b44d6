"""The lab's ECH censor, as Russia's DPI has behaved since 5 Nov 2024: a TLS ClientHello that
carries an encrypted_client_hello extension with a listed outer server_name is dropped (the
connection goes silent); every other connection is relayed both ways to an upstream server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Coroutine, Iterable
from typing import Any

from .wire import client_hello_sni, peek_client_hello, rst

EXT_ENCRYPTED_CLIENT_HELLO = 0xFE0D
DEFAULT_NAMES = frozenset({"cloudflare-ech.com"})
PEEK_SECONDS = 5.0  # how long the censor waits for a whole first record (then lets it pass)
HOLD_SECONDS = 60.0  # how long a dropped connection is kept open, silent
IDLE_SECONDS = 60.0  # a relayed connection with no bytes either way for this long is closed
CONNECT_SECONDS = 5.0
_READ = 64 * 1024


def client_hello_extensions(data: bytes) -> list[int] | None:
    """The extension types of the ClientHello in a TLS record, in order; None when `data`
    is not a (whole, consistent) ClientHello record."""
    try:
        if data[0] != 0x16 or data[5] != 0x01:
            return None
        record_end = 5 + int.from_bytes(data[3:5], "big")
        hello_end = 9 + int.from_bytes(data[6:9], "big")
        if hello_end > record_end or record_end > len(data):
            return None
        pos = 9 + 2 + 32  # record header, handshake header, version, random
        pos += 1 + data[pos]  # session id
        pos += 2 + int.from_bytes(data[pos : pos + 2], "big")  # cipher suites
        pos += 1 + data[pos]  # compression methods
        if pos == hello_end:
            return []  # no extensions at all
        end = pos + 2 + int.from_bytes(data[pos : pos + 2], "big")
        if end != hello_end:
            return None
        pos += 2
        types = []
        while pos + 4 <= end:
            types.append(int.from_bytes(data[pos : pos + 2], "big"))
            pos += 4 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        return types if pos == end else None
    except IndexError:
        return None


def carries_ech(data: bytes) -> bool:
    """Whether the ClientHello record in `data` carries an encrypted_client_hello extension."""
    return EXT_ENCRYPTED_CLIENT_HELLO in (client_hello_extensions(data) or [])


def client_hello_name(data: bytes) -> str | None:
    """The ClientHello's server_name (the outer name when it carries ECH), or None."""
    return client_hello_sni(data)


def should_drop(data: bytes, names: Iterable[str] = DEFAULT_NAMES) -> bool:
    """The censor's rule: ECH and a listed outer name."""
    return carries_ech(data) and (client_hello_name(data) or "") in {n.lower() for n in names}


class EchCensor:
    """A TCP listener on (listen_host, listen_port) that drops ECH ClientHellos for `names`
    and relays everything else to (upstream_host, upstream_port), on the caller's loop."""

    def __init__(
        self,
        listen_host: str,
        listen_port: int,
        upstream_host: str,
        upstream_port: int,
        names: Iterable[str] = DEFAULT_NAMES,
        *,
        hold_seconds: float = HOLD_SECONDS,
    ):
        self.listen_host, self.listen_port = listen_host, listen_port
        self.upstream = (upstream_host, upstream_port)
        self.names = frozenset(n.lower() for n in names)
        self.hold_seconds = hold_seconds
        self.listener: socket.socket | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.dropped = 0  # connections the censor went silent on
        self.relayed = 0

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose when `listen_port` was 0)."""
        return self.listener.getsockname()[1] if self.listener else self.listen_port

    async def start(self) -> None:
        family = socket.AF_INET6 if ":" in self.listen_host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.listen_host, self.listen_port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        self.listener = sock
        self._spawn(self._accept_loop(sock))

    async def stop(self) -> None:
        tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        await asyncio.gather(*tasks, return_exceptions=True)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _accept_loop(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                conn, _ = await loop.sock_accept(listener)
            except OSError:
                await asyncio.sleep(0.01)
                continue
            conn.setblocking(False)
            self._spawn(self._connection(conn))

    async def _connection(self, conn: socket.socket) -> None:
        try:
            try:
                hello: bytes | None = await peek_client_hello(conn, PEEK_SECONDS)
            except TimeoutError:
                hello = None  # no whole record in time: DPI lets it pass
            if hello == b"":
                return  # the client closed before sending anything
            if hello is not None and should_drop(hello, self.names):
                self.dropped += 1
                await self._hold(conn)
            else:
                self.relayed += 1
                await self._relay(conn)
        except OSError:
            pass
        finally:
            conn.close()

    async def _hold(self, conn: socket.socket) -> None:
        """Read and discard, answer nothing, until the client leaves or the hold ends."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(TimeoutError, OSError):
            async with asyncio.timeout(self.hold_seconds):
                while await loop.sock_recv(conn, _READ):
                    pass

    async def _relay(self, conn: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        host, port = self.upstream
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        upstream = socket.socket(family, socket.SOCK_STREAM)
        upstream.setblocking(False)
        try:
            try:
                async with asyncio.timeout(CONNECT_SECONDS):
                    await loop.sock_connect(upstream, (host, port))
            except (OSError, TimeoutError):
                rst(conn)  # as the unreachable server would look to the client
                return
            # The ClientHello is still in the client's socket (peeked): it goes first.
            pipes = [
                asyncio.ensure_future(self._pipe(conn, upstream)),
                asyncio.ensure_future(self._pipe(upstream, conn)),
            ]
            try:
                done, _ = await asyncio.wait(pipes, return_when=asyncio.FIRST_EXCEPTION)
            finally:
                for pipe in pipes:
                    pipe.cancel()
                await asyncio.gather(*pipes, return_exceptions=True)
            if any(not p.cancelled() and p.exception() is not None for p in done):
                rst(conn)  # a reset (or a stall) on one side is passed on to the other
                rst(upstream)
        finally:
            upstream.close()

    async def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            async with asyncio.timeout(IDLE_SECONDS):
                data = await loop.sock_recv(source, _READ)
            if not data:
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)
                return
            async with asyncio.timeout(IDLE_SECONDS):
                await loop.sock_sendall(sink, data)
