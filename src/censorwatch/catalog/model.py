"""The catalog and its settings as data: services, their probes, and the settings of the
contract (`[settings]`, `[[services]]`, `[[services.probes]]`)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from ..probes.measure import KINDS, RANDOM_SNI, target_of  # noqa: F401 - the contract's kinds
from ..translation import translate
from ..vocabulary import CAPABILITIES as CAPABILITY_ORDER

# What a probe is for besides measuring its capability: a `control` answers the question
# "does this kind of traffic get through at all?" for its capability's other probes (a
# non-Meta STUN server beside Meta's); the white-list discriminators feed only the network's
# state: `listed_sni` sends a listed name to an unlisted address, `random_sni` a random name
# to a listed address.
ROLES = ("control", "listed_sni", "random_sni")
DISCRIMINATORS = ("listed_sni", "random_sni")


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
    # Probes of one capability sharing an `any_of` name stand for one endpoint reached many
    # ways (Telegram's data centres, WhatsApp's e1..e16): the capability works when any one
    # answers. They are tried one first (the one that answered last), the rest only when it
    # fails, so a working service costs one exchange.
    any_of: str = ""
    role: str = ""  # one of ROLES, or "" for a probe of its capability
    # A wireguard or openvpn probe's: the person's own profile (its keys are read from it at
    # probe time and kept nowhere), and a TCP port of the same server that should answer
    # whatever happens to the VPN's protocol (the comparison that tells a block from a server
    # that is down).
    profile: str = ""
    compare_port: int | None = None

    @property
    def site(self) -> str:
        """The host name the probe reaches ("" when it has none)."""
        if self.url:
            return urllib.parse.urlsplit(self.url).hostname or ""
        return self.host or ""

    @property
    def target(self) -> str:
        return target_of(self.kind, self.host, self.port, self.url, self.profile)


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
    # On the mobile white lists (a reference that tells a white list from a blocked
    # service)? Unset: domestic services are taken as listed, foreign ones as not.
    listed: bool | None = None

    @property
    def is_listed(self) -> bool:
        return self.listed if self.listed is not None else self.region == "domestic"

    @property
    def shown_capabilities(self) -> list[str]:
        """Measured and not measured: the columns a person sees for this service."""
        return sorted({*self.capabilities, *self.not_measured}, key=capability_sort_key)

    @property
    def capabilities(self) -> list[str]:
        """The measured capabilities (those with probes)."""
        seen = []
        for p in self.probes:
            if p.role not in DISCRIMINATORS and p.capability not in seen:
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
    # Asked in order, the next one when the one before has not answered within a second
    # (a chain: under the 2025 white lists 1.1.1.1 went unanswered while 8.8.8.8 worked).
    control_resolvers: list[str] = field(
        default_factory=lambda: [
            "https://1.1.1.1/dns-query",
            "https://8.8.8.8/dns-query",
            "udp://8.8.8.8:53",
            "udp://9.9.9.9:53",
        ]
    )
    ca_file: str = ""
    decoy_sni: str = "example.org"
    retries: int = 1  # confirmation retries before a new failure is reported
    # Seconds before a confirmation retry: longer than a burst of loss (a mobile handover),
    # so that a probe and its retry never fall in one.
    retry_delay: float = 5.0
    concurrency: int = 32
    jitter: float = 0.1  # fraction of the interval
    keep_raw_days: int = 30  # retention of raw measurements in the history
    keep_minute_hours: int = 48  # minute rollups
    keep_hourly_days: int = 90  # hourly rollups (daily ones and state changes: for ever)
    # Speed comparisons cost data: they run on their own, longer interval, never on a
    # connection the system marks as metered unless allowed, and stop at the daily budget.
    throughput_interval: int = 3600
    # The day's data limit for everything (engine/budget.py): the whole built-in list with
    # its comparisons fits (about 64 MB); 0: no limit.
    daily_budget_mb: float = 100.0
    allow_metered: bool = False
    # Download the public IP-to-AS table (iptoasn.com, about 8 MB) at most weekly, to name
    # the provider (censorwatch/provider.py). Off: the table shipped with the program.
    update_provider_table: bool = False
    # Throttling: the real name's median speed below `throttle_ratio` times the comparison
    # (the decoy name on the same address, or the reference download) and below the floor.
    throttle_ratio: float = 0.3
    throttle_floor_kbps: float = 2000.0
    reference_url: str = ""  # a large object on a domestic service: the link's own speed
    # Prometheus metrics (censorwatch watch, and the window when set): "HOST:PORT", "" off.
    metrics: str = ""
    # The vantage point's labels on the censorwatch_info metric (region, provider, …): what a
    # team chooses to say about this machine; never its address.
    labels: dict[str, str] = field(default_factory=dict)
    # A test lab's own internet (127.77.0.0/16 for `censorwatch lab`): its addresses count as
    # public ones, although they are loopback. Empty on a real network.
    lab_networks: list[str] = field(default_factory=list)


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
                translate("Config", "unknown service {missing}; known: {known}").format(
                    missing=", ".join(missing), known=", ".join(known)
                ),
            )
        return Catalog(self.settings, [known[i] for i in ids], self.path)
