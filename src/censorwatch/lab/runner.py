"""Running the lab: its certificates, free ports, every server on one asyncio loop in a
background thread, and the configs that point at them.

with Lab() as lab:            # servers run in a background thread
    lab.config_path           # a censorwatch config pointing at every lab behaviour
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import socket
import ssl
import tempfile
import threading
from pathlib import Path

import trustme

from . import configs, hosts, reference, reference_world, twins
from .servers import Servers
from .techniques import Techniques, vpn_possible


def _free_port() -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((hosts.OPEN, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _badssl(ca: trustme.CA) -> dict[str, trustme.LeafCert]:
    """The certificates of OONI's badssl.com, rebuilt: from an authority nobody trusts, from
    the lab's own but expired since 2020-02-01, and from the lab's own for another name."""
    untrusted = trustme.CA(organization_name="BadSSL Untrusted Root")
    w = reference_world
    return {
        "qa-untrusted": untrusted.issue_cert(
            w.name("badssl-untrusted"), common_name=w.name("badssl-untrusted")
        ),
        "qa-expired": ca.issue_cert(
            w.name("badssl-expired"),
            common_name=w.name("badssl-expired"),
            not_before=dt.datetime(2019, 2, 1, tzinfo=dt.UTC),
            not_after=dt.datetime(2020, 2, 1, tzinfo=dt.UTC),
        ),
        "qa-wrong-host": ca.issue_cert(f"wrong-host.{w.ZONE}", common_name=f"wrong-host.{w.ZONE}"),
    }


class Lab:
    """Start with `start()` (or as a context manager); `stop()` ends every server."""

    def __init__(
        self,
        folder: str | Path | None = None,
        world: str = "",
        dns_port: int = 0,
        vpn: bool = False,
    ):
        """`vpn`: run the real WireGuard and OpenVPN servers of techniques.toml too (root,
        /dev/net/tun and their Debian packages; `vpn_problem` says why not when it cannot)."""
        if world not in hosts.WORLDS:
            raise ValueError(f"no such lab world: {world!r} (one of {hosts.WORLDS})")
        self.world = world
        self.dns_port = dns_port  # 0: any free one (53 where the system must find it)
        self._tmp = None
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="censorwatch-lab-")
            folder = self._tmp.name
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ports: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: Servers | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.vpn = vpn
        self.vpn_problem = ""
        self.techniques: Techniques | None = None

    # --- files -------------------------------------------------------------------------

    def _write_pki(self) -> dict[str, ssl.SSLContext]:
        """The lab's certificate authority (trustme), an interceptor's own root, and the
        server certificates; written to the folder (`ca.pem` is the lab's trust anchor)."""
        ca = trustme.CA(
            organization_name="censorwatch lab", organization_unit_name="censorwatch lab CA"
        )
        rogue = trustme.CA(
            organization_name="Interception Inc", organization_unit_name="Totally Trusted Root"
        )
        names = [
            f"*.{hosts.DOMAIN}",
            hosts.DOMAIN,
            hosts.HONEST_RESOLVER,
            hosts.OPEN,
            hosts.DOMESTIC,
            f"*.{reference_world.ZONE}",
            *reference_world.OWN_SITES,
        ]
        issued = {
            "default": ca.issue_cert(
                *names, common_name=f"open.{hosts.DOMAIN}", organization_name="censorwatch lab"
            ),
            hosts.ROGUE_CA: rogue.issue_cert(
                *names[:2], common_name=f"*.{hosts.DOMAIN}", organization_name="Interception Inc"
            ),
            hosts.BLOCKPAGE: ca.issue_cert(
                "blocked.isp.test", common_name="blocked.isp.test", organization_name="Lab ISP"
            ),
            **_badssl(ca),
        }
        ca.cert_pem.write_to_path(str(self.folder / "ca.pem"))
        contexts = {}
        for label, leaf in issued.items():
            path = self.folder / f"cert-{label}.pem"
            leaf.private_key_and_cert_chain_pem.write_to_path(str(path))
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(path)
            ctx.set_alpn_protocols(["http/1.1"])
            contexts[label] = ctx
        return contexts

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def config_path(self) -> Path:
        return self.folder / "lab.toml"

    def config(self, name: str) -> Path:
        """One of the written configs: lab, hostile, offline, catalog (the built-in
        catalog's methods), whitelist (by name), whitelist-address, techniques."""
        return self.folder / f"{name}.toml"

    # --- running -----------------------------------------------------------------------

    def start(self) -> Lab:
        contexts = self._write_pki()
        for _attempt in range(20):
            base = _free_port()
            others = random.sample(range(20000, 60000), 3)
            dns = self.dns_port or others[1]
            self.ports = {"https": base, "http": others[0], "dns": dns, "stun": others[2]}
            servers = Servers(contexts, self.ports, self.world)
            try:
                servers.bind_all()
                servers.bind_udp_probe()
            except OSError:
                for s in servers.listeners + servers.fillers:
                    s.close()
                continue
            self._servers = servers
            break
        else:
            raise OSError("no free ports for the lab on 127.77.0.0/16")
        configs.write_all(self.folder, self.ports, self.ca_file)
        twins.write_twins(self.folder, self.ports, self.ca_file)
        reference.write_config(self.folder, self.ports, self.ca_file)
        self.techniques = Techniques(self.folder, self.ports)
        if self.vpn:
            self.vpn_problem = vpn_possible()
            if not self.vpn_problem:
                self.techniques.start_vpn()
        self.techniques.write_config(self.ca_file)
        self._thread = threading.Thread(target=self._run, name="censorwatch-lab", daemon=True)
        self._thread.start()
        self._ready.wait(30)
        if self._error and self.techniques:
            self.techniques.stop_vpn()
        if self._error:
            raise self._error
        return self

    def _run(self) -> None:
        servers = self._servers
        assert servers is not None  # bound by start()
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        techniques = self.techniques
        assert techniques is not None  # made by start()
        try:
            loop.run_until_complete(servers.start())
            loop.run_until_complete(techniques.start())
        except BaseException as exc:  # noqa: BLE001 - reported to the starting thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(techniques.stop())
        loop.run_until_complete(servers.stop())
        loop.close()

    def stop(self) -> None:
        if self._loop and self._thread:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        if self.techniques:
            self.techniques.stop_vpn()
        if self._tmp:
            self._tmp.cleanup()

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
