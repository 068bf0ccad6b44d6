"""What the local machine routes through: a VPN or a proxy changes what the checks describe
(the tunnel, not the provider), so each round notes it. Reads local state only; sends nothing."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from pathlib import Path

import psutil

TUNNEL_NAMES = re.compile(
    r"^(tun|tap|wg|ppp|utun|ipsec|gpd|nordlynx|proton|mullvad|tailscale|zt|amn|outline|vpn)",
    re.IGNORECASE,
)
PROXY_VARIABLES = (
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
)


def _default_route_interfaces(proc: Path) -> list[str]:
    """Interfaces that carry a default route (0.0.0.0/0, or the 0/1 + 128/1 pair VPNs add)."""
    try:
        lines = (proc / "net" / "route").read_text().splitlines()[1:]
    except OSError:
        return []
    out = []
    for line in lines:
        fields = line.split()
        if (
            len(fields) >= 8
            and fields[1] in ("00000000", "00000080")
            and fields[7] in ("00000000", "00000080")
        ):
            out.append(fields[0])
    return out


def tunnel_hint(
    proc: Path = Path("/proc"),
    sys_net: Path = Path("/sys/class/net"),
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """A sentence naming the VPN interface or proxy that seems active, or None."""
    environ = os.environ if environ is None else environ
    for iface in _default_route_interfaces(proc):
        if TUNNEL_NAMES.match(iface):
            return f"route:{iface}"
    try:
        names = sorted(p.name for p in sys_net.iterdir())
    except OSError:
        # Windows and macOS (untested here): psutil says which interfaces are up and what
        # addresses they carry. macOS keeps utun interfaces for its own services at all
        # times, with link-local IPv6 only: a tunnel counts when it carries a routable address.
        carrying = _carrying_tunnel()
        return f"interface:{carrying}" if carrying else _proxy(environ)
    for name in names:
        if not TUNNEL_NAMES.match(name):
            continue
        state = ""
        try:
            state = (sys_net / name / "operstate").read_text().strip()
        except OSError:
            state = "unknown"
        if state in ("up", "unknown"):
            return f"interface:{name}"
    return _proxy(environ)


def _proxy(environ: Mapping[str, str]) -> str | None:
    for var in PROXY_VARIABLES:
        if environ.get(var):
            return f"proxy:{var}"
    return None


def _carrying_tunnel() -> str | None:
    try:
        stats, addresses = psutil.net_if_stats(), psutil.net_if_addrs()
    except OSError:
        return None
    for name in sorted(stats):
        if not (TUNNEL_NAMES.match(name) and stats[name].isup):
            continue
        for a in addresses.get(name, []):
            if a.family in (socket.AF_INET, socket.AF_INET6) and not a.address.lower().startswith(
                ("fe80", "169.254.")
            ):
                return name
    return None
