"""Reading a config: TOML parsed, every value checked, unknown keys rejected; every error
names the file, the line (where it can be found) and the key, so a person can fix it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..translation import translate
from ..vocabulary import REGIONS
from . import probe_keys
from .locate import KeyLines
from .model import (
    Catalog,
    ConfigError,
    ProbeSpec,
    Service,
    Settings,
)
from .values import (
    host_ok,
    lab_networks,
    metric_labels,
    metrics_address,
    not_measured_reasons,
    resolver_problem,
    url_problem,
)

_ID = re.compile(r"^[a-z0-9_-]+$")
_CAPABILITY = re.compile(r"^[a-z][a-z0-9_]*$")
# Settings that are plain numbers: (key, lowest, highest, whole number).
_NUMBERS = (
    ("retry_delay", 0, 60, False),
    ("keep_raw_days", 1, 3650, True),
    ("keep_minute_hours", 1, 24 * 365, True),
    ("keep_hourly_days", 1, 3650, True),
    ("throughput_interval", 60, 7 * 86400, True),
    ("daily_budget_mb", 0, 1_000_000, False),
    ("throttle_ratio", 0.01, 0.95, False),
    ("throttle_floor_kbps", 1, 10_000_000, False),
)
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
    *(key for key, _lo, _hi, _int in _NUMBERS),
    "allow_metered",
    "update_provider_table",
    "reference_url",
    "metrics",
    "labels",
    "lab_networks",
}
_SERVICE_KEYS = {"id", "name", "region", "group", "interval", "probes", "not_measured", "listed"}


# --- validation --------------------------------------------------------------------------


class _Validator:
    def __init__(self, file: str, lines: KeyLines):
        self.file, self.lines = file, lines

    def error(
        self, path: tuple[Any, ...], key: str | None, label: str, message: str
    ) -> ConfigError:
        return ConfigError(self.file, self.lines.line(path, key), label, message)

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
    ) -> Any:
        ok_types = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_types):
            message = (
                translate("Config", "must be a whole number, got {value}")
                if integer
                else translate("Config", "must be a number, got {value}")
            )
            raise self.error(path, key, label, message.format(value=repr(value)))
        if not lo <= value <= hi:
            message = translate("Config", "must be between {lo} and {hi}, got {value}")
            raise self.error(path, key, label, message.format(lo=lo, hi=hi, value=repr(value)))
        return value

    def string(self, value: object, path: tuple[Any, ...], key: str, label: str) -> str:
        if not isinstance(value, str) or not value.strip():
            message = translate("Config", "must be a non-empty string, got {value}")
            raise self.error(path, key, label, message.format(value=repr(value)))
        return value

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], path: tuple[Any, ...], label: str
    ) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(
                    path,
                    key,
                    f"{label}{key}",
                    translate("Config", "unknown key (allowed: {allowed})").format(
                        allowed=", ".join(sorted(allowed))
                    ),
                )

    def settings(self, raw: object) -> Settings:
        path = ("settings",)
        if not isinstance(raw, dict):
            raise self.error(path, None, "settings", translate("Config", "must be a table"))
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
        for key, lo, hi, whole in _NUMBERS:
            if key in raw:
                value = self.number(raw[key], path, key, label + key, lo=lo, hi=hi, integer=whole)
                setattr(s, key, value if whole else float(value))
        for key in ("allow_metered", "update_provider_table"):
            if key in raw:
                if not isinstance(raw[key], bool):
                    raise self.error(
                        path,
                        key,
                        label + key,
                        translate("Config", "must be true or false, got {value}").format(
                            value=repr(raw[key])
                        ),
                    )
                setattr(s, key, raw[key])
        if raw.get("reference_url"):
            url = self.string(raw["reference_url"], path, "reference_url", label + "reference_url")
            problem = url_problem(url)
            if problem:
                raise self.error(path, "reference_url", label + "reference_url", problem)
            s.reference_url = url
        if raw.get("metrics"):
            try:
                metrics_address(raw["metrics"])
            except ValueError as exc:
                raise self.error(path, "metrics", label + "metrics", str(exc)) from None
            s.metrics = raw["metrics"].strip()
        if "lab_networks" in raw:
            try:
                s.lab_networks = lab_networks(raw["lab_networks"])
            except ValueError as exc:
                raise self.error(path, "lab_networks", label + "lab_networks", str(exc)) from None
        if "labels" in raw:
            try:
                s.labels = metric_labels(raw["labels"])
            except ValueError as exc:
                raise self.error(path, "labels", label + "labels", str(exc)) from None
        if "resolver" in raw:
            problem = resolver_problem(raw["resolver"])
            if problem:
                raise self.error(path, "resolver", label + "resolver", problem)
            s.resolver = raw["resolver"]
        if "control_resolvers" in raw:
            value = raw["control_resolvers"]
            if not isinstance(value, list):
                raise self.error(
                    path,
                    "control_resolvers",
                    label + "control_resolvers",
                    translate("Config", "must be a list"),
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
                raise self.error(
                    path, "ca_file", label + "ca_file", translate("Config", "must be a path string")
                )
            if value and not Path(value).expanduser().is_file():
                raise self.error(
                    path,
                    "ca_file",
                    label + "ca_file",
                    translate("Config", "no such file: {path}").format(path=value),
                )
            s.ca_file = str(Path(value).expanduser()) if value else ""
        if "decoy_sni" in raw:
            value = self.string(raw["decoy_sni"], path, "decoy_sni", label + "decoy_sni")
            if not host_ok(value):
                raise self.error(
                    path,
                    "decoy_sni",
                    label + "decoy_sni",
                    translate("Config", "not a host name: {name}").format(name=repr(value)),
                )
            s.decoy_sni = value
        return s

    def services(self, raw: object) -> list[Service]:
        if not isinstance(raw, list):
            raise self.error(
                ("services",),
                None,
                "services",
                translate("Config", "must be an array of tables ([[services]])"),
            )
        out: list[Service] = []
        seen: dict[str, int] = {}
        for i, table in enumerate(raw):
            path = ("services", i)
            if not isinstance(table, dict):
                raise self.error(
                    path, None, f"services[{i}]", translate("Config", "must be a table")
                )
            sid = table.get("id")
            label = f"services[{sid or i}]."
            self.unknown_keys(table, _SERVICE_KEYS, path, label)
            for key in ("id", "name"):
                if key not in table:
                    raise self.error(
                        path,
                        None,
                        label + key,
                        translate("Config", "missing (every service needs id and name)"),
                    )
            sid = self.string(table["id"], path, "id", label + "id")
            if not _ID.match(sid):
                raise self.error(
                    path,
                    "id",
                    label + "id",
                    translate("Config", "use a-z, 0-9, _ and - only, got {value}").format(
                        value=repr(sid)
                    ),
                )
            if sid in seen:
                raise self.error(
                    path,
                    "id",
                    label + "id",
                    translate("Config", "duplicate id (first used at line {line})").format(
                        line=seen[sid]
                    ),
                )
            seen[sid] = self.lines.line(path, "id") or 0
            service = Service(id=sid, name=self.string(table["name"], path, "name", label + "name"))
            region = table.get("region", "foreign")
            if region not in REGIONS:
                raise self.error(
                    path,
                    "region",
                    label + "region",
                    translate("Config", "must be one of {choices}, got {value}").format(
                        choices=", ".join(REGIONS), value=repr(region)
                    ),
                )
            service.region = region
            if "listed" in table:
                if not isinstance(table["listed"], bool):
                    raise self.error(
                        path,
                        "listed",
                        label + "listed",
                        translate("Config", "must be true or false, got {value}").format(
                            value=repr(table["listed"])
                        ),
                    )
                service.listed = table["listed"]
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
                    path,
                    None,
                    label + "probes",
                    translate("Config", "needs at least one [[services.probes]]"),
                )
            service.probes = [
                self.probe(p, (*path, "probes", j), f"{label}probes[{j}].")
                for j, p in enumerate(probes)
            ]
            probe_keys.check_roles(self, service.probes, path, label)
            service.not_measured = self.not_measured(table, path, label, service.capabilities)
            out.append(service)
        return out

    def not_measured(
        self, table: dict[str, Any], path: tuple[Any, ...], label: str, measured: list[str]
    ) -> dict[str, str]:
        try:
            return not_measured_reasons(table.get("not_measured", {}), measured)
        except ValueError as exc:
            raise self.error(path, "not_measured", label + "not_measured", str(exc)) from None

    def probe(self, raw: object, path: tuple[Any, ...], label: str) -> ProbeSpec:
        return probe_keys.probe(self, raw, path, label)


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
        raise ConfigError(
            file, line, "", translate("Config", "not valid TOML: {error}").format(error=message)
        ) from None
    lines = KeyLines(text)
    v = _Validator(file, lines)
    for key in data:
        if key not in ("settings", "services"):
            raise ConfigError(
                file,
                lines.line((key,), None) or lines.line((), key),
                key,
                translate("Config", "unknown key (allowed: {allowed})").format(
                    allowed="settings, services"
                ),
            )
    settings = v.settings(data.get("settings", {}))
    services = v.services(data.get("services", []))
    return Catalog(settings, services, file)
