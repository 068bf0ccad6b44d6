"""The catalog and its settings as data: services, their probes, and the settings of the
contract (`[settings]`, `[[services]]`, `[[services.probes]]`)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("dns", "tcp", "tls", "http", "https", "throughput", "stun")
REGIONS = ("foreign", "domestic")
CAPABILITY_ORDER = ("web", "messages", "calls", "media")


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
    direction: str = "download"  # a throughput probe's: "upload" POSTs to its URL instead

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
    # Capabilities the program cannot truly measure for this service, with the reason shown
    # to the person ("not measured", never "blocked"). Not part of the service's verdict.
    not_measured: dict[str, str] = field(default_factory=dict)

    @property
    def shown_capabilities(self) -> list[str]:
        """Measured and not measured: the columns a person sees for this service."""
        return sorted({*self.capabilities, *self.not_measured}, key=capability_sort_key)

    @property
    def capabilities(self) -> list[str]:
        """The measured capabilities (those with probes)."""
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
    # Speed comparisons cost data: they run on their own, longer interval, never on a
    # connection the system marks as metered unless allowed, and stop at the daily budget.
    throughput_interval: int = 3600
    daily_budget_mb: float = 50.0  # 0: no budget
    allow_metered: bool = False
    # Throttling: the real name's median speed below `throttle_ratio` times the comparison
    # (the decoy name on the same address, or the reference download) and below the floor.
    throttle_ratio: float = 0.3
    throttle_floor_kbps: float = 2000.0
    reference_url: str = ""  # a large object on a domestic service: the link's own speed


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
