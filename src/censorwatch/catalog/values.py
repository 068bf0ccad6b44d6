"""What a single value of the config may be: a resolver of the contract, a host name or
address."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

from ..probes.names import BadName, ascii_name
from ..translation import translate

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$"
)


def resolver_problem(spec: object) -> str | None:
    """Why `spec` is not a resolver of the contract, or None."""
    if not isinstance(spec, str):
        return translate("Config", "must be a string")
    if spec == "system":
        return None
    parts = urllib.parse.urlsplit(spec)
    if parts.scheme == "udp":
        try:
            ipaddress.ip_address(parts.hostname or "")
            port = parts.port
        except ValueError:
            return translate(
                "Config", "{spec}: write udp://IP:PORT (an address, not a name)"
            ).format(spec=repr(spec))
        if port is not None and not 1 <= port <= 65535:
            return translate("Config", "{spec}: port out of range").format(spec=repr(spec))
        return None
    if parts.scheme == "https" and parts.hostname:
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            return translate("Config", "{spec}: bad port").format(spec=repr(spec))
        return None
    return translate(
        "Config", '{spec}: expected "system", udp://IP:PORT or an https://…/dns-query URL'
    ).format(spec=repr(spec))


def host_ok(host: str) -> bool:
    """An address, or a host name as a person writes it (international names included:
    пример.рф is checked in its IDNA form)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        return bool(_HOSTNAME.match(ascii_name(host)))
    except BadName:
        return False


def lab_networks(value: object) -> list[str]:
    """`lab_networks`: address ranges a test lab uses as its internet ("127.77.0.0/16")."""
    if not isinstance(value, list) or len(value) > 16:
        raise ValueError(
            translate("Config", 'must be a list of at most 16 ranges, such as ["127.77.0.0/16"]')
        )
    out = []
    for item in value:
        try:
            out.append(str(ipaddress.ip_network(str(item), strict=False)))
        except ValueError:
            raise ValueError(
                translate("Config", "{item} is not an address range such as 127.77.0.0/16").format(
                    item=repr(item)
                )
            ) from None
    return out


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
        return translate("Config", "not a valid {schemes}:// URL: {url}").format(
            schemes="/".join(schemes), url=repr(url)
        )
    return None


def not_measured_reasons(raw: object, measured: list[str]) -> dict[str, str]:
    """`not_measured = { calls = "why" }`: capability names and a sentence each; ValueError
    with the problem otherwise."""
    if not isinstance(raw, dict):
        raise ValueError(translate("Config", 'must be a table: { calls = "why" }'))
    out = {}
    for capability, reason in raw.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", capability):
            raise ValueError(
                translate("Config", "not a capability: {capability}").format(
                    capability=repr(capability)
                )
            )
        if capability in measured:
            raise ValueError(
                translate("Config", "{capability} has probes: it is measured").format(
                    capability=repr(capability)
                )
            )
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
            raise ValueError(
                translate("Config", "{capability}: say why in 1 to 500 characters").format(
                    capability=capability
                )
            )
        out[capability] = reason.strip()
    return out


_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]{0,62}$")
RESERVED_LABELS = {"version", "instance", "job", "python"}


def metrics_address(text: object) -> tuple[str, int]:
    """("host", port) of a metrics address: "PORT" (loopback), "HOST:PORT", "[IPv6]:PORT"."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(
            translate("Config", "write HOST:PORT (127.0.0.1:9464), or a port alone for loopback")
        )
    text = text.strip()
    if text.isdigit():
        host, port_text = "127.0.0.1", text
    else:
        host, sep, port_text = text.rpartition(":")
        host = host.strip("[]")
        if not sep or not host or not port_text.isdigit():
            raise ValueError(
                translate("Config", "{address}: write HOST:PORT, such as 127.0.0.1:9464").format(
                    address=repr(text)
                )
            )
        if host != "localhost" and not host_ok(host):
            raise ValueError(
                translate("Config", "{address}: not a host or address").format(address=repr(text))
            )
    port = int(port_text)
    if not 0 <= port <= 65535:  # 0: any free port (the log says which)
        raise ValueError(
            translate("Config", "{address}: port out of range").format(address=repr(text))
        )
    return host, port


def metric_labels(value: object) -> dict[str, str]:
    """A [settings] labels table: Prometheus label names, short string values."""
    if not isinstance(value, dict):
        raise ValueError(
            translate("Config", 'must be a table, such as labels = { region = "Moscow" }')
        )
    out = {}
    for key, text in value.items():
        if not _LABEL.match(key) or key.startswith("__") or key in RESERVED_LABELS:
            raise ValueError(
                translate(
                    "Config",
                    "{key} is not a label name of your own (letters, digits, _; not {reserved})",
                ).format(key=repr(key), reserved=", ".join(sorted(RESERVED_LABELS)))
            )
        if not isinstance(text, str) or len(text) > 200:
            raise ValueError(
                translate("Config", "{key}: must be a string of at most 200 characters").format(
                    key=key
                )
            )
        out[key] = text
    return out
