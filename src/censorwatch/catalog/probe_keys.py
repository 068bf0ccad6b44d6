"""One `[[services.probes]]` table checked: its kind's keys, each value, and the keys every
probe may carry (source, any_of, role); errors name file, line and key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from ..translation import translate
from .model import KINDS, RANDOM_SNI, ROLES, ConfigError, ProbeSpec
from .values import host_ok, url_problem


class _Validator(Protocol):
    """What checking a probe needs of the config's validator (validate.py)."""

    file: str

    def error(
        self, path: tuple[Any, ...], key: str | None, label: str, message: str
    ) -> ConfigError: ...

    def string(self, value: object, path: tuple[Any, ...], key: str, label: str) -> str: ...

    def number(
        self,
        value: object,
        path: tuple[Any, ...],
        key: str,
        label: str,
        *,
        lo: float,
        hi: float,
        integer: bool = False,
    ) -> Any: ...

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], path: tuple[Any, ...], label: str
    ) -> None: ...


_CAPABILITY = re.compile(r"^[a-z][a-z0-9_]*$")
_GROUP = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_COMMON = {"capability", "kind", "source", "any_of", "role"}
_PROBE_KEYS = {
    "dns": {"host"},
    "tcp": {"host", "port"},
    "tls": {"host", "port", "sni", "trust"},
    "http": {"url"},
    "https": {"url", "trust"},
    "throughput": {"url", "min_kbps", "max_seconds", "direction", "sni", "trust"},
    "stun": {"host", "port"},
    "freeze": {"url", "trust"},
    "quic": {"host", "port", "sni"},
    "ech": {"host", "port", "sni"},
    "wireguard": {"profile", "host", "port", "compare_port"},
    "openvpn": {"profile", "host", "port", "compare_port"},
}
_REQUIRED = {
    "dns": ("host",),
    "tcp": ("host", "port"),
    "tls": ("host", "port"),
    "http": ("url",),
    "https": ("url",),
    "throughput": ("url",),
    "stun": ("host", "port"),
    "freeze": ("url",),
    "quic": ("host",),
    "ech": ("host",),
    "wireguard": ("profile",),
    "openvpn": ("profile",),
}
# Probe keys that take one of a few words (the first is the default). trust: "system" (the
# system's roots and the config's ca_file), "handshake" (a completed handshake counts,
# whoever signed it), "signal" (the system's roots and Signal's own, shipped as OONI ships
# them).
_CHOICES = {
    "trust": ("system", "handshake", "signal"),
    "direction": ("download", "upload"),
    "role": ROLES,
}


def _words(choices: tuple[str, ...]) -> str:
    quoted = [f'"{c}"' for c in choices]
    return translate("Config", "{words} or {last}").format(
        words=", ".join(quoted[:-1]), last=quoted[-1]
    )


def probe(v: _Validator, raw: object, path: tuple[Any, ...], label: str) -> ProbeSpec:
    if not isinstance(raw, dict):
        raise v.error(path, None, label.rstrip("."), translate("Config", "must be a table"))
    for key in ("capability", "kind"):
        if key not in raw:
            raise v.error(path, None, label + key, translate("Config", "missing"))
    kind = raw["kind"]
    if kind not in KINDS:
        raise v.error(
            path,
            "kind",
            label + "kind",
            translate("Config", "unknown kind {kind} (known: {known})").format(
                kind=repr(kind), known=", ".join(KINDS)
            ),
        )
    capability = v.string(raw["capability"], path, "capability", label + "capability")
    if not _CAPABILITY.match(capability):
        raise v.error(
            path,
            "capability",
            label + "capability",
            translate("Config", "use a-z, 0-9 and _ only, got {value}").format(
                value=repr(capability)
            ),
        )
    v.unknown_keys(raw, _COMMON | _PROBE_KEYS[kind], path, label)
    for key in _REQUIRED[kind]:
        if key not in raw:
            raise v.error(
                path,
                None,
                label + key,
                translate("Config", "missing (a {kind} probe needs {keys})").format(
                    kind=kind, keys=", ".join(_REQUIRED[kind])
                ),
            )
    spec = ProbeSpec(capability=capability, kind=kind)
    if "source" in raw:
        spec.source = v.string(raw["source"], path, "source", label + "source")
    if "host" in raw:
        host = v.string(raw["host"], path, "host", label + "host")
        if not host_ok(host):
            raise v.error(
                path,
                "host",
                label + "host",
                translate("Config", "not a host name or address: {host}").format(host=repr(host)),
            )
        spec.host = host
    for key, choices in _CHOICES.items():
        if key in raw:
            if raw[key] not in choices:
                raise v.error(
                    path,
                    key,
                    label + key,
                    translate("Config", "must be {choices}, got {value}").format(
                        choices=_words(choices), value=repr(raw[key])
                    ),
                )
            setattr(spec, key, raw[key])
    if "any_of" in raw:
        group = v.string(raw["any_of"], path, "any_of", label + "any_of")
        if not _GROUP.match(group):
            raise v.error(
                path,
                "any_of",
                label + "any_of",
                translate("Config", "use a-z, 0-9, _ and - (up to 40), got {value}").format(
                    value=repr(group)
                ),
            )
        spec.any_of = group
    if spec.role and spec.any_of:
        raise v.error(
            path,
            "role",
            label + "role",
            translate("Config", "a probe with a role cannot be one of an any_of group"),
        )
    if spec.role == "random_sni" and kind != "tls":
        raise v.error(
            path, "role", label + "role", translate("Config", "random_sni is a tls probe's role")
        )
    if spec.role == "listed_sni" and kind != "tls":
        raise v.error(
            path, "role", label + "role", translate("Config", "listed_sni is a tls probe's role")
        )
    if spec.role == "control" and kind != "stun":
        raise v.error(
            path, "role", label + "role", translate("Config", "a control is a stun probe (for now)")
        )
    if "sni" in raw:
        sni = v.string(raw["sni"], path, "sni", label + "sni")
        if sni != RANDOM_SNI and not host_ok(sni):
            raise v.error(
                path,
                "sni",
                label + "sni",
                translate("Config", "not a host name: {name}").format(name=repr(sni)),
            )
        if sni == RANDOM_SNI and kind != "tls":
            raise v.error(
                path,
                "sni",
                label + "sni",
                translate("Config", 'only a tls probe may send a "random" name'),
            )
        spec.sni = sni
    if "port" in raw:
        spec.port = v.number(
            raw["port"], path, "port", label + "port", lo=1, hi=65535, integer=True
        )
    if "url" in raw:
        url = v.string(raw["url"], path, "url", label + "url")
        schemes = {"http": ("http",), "https": ("https",)}.get(kind, ("http", "https"))
        problem = url_problem(url, schemes)
        if problem:
            raise v.error(path, "url", label + "url", problem)
        spec.url = url
    if "compare_port" in raw:
        spec.compare_port = v.number(
            raw["compare_port"],
            path,
            "compare_port",
            label + "compare_port",
            lo=1,
            hi=65535,
            integer=True,
        )
    if "profile" in raw:
        spec.profile = profile_path(
            v.string(raw["profile"], path, "profile", label + "profile"), v.file
        )
    if "min_kbps" in raw:
        spec.min_kbps = float(
            v.number(raw["min_kbps"], path, "min_kbps", label + "min_kbps", lo=1, hi=10_000_000)
        )
    if "max_seconds" in raw:
        spec.max_seconds = float(
            v.number(raw["max_seconds"], path, "max_seconds", label + "max_seconds", lo=0.5, hi=120)
        )
    return spec


def profile_path(value: str, config_file: str) -> str:
    """A profile's path as the probe opens it: "~" expanded, a relative path taken from the
    config's own folder (the file itself is read at probe time, never here)."""
    path = Path(value).expanduser()
    if not path.is_absolute() and config_file and not config_file.startswith("<"):
        path = Path(config_file).parent / path
    return str(path)


def check_roles(v: _Validator, probes: list[ProbeSpec], path: tuple[Any, ...], label: str) -> None:
    """A control stands beside the probes it controls, on their port (a filter may key on
    the port): a capability of controls only, or a control on another port, is a mistake."""
    for j, p in enumerate(probes):
        if p.role != "control":
            continue
        measured = [q for q in probes if q.capability == p.capability and not q.role]
        where = (*path, "probes", j)
        if not measured:
            raise v.error(
                where,
                "role",
                f"{label}probes[{j}].role",
                translate("Config", "no probe of {capability} to control").format(
                    capability=repr(p.capability)
                ),
            )
        if not any(q.kind == p.kind and q.port == p.port for q in measured):
            raise v.error(
                where,
                "port",
                f"{label}probes[{j}].port",
                translate(
                    "Config", "a control uses the port of the {kind} probes it controls"
                ).format(kind=p.kind),
            )
