"""The service catalog and settings: loading and validating the TOML contract.

Every error names the file, the line (where it can be found) and the key, so a person can
fix it; nothing unknown is silently ignored.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("dns", "tcp", "tls", "http", "https", "throughput", "stun")
REGIONS = ("foreign", "domestic")
CAPABILITY_ORDER = ("web", "messages", "calls", "media")

_ID = re.compile(r"^[a-z0-9_-]+$")
_CAPABILITY = re.compile(r"^[a-z][a-z0-9_]*$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$"
)

_COMMON = {"capability", "kind", "source"}
_PROBE_KEYS = {
    "dns": {"host"},
    "tcp": {"host", "port"},
    "tls": {"host", "port", "sni", "trust"},
    "http": {"url"},
    "https": {"url"},
    "throughput": {"url", "min_kbps", "max_seconds"},
    "stun": {"host", "port"},
}
_REQUIRED = {
    "dns": ("host",),
    "tcp": ("host", "port"),
    "tls": ("host", "port"),
    "http": ("url",),
    "https": ("url",),
    "throughput": ("url",),
    "stun": ("host", "port"),
}
_SETTINGS_KEYS = {
    "timeout",
    "interval",
    "resolver",
    "control_resolvers",
    "ca_file",
    "decoy_sni",
    "retries",
    "concurrency",
    "jitter",
    "keep_raw_days",
    "keep_minute_hours",
    "keep_hourly_days",
}
_SERVICE_KEYS = {"id", "name", "region", "group", "interval", "probes"}


class ConfigError(Exception):
    """A configuration mistake, located: `file:line: key: message`."""

    def __init__(self, file: str, line: int | None, key: str, message: str):
        self.file, self.line, self.key, self.message = file, line, key, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass(slots=True)
class ProbeSpec:
    capability: str
    kind: str
    host: str | None = None
    port: int | None = None
    sni: str | None = None
    url: str | None = None
    min_kbps: float = 1000.0
    max_seconds: float = 10.0
    source: str = ""
    trust: str = "system"  # "handshake": a completed handshake counts, whoever signed it

    @property
    def target(self) -> str:
        if self.kind in ("http", "https", "throughput"):
            return self.url or ""
        if self.kind == "dns":
            return self.host or ""
        host = f"[{self.host}]" if self.host and ":" in self.host else self.host
        return f"{host}:{self.port}"


@dataclass(slots=True)
class Service:
    id: str
    name: str
    region: str = "foreign"
    group: str = ""
    interval: int | None = None
    probes: list[ProbeSpec] = field(default_factory=list)

    @property
    def capabilities(self) -> list[str]:
        seen = []
        for p in self.probes:
            if p.capability not in seen:
                seen.append(p.capability)
        return sorted(seen, key=capability_sort_key)


def capability_sort_key(name: str) -> tuple[int, str]:
    try:
        return CAPABILITY_ORDER.index(name), name
    except ValueError:
        return len(CAPABILITY_ORDER), name


@dataclass(slots=True)
class Settings:
    timeout: float = 10.0
    interval: int = 300
    resolver: str = "system"
    control_resolvers: list[str] = field(
        default_factory=lambda: ["https://1.1.1.1/dns-query", "https://8.8.8.8/dns-query"]
    )
    ca_file: str = ""
    decoy_sni: str = "example.org"
    retries: int = 1  # confirmation retries before a new failure is reported
    concurrency: int = 32
    jitter: float = 0.1  # fraction of the interval
    keep_raw_days: int = 30  # retention of raw measurements in the history
    keep_minute_hours: int = 48  # minute rollups
    keep_hourly_days: int = 90  # hourly rollups (daily ones and state changes: for ever)


@dataclass(slots=True)
class Catalog:
    settings: Settings
    services: list[Service]
    path: str = ""

    def select(self, ids: list[str]) -> Catalog:
        """Only the services `ids`; an unknown id is a usage error."""
        known = {s.id: s for s in self.services}
        missing = [i for i in ids if i not in known]
        if missing:
            raise ConfigError(
                self.path,
                None,
                "--service",
                f"unknown service {', '.join(missing)}; known: {', '.join(known)}",
            )
        return Catalog(self.settings, [known[i] for i in ids], self.path)


# --- locating keys in the source ---------------------------------------------------------

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Lines:
    """Where each key of the TOML stands: (table path, key) -> line number."""

    def __init__(self, text: str):
        self.keys: dict[tuple, int] = {}
        self.tables: dict[tuple, int] = {}
        counts: dict[str, int] = {}
        current: tuple = ()
        service = -1
        for number, line in enumerate(text.splitlines(), 1):
            m = _TABLE.match(line)
            if m:
                name = m.group(2).replace('"', "")
                if m.group(1) == "[[":
                    if name == "services":
                        service += 1
                        counts["probes"] = -1
                        current = ("services", service)
                    elif name == "services.probes":
                        counts["probes"] = counts.get("probes", -1) + 1
                        current = ("services", service, "probes", counts["probes"])
                    else:
                        current = (name,)
                else:
                    current = (name,)
                self.tables.setdefault(current, number)
                continue
            m = _KEY.match(line)
            if m:
                self.keys.setdefault((*current, m.group(1)), number)

    def line(self, path: tuple, key: str | None = None) -> int | None:
        if key is not None and (*path, key) in self.keys:
            return self.keys[(*path, key)]
        return self.tables.get(path)


# --- validation --------------------------------------------------------------------------


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


def _host_ok(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(host))


class _Validator:
    def __init__(self, file: str, lines: _Lines):
        self.file, self.lines = file, lines

    def error(self, path: tuple, key: str | None, label: str, message: str) -> ConfigError:
        return ConfigError(self.file, self.lines.line(path, key), label, message)

    def number(self, value, path, key, label, *, lo, hi, integer=False):
        ok_types = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_types):
            kind = "a whole number" if integer else "a number"
            raise self.error(path, key, label, f"must be {kind}, got {value!r}")
        if not lo <= value <= hi:
            raise self.error(path, key, label, f"must be between {lo} and {hi}, got {value!r}")
        return value

    def string(self, value, path, key, label) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(path, key, label, f"must be a non-empty string, got {value!r}")
        return value

    def unknown_keys(self, table: dict, allowed: set, path: tuple, label: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(
                    path,
                    key,
                    f"{label}{key}",
                    f"unknown key (allowed: {', '.join(sorted(allowed))})",
                )

    def settings(self, raw) -> Settings:
        path = ("settings",)
        if not isinstance(raw, dict):
            raise self.error(path, None, "settings", "must be a table")
        self.unknown_keys(raw, _SETTINGS_KEYS, path, "settings.")
        s = Settings()
        label = "settings."
        if "timeout" in raw:
            s.timeout = float(
                self.number(raw["timeout"], path, "timeout", label + "timeout", lo=0.1, hi=120)
            )
        if "interval" in raw:
            s.interval = self.number(
                raw["interval"], path, "interval", label + "interval", lo=10, hi=86400, integer=True
            )
        if "retries" in raw:
            s.retries = self.number(
                raw["retries"], path, "retries", label + "retries", lo=0, hi=3, integer=True
            )
        if "concurrency" in raw:
            s.concurrency = self.number(
                raw["concurrency"],
                path,
                "concurrency",
                label + "concurrency",
                lo=1,
                hi=1000,
                integer=True,
            )
        if "jitter" in raw:
            s.jitter = float(
                self.number(raw["jitter"], path, "jitter", label + "jitter", lo=0, hi=0.5)
            )
        for key, lo, hi in (
            ("keep_raw_days", 1, 3650),
            ("keep_minute_hours", 1, 24 * 365),
            ("keep_hourly_days", 1, 3650),
        ):
            if key in raw:
                setattr(
                    s,
                    key,
                    self.number(raw[key], path, key, label + key, lo=lo, hi=hi, integer=True),
                )
        if "resolver" in raw:
            problem = resolver_problem(raw["resolver"])
            if problem:
                raise self.error(path, "resolver", label + "resolver", problem)
            s.resolver = raw["resolver"]
        if "control_resolvers" in raw:
            value = raw["control_resolvers"]
            if not isinstance(value, list):
                raise self.error(
                    path, "control_resolvers", label + "control_resolvers", "must be a list"
                )
            for item in value:
                problem = resolver_problem(item)
                if problem:
                    raise self.error(
                        path, "control_resolvers", label + "control_resolvers", problem
                    )
            s.control_resolvers = list(value)
        if "ca_file" in raw:
            value = raw["ca_file"]
            if not isinstance(value, str):
                raise self.error(path, "ca_file", label + "ca_file", "must be a path string")
            if value and not Path(value).expanduser().is_file():
                raise self.error(path, "ca_file", label + "ca_file", f"no such file: {value}")
            s.ca_file = str(Path(value).expanduser()) if value else ""
        if "decoy_sni" in raw:
            value = self.string(raw["decoy_sni"], path, "decoy_sni", label + "decoy_sni")
            if not _host_ok(value):
                raise self.error(
                    path, "decoy_sni", label + "decoy_sni", f"not a host name: {value!r}"
                )
            s.decoy_sni = value
        return s

    def services(self, raw) -> list[Service]:
        if not isinstance(raw, list):
            raise self.error(
                ("services",), None, "services", "must be an array of tables ([[services]])"
            )
        out: list[Service] = []
        seen: dict[str, int] = {}
        for i, table in enumerate(raw):
            path = ("services", i)
            if not isinstance(table, dict):
                raise self.error(path, None, f"services[{i}]", "must be a table")
            sid = table.get("id")
            label = f"services[{sid or i}]."
            self.unknown_keys(table, _SERVICE_KEYS, path, label)
            for key in ("id", "name"):
                if key not in table:
                    raise self.error(
                        path, None, label + key, "missing (every service needs id and name)"
                    )
            sid = self.string(table["id"], path, "id", label + "id")
            if not _ID.match(sid):
                raise self.error(
                    path, "id", label + "id", f"use a-z, 0-9, _ and - only, got {sid!r}"
                )
            if sid in seen:
                raise self.error(
                    path, "id", label + "id", f"duplicate id (first used at line {seen[sid]})"
                )
            seen[sid] = self.lines.line(path, "id") or 0
            service = Service(id=sid, name=self.string(table["name"], path, "name", label + "name"))
            region = table.get("region", "foreign")
            if region not in REGIONS:
                raise self.error(
                    path,
                    "region",
                    label + "region",
                    f"must be one of {', '.join(REGIONS)}, got {region!r}",
                )
            service.region = region
            if "group" in table:
                service.group = self.string(table["group"], path, "group", label + "group")
            if "interval" in table:
                service.interval = self.number(
                    table["interval"],
                    path,
                    "interval",
                    label + "interval",
                    lo=10,
                    hi=86400,
                    integer=True,
                )
            probes = table.get("probes")
            if not isinstance(probes, list) or not probes:
                raise self.error(
                    path, None, label + "probes", "needs at least one [[services.probes]]"
                )
            service.probes = [
                self.probe(p, (*path, "probes", j), f"{label}probes[{j}].")
                for j, p in enumerate(probes)
            ]
            out.append(service)
        return out

    def probe(self, raw, path: tuple, label: str) -> ProbeSpec:
        if not isinstance(raw, dict):
            raise self.error(path, None, label.rstrip("."), "must be a table")
        for key in ("capability", "kind"):
            if key not in raw:
                raise self.error(path, None, label + key, "missing")
        kind = raw["kind"]
        if kind not in KINDS:
            raise self.error(
                path, "kind", label + "kind", f"unknown kind {kind!r} (known: {', '.join(KINDS)})"
            )
        capability = self.string(raw["capability"], path, "capability", label + "capability")
        if not _CAPABILITY.match(capability):
            raise self.error(
                path,
                "capability",
                label + "capability",
                f"use a-z, 0-9 and _ only, got {capability!r}",
            )
        self.unknown_keys(raw, _COMMON | _PROBE_KEYS[kind], path, label)
        for key in _REQUIRED[kind]:
            if key not in raw:
                raise self.error(
                    path,
                    None,
                    label + key,
                    f"missing (a {kind} probe needs {', '.join(_REQUIRED[kind])})",
                )
        spec = ProbeSpec(capability=capability, kind=kind)
        if "source" in raw:
            spec.source = self.string(raw["source"], path, "source", label + "source")
        if "host" in raw:
            host = self.string(raw["host"], path, "host", label + "host")
            if not _host_ok(host):
                raise self.error(
                    path, "host", label + "host", f"not a host name or address: {host!r}"
                )
            spec.host = host
        if "trust" in raw:
            if raw["trust"] not in ("system", "handshake"):
                raise self.error(
                    path,
                    "trust",
                    label + "trust",
                    f'must be "system" or "handshake", got {raw["trust"]!r}',
                )
            spec.trust = raw["trust"]
        if "sni" in raw:
            sni = self.string(raw["sni"], path, "sni", label + "sni")
            if not _host_ok(sni):
                raise self.error(path, "sni", label + "sni", f"not a host name: {sni!r}")
            spec.sni = sni
        if "port" in raw:
            spec.port = self.number(
                raw["port"], path, "port", label + "port", lo=1, hi=65535, integer=True
            )
        if "url" in raw:
            url = self.string(raw["url"], path, "url", label + "url")
            parts = urllib.parse.urlsplit(url)
            schemes = {"http": ("http",), "https": ("https",)}.get(kind, ("http", "https"))
            try:
                port_ok = parts.port is None or 1 <= parts.port <= 65535
            except ValueError:
                port_ok = False
            if (
                parts.scheme not in schemes
                or not parts.hostname
                or not _host_ok(parts.hostname)
                or not port_ok
            ):
                raise self.error(
                    path, "url", label + "url", f"not a valid {'/'.join(schemes)}:// URL: {url!r}"
                )
            spec.url = url
        if "min_kbps" in raw:
            spec.min_kbps = float(
                self.number(
                    raw["min_kbps"], path, "min_kbps", label + "min_kbps", lo=1, hi=10_000_000
                )
            )
        if "max_seconds" in raw:
            spec.max_seconds = float(
                self.number(
                    raw["max_seconds"], path, "max_seconds", label + "max_seconds", lo=0.5, hi=120
                )
            )
        return spec


def loads(text: str, file: str = "<config>") -> Catalog:
    """Parse and validate a config; raises ConfigError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(m.group(1)) if m else None
        if line is None and "end of document" in message:
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message)
        raise ConfigError(file, line, "", f"not valid TOML: {message}") from None
    lines = _Lines(text)
    v = _Validator(file, lines)
    for key in data:
        if key not in ("settings", "services"):
            raise ConfigError(
                file,
                lines.line((key,), None) or lines.line((), key),
                key,
                "unknown key (allowed: settings, services)",
            )
    settings = v.settings(data.get("settings", {}))
    services = v.services(data.get("services", []))
    return Catalog(settings, services, file)


def load(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), None, "", f"cannot read: {exc}") from None
    return loads(text, str(path))


def resources_dir() -> Path:
    """Shipped data: inside the installed package, or `resources/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "resources"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "resources"


def default_catalog_path() -> Path:
    return resources_dir() / "default-catalog.toml"


def load_default() -> Catalog:
    return load(default_catalog_path())


# --- writing -------------------------------------------------------------------------------


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def dumps(catalog: Catalog) -> str:
    """The catalog as TOML that `loads` reads back to the same catalog."""
    s, d = catalog.settings, Settings()
    lines = [
        "# censorwatch config, written by the window; comments are not kept.",
        "",
        "[settings]",
    ]
    for key in Settings.__slots__:
        value = getattr(s, key)
        if value != getattr(d, key) or key in (
            "timeout",
            "interval",
            "resolver",
            "control_resolvers",
        ):
            lines.append(f"{key} = {_toml_value(value)}")
    for service in catalog.services:
        lines += [
            "",
            "[[services]]",
            f"id = {_toml_value(service.id)}",
            f"name = {_toml_value(service.name)}",
        ]
        if service.region != "foreign":
            lines.append(f"region = {_toml_value(service.region)}")
        if service.group:
            lines.append(f"group = {_toml_value(service.group)}")
        if service.interval:
            lines.append(f"interval = {service.interval}")
        for p in service.probes:
            lines += [
                "",
                "[[services.probes]]",
                f"capability = {_toml_value(p.capability)}",
                f"kind = {_toml_value(p.kind)}",
            ]
            if p.trust != "system":
                lines.append(f"trust = {_toml_value(p.trust)}")
            for key in ("host", "port", "sni", "url"):
                value = getattr(p, key)
                if value not in (None, ""):
                    lines.append(f"{key} = {_toml_value(value)}")
            if p.kind == "throughput":
                lines.append(f"min_kbps = {_toml_value(p.min_kbps)}")
                lines.append(f"max_seconds = {_toml_value(p.max_seconds)}")
            if p.source:
                lines.append(f"source = {_toml_value(p.source)}")
    return "\n".join(lines) + "\n"


def save(catalog: Catalog, path: str | Path) -> Path | None:
    """Validate, then write atomically; the previous file is kept as `<name>.bak`.
    Returns the backup's path (None when there was no previous file)."""
    import os
    import tempfile

    path = Path(path)
    text = dumps(catalog)
    loads(text, str(path))  # never write what we could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        backup.write_bytes(path.read_bytes())
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return backup
