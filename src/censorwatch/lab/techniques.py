"""The lab's twins of today's techniques, censored and uncensored, and `techniques.toml` that
points at them: HTTP/3 served by aioquic (on the open host's HTTPS port, beside its TLS over
TCP) with censors that drop QUIC Initials naming a blocked name or every Initial; the ECH
censor in front of the lab's real TLS server; and, where this computer can run them (root,
/dev/net/tun, the Debian packages wireguard-go, wireguard-tools and openvpn), real WireGuard
and OpenVPN servers with censors that drop their handshakes by signature."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from . import hosts
from .configs import _p, _service, _settings
from .ech_censor import EchCensor
from .quic_servers import Censor, QuicLab
from .vpn_openvpn import OpenVpnLab
from .vpn_wireguard import WireGuardLab

_log = logging.getLogger(__name__)
D = hosts.DOMAIN

# What each service of techniques.toml really does (status, technique).
TRUTH: dict[str, tuple[str, str | None]] = {
    "quic-works": ("ok", None),
    "quic-by-name": ("degraded", "quic"),
    "quic-all": ("degraded", "quic"),
    "ech-works": ("ok", None),
    "ech-dropped": ("degraded", "ech"),
    "wireguard-works": ("ok", None),
    "wireguard-blocked": ("blocked", "vpn"),
    "wireguard-alone": ("unknown", None),
    "openvpn-udp-works": ("ok", None),
    "openvpn-tcp-works": ("ok", None),
    "openvpn-udp-blocked": ("blocked", "vpn"),
    "openvpn-tcp-blocked": ("blocked", "vpn"),
}
VPN_SERVICES = {s for s in TRUTH if s.startswith(("wireguard", "openvpn"))}


def vpn_possible() -> str:
    """Why this computer cannot run the real VPN servers ("" when it can)."""
    missing = [t for t in ("wireguard-go", "wg", "ip", "openvpn") if shutil.which(t) is None]
    if missing:
        return f"not installed: {', '.join(missing)} (Debian: wireguard-go wireguard-tools openvpn)"
    if os.geteuid() != 0:
        return "the VPN servers need root (a tun device each)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    return ""


class Techniques:
    """The twins' servers: `start_vpn()`/`stop_vpn()` (subprocesses, from any thread), and
    `start()`/`stop()` on the lab's event loop (the QUIC server, the censors)."""

    def __init__(self, folder: Path, ports: dict[str, int]):
        self.folder, self.ports = folder, ports
        https = ports["https"]
        self.quic = QuicLab(
            hosts.OPEN,
            https,
            folder / "cert-default.pem",
            [
                Censor(hosts.QUIC_BY_NAME, https, "names", (hosts.QUIC_BLOCKED,)),
                Censor(hosts.QUIC_ALL, https, "all"),
            ],
        )
        self.ech = EchCensor(hosts.ECH_CENSOR, https, hosts.OPEN, https)
        self.wireguard: WireGuardLab | None = None
        self.openvpn: OpenVpnLab | None = None

    def start_vpn(self) -> None:
        """The real VPN servers (raises RuntimeError with their output when one fails)."""
        vpn = self.folder / "vpn"
        vpn.mkdir(exist_ok=True)
        self.wireguard = WireGuardLab(vpn, hosts.WG_PEER, hosts.WG_CENSOR).start()
        try:
            self.openvpn = OpenVpnLab(vpn, hosts.OVPN_SERVER, hosts.OVPN_CENSOR).start()
        except BaseException:
            self.stop_vpn()
            raise

    def stop_vpn(self) -> None:
        for lab in (self.wireguard, self.openvpn):
            if lab is not None:
                lab.stop()
        self.wireguard = self.openvpn = None

    async def start(self) -> None:
        await self.quic.start()
        await self.ech.start()
        if self.wireguard is not None:
            await self.wireguard.start_censor()
        if self.openvpn is not None:
            await self.openvpn.start_censor()

    async def stop(self) -> None:
        if self.openvpn is not None:
            await self.openvpn.stop_censor()
        if self.wireguard is not None:
            await self.wireguard.stop_censor()
        await self.ech.stop()
        await self.quic.stop()

    def config(self, ca_file: Path) -> str:
        https = self.ports["https"]
        out = "# censorwatch lab: today's techniques, a censored and an uncensored twin each.\n"
        out += _settings(self.ports, ca_file)
        services: list[tuple[str, str, list[str]]] = [
            (
                "quic-works",
                "HTTP/3 (works)",
                [_p("quic", "quic", host=hosts.OPEN, port=https, sni=f"open.{D}")],
            ),
            (
                "quic-by-name",
                "HTTP/3 (dropped by name)",
                [_p("quic", "quic", host=hosts.QUIC_BY_NAME, port=https, sni=hosts.QUIC_BLOCKED)],
            ),
            (
                "quic-all",
                "HTTP/3 (all QUIC dropped)",
                [_p("quic", "quic", host=hosts.QUIC_ALL, port=https, sni=f"open.{D}")],
            ),
            ("ech-works", "ECH (works)", [_p("ech", "ech", host=hosts.OPEN, port=https)]),
            (
                "ech-dropped",
                "ECH (dropped)",
                [_p("ech", "ech", host=hosts.ECH_CENSOR, port=https)],
            ),
        ]
        wg, ovpn = self.wireguard, self.openvpn
        if wg is not None:
            services += [
                ("wireguard-works", "WireGuard (works)", [_vpn("wireguard", wg.direct_profile)]),
                (
                    "wireguard-blocked",
                    "WireGuard (handshakes dropped)",
                    [_vpn("wireguard", wg.censored_profile, compare_port=https)],
                ),
                (
                    "wireguard-alone",
                    "WireGuard (dropped, nothing to compare)",
                    [_vpn("wireguard", wg.censored_profile)],
                ),
            ]
        if ovpn is not None:
            services += [
                ("openvpn-udp-works", "OpenVPN UDP (works)", [_vpn("openvpn", ovpn.udp_profile)]),
                ("openvpn-tcp-works", "OpenVPN TCP (works)", [_vpn("openvpn", ovpn.tcp_profile)]),
                (
                    "openvpn-udp-blocked",
                    "OpenVPN UDP (hard resets dropped)",
                    [_vpn("openvpn", ovpn.udp_censored_profile, compare_port=https)],
                ),
                (
                    "openvpn-tcp-blocked",
                    "OpenVPN TCP (hard resets dropped)",
                    [_vpn("openvpn", ovpn.tcp_censored_profile, compare_port=https)],
                ),
            ]
        for sid, name, probes in services:
            out += _service(sid, name, probes)
        return out

    def write_config(self, ca_file: Path) -> Path:
        path = self.folder / "techniques.toml"
        path.write_text(self.config(ca_file), encoding="utf-8")
        return path


def _vpn(kind: str, profile: Path, **fields: int) -> str:
    return _p("vpn", kind, profile=profile.as_posix(), **fields)
