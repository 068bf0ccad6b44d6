"""The lab's WireGuard: a real peer (wireguard-go on a tun interface, configured with `wg`)
and a censor in front of it that drops handshake initiations by their signature, as Russia's
DPI has done since 2023. Needs root, /dev/net/tun, wireguard-go, wg and ip."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

PEER_HOST = "127.77.9.1"  # where the uncensored twin's Endpoint points (the peer itself)
CENSOR_HOST = "127.77.9.2"  # the censored twin's Endpoint: the relay that drops initiations
CLIENT_ADDRESSES = ("10.77.0.2/32", "10.77.0.3/32")  # with a preshared key, without one
INITIATION_SIZE = 148
MAX_CLIENTS = 64  # the relay's upstream sockets, one per client address
START_WAIT = 5.0  # seconds for wireguard-go to make its socket and open its port
RUN_DIR = Path("/var/run/wireguard")  # where wireguard-go puts its control socket


def is_initiation(data: bytes) -> bool:
    """WireGuard's handshake-initiation signature, as a DPI box matches it."""
    return len(data) == INITIATION_SIZE and data[0] == 1 and data[1:4] == b"\0\0\0"


def new_key() -> tuple[str, str]:
    """A fresh X25519 key pair in WireGuard's base64: (private, public)."""
    key = X25519PrivateKey.generate()
    private = key.private_bytes_raw()
    public = key.public_key().public_bytes_raw()
    return base64.b64encode(private).decode(), base64.b64encode(public).decode()


def _write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as file:
        os.fchmod(fd, 0o600)  # also when the file was already there
        file.write(text)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET


class _Listener(asyncio.DatagramProtocol):
    def __init__(self, relay: CensorRelay):
        self.relay = relay

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.relay._from_client(data, addr)

    def error_received(self, exc: Exception) -> None:
        pass  # a client gone away: nothing to do


class CensorRelay:
    """A UDP relay on its own address: every client gets its own upstream socket to the
    peer and the peer's replies go back to it; handshake initiations are dropped.

    The listening socket is bound at construction (so its port is known at once) and served
    on the running loop between `start()` and `stop()`, which may be repeated on other loops."""

    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int]):
        self.upstream = upstream
        self.dropped = 0  # handshake initiations swallowed
        self.forwarded = 0  # other datagrams passed to the peer
        self.returned = 0  # the peer's datagrams passed back
        self._sock = socket.socket(_family(listen[0]), socket.SOCK_DGRAM)
        try:
            self._sock.bind(listen)
        except OSError:
            self._sock.close()
            raise
        self.address: tuple[str, int] = self._sock.getsockname()[:2]
        self._transport: asyncio.DatagramTransport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._clients: dict[Any, socket.socket] = {}

    async def start(self) -> None:
        if self._transport is not None:
            return
        self._loop = asyncio.get_running_loop()
        # A duplicate: the transport closes it, the bound socket stays for a later start.
        self._transport, _ = await self._loop.create_datagram_endpoint(
            lambda: _Listener(self), sock=self._sock.dup()
        )

    async def stop(self) -> None:
        for upstream in self._clients.values():
            if self._loop is not None:
                self._loop.remove_reader(upstream.fileno())
            upstream.close()
        self._clients.clear()
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def close(self) -> None:
        """Release the port (after `stop()`)."""
        self._sock.close()

    def _from_client(self, data: bytes, client: Any) -> None:
        if is_initiation(data):
            self.dropped += 1
            return
        upstream = self._clients.get(client)
        if upstream is None:
            if len(self._clients) >= MAX_CLIENTS or self._loop is None:
                return
            upstream = socket.socket(_family(self.upstream[0]), socket.SOCK_DGRAM)
            try:
                upstream.setblocking(False)
                upstream.bind((self.address[0], 0))
                upstream.connect(self.upstream)
            except OSError:
                upstream.close()
                return
            self._clients[client] = upstream
            self._loop.add_reader(upstream.fileno(), self._from_upstream, upstream, client)
        with contextlib.suppress(OSError):  # a full buffer or a refusal: a lost datagram
            upstream.send(data)
            self.forwarded += 1

    def _from_upstream(self, upstream: socket.socket, client: Any) -> None:
        for _ in range(64):  # a bounded batch per wake-up
            try:
                data = upstream.recv(65535)
            except BlockingIOError:
                return
            except OSError:
                continue  # an ICMP error from the peer's side: nothing to relay
            if self._transport is not None:
                self._transport.sendto(data, client)
                self.returned += 1


class WireGuardLab:
    """A real WireGuard peer on `peer_host` (wireguard-go listens on every local address at
    `port`) and the censor on `censor_host`:`censor_port`, with three client profiles:

    direct_profile    Endpoint: the peer (the uncensored twin), with a PresharedKey
    censored_profile  the same client, Endpoint: the censor (the censored twin)
    plain_profile     another client without a PresharedKey, Endpoint: the peer

    `start()`/`stop()` run the peer (blocking, a few ms); `start_censor()`/`stop_censor()`
    serve the relay on the caller's loop; `async with` does both."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        peer_host: str = PEER_HOST,
        censor_host: str = CENSOR_HOST,
    ):
        self.folder = Path(folder)
        self.peer_host, self.censor_host = peer_host, censor_host
        self.interface = "cwwg" + os.urandom(4).hex()  # 12 characters: Linux allows 15
        self.port = 0
        self.censor_port = 0
        self.peer_public_key = ""
        self.direct_profile = self.folder / f"{self.interface}-direct.conf"
        self.censored_profile = self.folder / f"{self.interface}-censored.conf"
        self.plain_profile = self.folder / f"{self.interface}-plain.conf"
        self.log_path = self.folder / f"{self.interface}.log"
        self.censor: CensorRelay | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._secrets: list[Path] = []  # the peer's key files, until `wg set` has read them

    # --- the peer ---------------------------------------------------------------------

    def start(self) -> WireGuardLab:
        """Start and configure the peer, bind the censor, write the profiles; on any error
        everything is undone and RuntimeError carries wireguard-go's or the tool's output."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        tools = {name: shutil.which(name) for name in ("wireguard-go", "wg", "ip")}
        missing = [name for name, found in tools.items() if found is None]
        if missing:
            raise RuntimeError(f"not installed: {', '.join(missing)}")
        self.folder.mkdir(parents=True, exist_ok=True)
        server_private, self.peer_public_key = new_key()
        clients = [new_key(), new_key()]
        preshared = base64.b64encode(os.urandom(32)).decode()
        secrets = self._secrets = [self.folder / f"{self.interface}.{n}" for n in ("key", "psk")]
        _write_secret(secrets[0], server_private + "\n")
        _write_secret(secrets[1], preshared + "\n")
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - open until stop()
        self._process = subprocess.Popen(
            [str(tools["wireguard-go"]), "-f", self.interface],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "WG_PROCESS_FOREGROUND": "1", "LOG_LEVEL": "verbose"},
        )
        control = RUN_DIR / f"{self.interface}.sock"
        self._wait(control.exists, "its control socket")
        try:
            self._run(
                str(tools["wg"]), "set", self.interface, "private-key", str(secrets[0]),
                "peer", clients[0][1], "preshared-key", str(secrets[1]),
                "allowed-ips", CLIENT_ADDRESSES[0],
                "peer", clients[1][1], "allowed-ips", CLIENT_ADDRESSES[1],
            )  # fmt: skip
        finally:
            for path in secrets:
                path.unlink(missing_ok=True)
        self._run(str(tools["ip"]), "link", "set", "dev", self.interface, "up")
        self._wait(lambda: self._listen_port(str(tools["wg"])) > 0, "a listening port")
        self.port = self._listen_port(str(tools["wg"]))
        self.censor = CensorRelay((self.censor_host, 0), (self.peer_host, self.port))
        self.censor_port = self.censor.address[1]
        self._profile(self.direct_profile, clients[0][0], preshared, self.peer_host, self.port)
        self._profile(self.censored_profile, clients[0][0], preshared, self.censor_host,
                      self.censor_port)  # fmt: skip
        self._profile(self.plain_profile, clients[1][0], None, self.peer_host, self.port, 1)

    def _profile(
        self, path: Path, private: str, preshared: str | None, host: str, port: int, n: int = 0
    ) -> None:
        endpoint = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        lines = [
            "# censorwatch lab: a client of the lab's WireGuard peer",
            "[Interface]",
            f"PrivateKey = {private}",
            f"Address = {CLIENT_ADDRESSES[n]}",
            "",
            "[Peer]",
            f"PublicKey = {self.peer_public_key}",
            *([f"PresharedKey = {preshared}"] if preshared else []),
            "AllowedIPs = 10.77.0.0/24",
            f"Endpoint = {endpoint}",
        ]
        _write_secret(path, "\n".join(lines) + "\n")

    def _listen_port(self, wg: str) -> int:
        shown = subprocess.run(
            [wg, "show", self.interface, "listen-port"], capture_output=True, text=True, timeout=10
        )
        text = shown.stdout.strip()
        return int(text) if shown.returncode == 0 and text.isdigit() else 0

    def _output(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def _wait(self, ready: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + START_WAIT
        while not ready():
            code = self._process.poll() if self._process is not None else None
            if code is not None:
                raise RuntimeError(f"wireguard-go exited ({code}):\n{self._output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"wireguard-go made no {what} in time:\n{self._output()}")
            time.sleep(0.02)

    def _run(self, *command: str) -> None:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:2])} failed ({done.returncode}): {done.stderr.strip()}\n"
                f"wireguard-go:\n{self._output()}"
            )

    def stop(self) -> None:
        """Close the censor's port, end wireguard-go, delete the interface and its socket."""
        if self.censor is not None:
            self.censor.close()
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        ip = shutil.which("ip")
        if ip is not None and Path("/sys/class/net", self.interface).exists():
            subprocess.run(
                [ip, "link", "delete", "dev", self.interface], capture_output=True, timeout=10
            )
        (RUN_DIR / f"{self.interface}.sock").unlink(missing_ok=True)
        for path in self._secrets:
            path.unlink(missing_ok=True)
        if self._log is not None:
            self._log.close()
            self._log = None

    # --- the censor, on the caller's loop ---------------------------------------------

    async def start_censor(self) -> None:
        if self.censor is None:
            raise RuntimeError("start() the lab first")
        await self.censor.start()

    async def stop_censor(self) -> None:
        if self.censor is not None:
            await self.censor.stop()

    async def __aenter__(self) -> WireGuardLab:
        await asyncio.to_thread(self.start)
        try:
            await self.start_censor()
        except BaseException:
            await asyncio.to_thread(self.stop)
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self.stop_censor()
        finally:
            await asyncio.to_thread(self.stop)
