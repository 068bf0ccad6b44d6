"""A service made from the person's own VPN profile — a WireGuard configuration (`wg-quick`
file) or an OpenVPN profile (`.ovpn`) — the one rule the window's "Add my VPN…" and
`censorwatch add PROFILE` share: the profile is read once to check it and to name the service;
the config keeps only its path (the keys stay in the person's file, read at each check,
stored nowhere)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..probes import openvpn, wireguard
from ..probes.handshakes import read_profile
from ..translation import translate
from .from_text import service_id
from .model import Catalog, ProbeSpec, Service

PROTOCOLS = {"wireguard": "WireGuard", "openvpn": "OpenVPN"}
MAX_PROFILE = 1024 * 1024  # a profile is a few kilobytes; anything larger is not one


class NotAProfile(ValueError):
    """Not a VPN profile censorwatch can check, said in the person's words."""


@dataclass(slots=True)
class NewVpn:
    service: Service
    kind: str  # "wireguard" | "openvpn"
    endpoint: str  # where the profile's server is, "host:port (udp)"
    readable_by_others: bool  # the file's permissions let other users read the keys


def looks_like(path: Path) -> str:
    """The kind of profile a file is ("wireguard", "openvpn"), or "" when it is neither."""
    try:
        with path.open("rb") as f:
            head = f.read(64 * 1024).decode("utf-8", "replace").lower()
    except OSError:
        return ""
    if "[interface]" in head and "[peer]" in head:
        return "wireguard"
    if path.suffix.lower() == ".ovpn" or any(
        line.strip().startswith("remote ") for line in head.splitlines()
    ):
        return "openvpn"
    return ""


def is_profile(text: str) -> bool:
    """Whether what a person typed names a file that is a VPN profile."""
    path = Path(text).expanduser()
    return path.is_file() and bool(looks_like(path))


def new_vpn(
    text: str, into: Catalog, name: str | None = None, compare_port: int | None = None
) -> NewVpn:
    """A service checking the VPN of the profile at `text`, to add to `into`. NotAProfile
    (naming no key) when the file cannot be read, is no profile, or is watched already."""
    path = Path(text).expanduser().resolve()
    try:
        if path.stat().st_size > MAX_PROFILE:
            raise NotAProfile(
                translate("Config", "{path} is too large to be a VPN profile").format(path=path)
            )
    except OSError as exc:
        raise NotAProfile(
            translate("Config", "cannot read {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    kind = looks_like(path)
    if not kind:
        raise NotAProfile(
            translate(
                "Config",
                "{path} is neither a WireGuard configuration nor an OpenVPN profile",
            ).format(path=path)
        )
    try:
        profile, warning = read_profile(kind, str(path))
    except (wireguard.ProfileError, openvpn.ProfileError) as exc:
        raise NotAProfile(
            translate("Config", "{path}: {reason}").format(path=path.name, reason=exc)
        ) from None
    for service in into.services:
        if any(p.profile and Path(p.profile) == path for p in service.probes):
            raise NotAProfile(
                translate("Config", "{path} is checked already, as {name}").format(
                    path=path.name, name=repr(service.name)
                )
            )
    if isinstance(profile, wireguard.WireGuardProfile):
        host, port, way = profile.host, profile.port, "udp"
    else:
        first = profile.remotes[0]
        host, port, way = first.host, first.port, first.transport
    protocol = PROTOCOLS[kind]
    label = (name or "").strip() or translate("Config", "My VPN ({protocol}, {file})").format(
        protocol=protocol, file=path.stem
    )
    probe = ProbeSpec(
        capability="vpn",
        kind=kind,
        profile=str(path),
        compare_port=compare_port,
        source=translate(
            "Config", "your own {protocol} profile, added by you ({date}); its handshake only"
        ).format(protocol=protocol, date=dt.date.today().isoformat()),
    )
    service = Service(
        id=service_id(label, {s.id for s in into.services}),
        name=label[:200],
        region="foreign",
        group="tools",
        probes=[probe],
    )
    where = f"[{host}]" if ":" in host else host
    return NewVpn(service, kind, f"{where}:{port} ({way.upper()})", warning is not None)
