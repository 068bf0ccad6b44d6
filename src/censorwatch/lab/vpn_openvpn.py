"""The lab's OpenVPN: real `openvpn` servers (UDP with tls-crypt, TCP with tls-auth, UDP
with tls-auth and no key direction), the client profiles that reach them, and a censor
that relays to them but drops the client's hard reset, as DPI blocking OpenVPN by its
signature does (since 2023 in Russia)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import time
from collections import OrderedDict
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, cast

import trustme

SERVER_HOST = "127.77.10.1"
CENSOR_HOST = "127.77.10.2"
OPENVPN = os.environ.get("CENSORWATCH_OPENVPN", "/usr/sbin/openvpn")
READY = "Initialization Sequence Completed"
START_WAIT = 20.0  # seconds for a server to come up
HARD_RESET_CLIENT_V2 = 7
MAX_CLIENTS = 256  # the UDP relay's upstream sockets, the oldest closed first
FRAME_CAP = 65535 + 2


def free_port(host: str, kind: int) -> int:
    """A port nothing on `host` uses now (for `kind` SOCK_DGRAM or SOCK_STREAM)."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _key_block(tag: str, path: Path) -> str:
    return f"<{tag}>\n{path.read_text(encoding='ascii').strip()}\n</{tag}>\n"


class _Server:
    """One `openvpn` process in server mode, on its own tun device (no addresses set)."""

    def __init__(self, folder: Path, name: str, lines: list[str]):
        self.name, self.log = name, folder / f"{name}.log"
        self.device = f"cwov{secrets.token_hex(3)}"
        self.config = folder / f"{name}.conf"
        self.process: subprocess.Popen[bytes] | None = None
        common = [
            "server 10.78.0.0 255.255.255.0",  # never configured: ifconfig-noexec
            "topology subnet",
            "dev-type tun",
            f"dev {self.device}",
            "ifconfig-noexec",
            "route-noexec",
            f"ca {folder / 'ca.pem'}",
            f"cert {folder / 'server.pem'}",
            f"key {folder / 'server.key'}",
            "dh none",
            "connect-freq-initial 10000 10",
            "verb 3",
        ]
        self.config.write_text("\n".join([*common, *lines]) + "\n", encoding="utf-8")
        self.config.chmod(0o600)

    def start(self) -> None:
        self.log.write_bytes(b"")
        self.process = subprocess.Popen(
            [OPENVPN, "--config", str(self.config), "--log", str(self.log)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def ready(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise RuntimeError(f"openvpn ({self.name}) exited ({code}):\n{self.tail()}")
        return READY in self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        # A tun device goes with its process; one left by a crash is removed (ours only).
        if Path(f"/sys/class/net/{self.device}").exists():
            subprocess.run(["ip", "link", "delete", self.device], capture_output=True, check=False)


class OpenVpnLab:
    """The servers (`start`/`stop`, subprocesses) and the censor (`start_censor` and
    `stop_censor`, on the caller's asyncio loop). Profiles, mode 0600, with inline keys:
    `udp_profile` (tls-crypt), `tcp_profile` (tls-auth, key-direction 1, auth SHA256),
    `udp_auth_profile` (tls-auth without a key direction, SHA1); `udp_censored_profile` and
    `tcp_censored_profile` reach the first two through the censor."""

    def __init__(
        self, folder: Path | str, server_host: str = SERVER_HOST, censor_host: str = CENSOR_HOST
    ):
        self.folder = Path(folder)
        self.server_host, self.censor_host = server_host, censor_host
        self.udp_port = self.tcp_port = self.udp_auth_port = 0
        self.censor_udp_port = self.censor_tcp_port = 0
        self.servers: list[_Server] = []
        self.dropped = 0  # hard resets the censor dropped
        self._relays: list[Any] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._handlers: set[asyncio.Task[Any]] = set()  # the TCP relay's, one a connection
        self._writers: set[asyncio.StreamWriter] = set()
        profile = self.folder / "profile"
        self.udp_profile = profile.with_name("udp.ovpn")
        self.tcp_profile = profile.with_name("tcp.ovpn")
        self.udp_auth_profile = profile.with_name("udp-tls-auth.ovpn")
        self.udp_censored_profile = profile.with_name("udp-censored.ovpn")
        self.tcp_censored_profile = profile.with_name("tcp-censored.ovpn")

    # -- the servers ------------------------------------------------------------------
    def _pki(self) -> None:
        ca = trustme.CA(organization_name="censorwatch lab")
        leaf = ca.issue_cert("vpn.cw.test", common_name="vpn.cw.test")
        (self.folder / "ca.pem").write_bytes(ca.cert_pem.bytes())
        (self.folder / "server.pem").write_bytes(b"".join(p.bytes() for p in leaf.cert_chain_pems))
        key = self.folder / "server.key"
        key.write_bytes(leaf.private_key_pem.bytes())
        key.chmod(0o600)
        for name in ("tls-crypt.key", "tls-auth.key"):
            subprocess.run(
                [OPENVPN, "--genkey", "secret", str(self.folder / name)],
                capture_output=True,
                check=True,
                timeout=30,
            )

    def _profile(self, path: Path, host: str, port: int, proto: str, keys: str) -> None:
        ca = _key_block("ca", self.folder / "ca.pem")
        text = (
            "# censorwatch lab: a client profile\nclient\ndev tun\nnobind\n"
            f"proto {proto}\nremote {host} {port}\nremote-cert-tls server\n{keys}{ca}"
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        path.chmod(0o600)

    def start(self) -> OpenVpnLab:
        """Keys, configs, the servers and the profiles; returns when every server is
        ready, or raises RuntimeError with the log's tail (the servers stopped)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        host, dgram, stream = self.server_host, socket.SOCK_DGRAM, socket.SOCK_STREAM
        self.udp_port, self.udp_auth_port = free_port(host, dgram), free_port(host, dgram)
        self.tcp_port = free_port(host, stream)
        self.censor_udp_port = free_port(self.censor_host, dgram)
        self.censor_tcp_port = free_port(self.censor_host, stream)
        try:
            self._pki()
            tc, ta = self.folder / "tls-crypt.key", self.folder / "tls-auth.key"
            servers = [  # name, proto, port, the control channel's wrapping
                ("udp", "udp", self.udp_port, f"tls-crypt {tc}"),
                ("tcp", "tcp-server", self.tcp_port, f"tls-auth {ta} 0\nauth SHA256"),
                ("udp-tls-auth", "udp", self.udp_auth_port, f"tls-auth {ta}"),
            ]
            self.servers = [
                _Server(
                    self.folder, name, [f"proto {proto}", f"local {host}", f"port {port}", wrap]
                )
                for name, proto, port, wrap in servers
            ]
            for server in self.servers:
                server.start()
            deadline = time.monotonic() + START_WAIT
            while not all(server.ready() for server in self.servers):
                if time.monotonic() > deadline:
                    late = next(s for s in self.servers if not s.ready())
                    raise RuntimeError(f"openvpn ({late.name}) not ready:\n{late.tail()}")
                time.sleep(0.05)
        except BaseException:
            self.stop()
            raise
        crypt, auth = _key_block("tls-crypt", tc), _key_block("tls-auth", ta)
        auth_sha256 = f"key-direction 1\nauth SHA256\n{auth}"
        self._profile(self.udp_profile, host, self.udp_port, "udp", crypt)
        self._profile(self.tcp_profile, host, self.tcp_port, "tcp-client", auth_sha256)
        self._profile(self.udp_auth_profile, host, self.udp_auth_port, "udp", auth)
        censor = self.censor_host
        self._profile(self.udp_censored_profile, censor, self.censor_udp_port, "udp", crypt)
        self._profile(
            self.tcp_censored_profile, censor, self.censor_tcp_port, "tcp-client", auth_sha256
        )
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def log_tails(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.tail()}" for s in self.servers)

    # -- the censor -------------------------------------------------------------------
    async def start_censor(self) -> None:
        """The relays on the censor's address: every packet passes but the hard reset."""
        loop = asyncio.get_running_loop()
        udp, _ = await loop.create_datagram_endpoint(
            lambda: _UdpRelay(self, (self.server_host, self.udp_port)),
            local_addr=(self.censor_host, self.censor_udp_port),
        )
        tcp = await asyncio.start_server(self._tcp_client, self.censor_host, self.censor_tcp_port)
        self._relays = [udp, tcp]

    async def stop_censor(self) -> None:
        """Closes the relays and their connections; returns when their tasks have ended."""
        for relay in self._relays:
            relay.close()
        self._relays = []
        for writer in list(self._writers):
            writer.transport.abort()  # the connection's reads end: its handler returns
        for task in list(self._tasks):
            if task not in self._handlers:
                task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _tcp_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            self._handlers.add(task)
        self._writers.add(writer)
        upstream: asyncio.StreamWriter | None = None
        try:
            up_reader, upstream = await asyncio.open_connection(self.server_host, self.tcp_port)
            self._writers.add(upstream)
            back = self.spawn(_copy(up_reader, writer))
            try:
                await self._inspect(reader, upstream)
            finally:
                back.cancel()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for stream in (writer, upstream):
                if stream is not None:
                    self._writers.discard(stream)
                    stream.transport.abort()
            self._tasks.discard(task)
            self._handlers.discard(task)

    async def _inspect(self, reader: asyncio.StreamReader, upstream: asyncio.StreamWriter) -> None:
        """Forward length-prefixed packets until the hard reset; then silence both ways."""
        buffer = b""
        while data := await reader.read(16384):
            buffer += data
            while len(buffer) >= 2:
                size = 2 + int.from_bytes(buffer[:2], "big")
                if len(buffer) < size:
                    break
                packet, buffer = buffer[:size], buffer[size:]
                if len(packet) > 2 and packet[2] >> 3 == HARD_RESET_CLIENT_V2:
                    self.dropped += 1
                    upstream.transport.abort()
                    while await reader.read(16384):  # silent until the client gives up
                        pass
                    return
                upstream.write(packet)
            if len(buffer) > FRAME_CAP:
                return


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.CancelledError):
        while data := await reader.read(16384):
            writer.write(data)
            await writer.drain()


class _UdpUpstream(asyncio.DatagramProtocol):
    def __init__(self, relay: _UdpRelay, client: tuple[str, int]):
        self.relay, self.client = relay, client

    def datagram_received(self, data: bytes, addr: Any) -> None:
        if self.relay.transport is not None:
            self.relay.transport.sendto(data, self.client)


class _UdpRelay(asyncio.DatagramProtocol):
    """Each client gets its own socket to the server; the client's hard resets are dropped."""

    def __init__(self, lab: OpenVpnLab, server: tuple[str, int]):
        self.lab, self.server = lab, server
        self.transport: asyncio.DatagramTransport | None = None
        self.upstreams: OrderedDict[tuple[str, int], asyncio.DatagramTransport] = OrderedDict()
        self.waiting: dict[tuple[str, int], list[bytes]] = {}  # while their socket opens

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        if data and data[0] >> 3 == HARD_RESET_CLIENT_V2:
            self.lab.dropped += 1
            return
        client = (addr[0], addr[1])
        if client in self.upstreams:
            self.upstreams[client].sendto(data)
        elif client in self.waiting:
            if len(self.waiting[client]) < 16:
                self.waiting[client].append(data)
        elif len(self.waiting) < MAX_CLIENTS:
            self.waiting[client] = [data]
            self.lab.spawn(self._open(client))

    async def _open(self, client: tuple[str, int]) -> None:
        loop = asyncio.get_running_loop()
        try:
            upstream, _ = await loop.create_datagram_endpoint(
                lambda: _UdpUpstream(self, client), remote_addr=self.server
            )
        except OSError:
            self.waiting.pop(client, None)
            return
        if self.transport is None or self.transport.is_closing():
            upstream.close()
            return
        self.upstreams[client] = upstream
        for data in self.waiting.pop(client, []):
            upstream.sendto(data)
        while len(self.upstreams) > MAX_CLIENTS:
            self.upstreams.popitem(last=False)[1].close()

    def connection_lost(self, exc: Exception | None) -> None:
        for upstream in self.upstreams.values():
            upstream.close()
        self.upstreams.clear()
