"""What a single value of the config may be: a resolver of the contract, a host name or
address."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$"
)


def resolver_problem(spec: object) -> str | None:
    """Why `spec` is not a resolver of the contract, or None."""
    if not isinstance(spec, str):
        return "must be a string"
    if spec == "system":
        return None
    parts = urllib.parse.urlsplit(spec)
    if parts.scheme == "udp":
        try:
            ipaddress.ip_address(parts.hostname or "")
            port = parts.port
        except ValueError:
            return f"{spec!r}: write udp://IP:PORT (an address, not a name)"
        if port is not None and not 1 <= port <= 65535:
            return f"{spec!r}: port out of range"
        return None
    if parts.scheme == "https" and parts.hostname:
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            return f"{spec!r}: bad port"
        return None
    return f'{spec!r}: expected "system", udp://IP:PORT or an https://…/dns-query URL'


def host_ok(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(host))


def url_problem(url: str, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """Why `url` is not an http(s) URL a probe can fetch, or None."""
    parts = urllib.parse.urlsplit(url)
    try:
        port_ok = parts.port is None or 1 <= parts.port <= 65535
    except ValueError:
        port_ok = False
    if (
        parts.scheme not in schemes
        or not parts.hostname
        or not host_ok(parts.hostname)
        or not port_ok
    ):
        return f"not a valid {'/'.join(schemes)}:// URL: {url!r}"
    return None


def not_measured_reasons(raw: object, measured: list[str]) -> dict[str, str]:
    """`not_measured = { calls = "why" }`: capability names and a sentence each; ValueError
    with the problem otherwise."""
    if not isinstance(raw, dict):
        raise ValueError('must be a table: { calls = "why" }')
    out = {}
    for capability, reason in raw.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", capability):
            raise ValueError(f"not a capability: {capability!r}")
        if capability in measured:
            raise ValueError(f"{capability!r} has probes: it is measured")
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
            raise ValueError(f"{capability}: say why in 1 to 500 characters")
        out[capability] = reason.strip()
    return out
