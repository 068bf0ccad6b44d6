"""Plain records of what each network step saw; they cross into diagnosis, engine and store."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields
from typing import Any

# Where a step of a comparison went (`via`; probes/comparisons.py): the address an
# independent resolver gave, or the same page over HTTPS from the same address.
VIA_CONTROL, VIA_HTTPS = "control", "https"
# A comparison of today's techniques (probes/handshakes.py): the same name over TLS on TCP
# beside a QUIC handshake (VIA_TCP); another way to the same VPN server, the profile's other
# transport or a port the person named (VIA_OTHER).
VIA_TCP, VIA_OTHER = "tcp", "other"


_SCALARS = frozenset((str, int, float, bool, type(None), bytes))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_data(value: Any) -> Any:
    """A record as JSON-ready data: `dataclasses.asdict` without its deep copy of every
    value (a round's 300 records took 48 ms that way, holding the interpreter while the
    window painted; the values here are scalars, lists, tuples and records)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        if all(type(v) in _SCALARS for v in value):
            return kind(value)
        return kind(to_data(v) for v in value)
    if kind is dict:
        return {k: to_data(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None:
        try:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
        except TypeError:  # not a record: as asdict does
            return copy.deepcopy(value)
    return {name: to_data(getattr(value, name)) for name in names}


@dataclass(slots=True)
class DnsQuery:
    """One resolver's answer for one name (A, then AAAA when there is no A)."""

    resolver: str
    role: str  # "test" (the resolver under test) | "control"
    hostname: str
    rcode: str | None = None
    addresses: list[str] = field(default_factory=list)
    failure: str | None = None
    time_ms: float | None = None
    truncated: bool = False  # more records than the answer cap
    attempts: int = 0  # datagrams sent (A and AAAA, retransmissions included)
    lost: int = 0  # of those, how many went unanswered within their wait
    bytes_sent: int = 0
    bytes_received: int = 0
    # The system resolver's own: the servers it asked, in order, and what getaddrinfo gave
    # an application (None when it failed, or for other resolvers).
    servers: list[str] = field(default_factory=list)
    system_addresses: list[str] | None = None


@dataclass(slots=True)
class TcpConnect:
    address: str
    port: int
    failure: str | None = None
    time_ms: float | None = None
    retransmits: int | None = None  # by the kernel, over the connection's life (Linux)
    segments: int | None = None  # sent with data, and the SYN, retransmissions included (Linux)
    rtt_ms: float | None = None  # the kernel's smoothed round-trip time
    via: str = ""  # a comparison's step: VIA_CONTROL (see HttpExchange)
    # Happy Eyeballs: this address was still trying when another connected first.
    abandoned: bool = False

    @property
    def connected(self) -> bool:
        return self.failure is None and not self.abandoned


@dataclass(slots=True)
class Certificate:
    subject: str
    issuer: str
    names: list[str]
    not_before: str
    not_after: str


@dataclass(slots=True)
class TlsHandshake:
    address: str
    port: int
    sni: str
    decoy: bool = False  # the same-address differential handshake
    failure: str | None = None
    time_ms: float | None = None
    version: str | None = None
    certificate: Certificate | None = None
    alert: str | None = None  # the TLS alert the server answered with ("unrecognized name")
    verify_error: str | None = None  # why the certificate failed ("certificate has expired")
    via: str = ""  # a comparison's handshake: VIA_CONTROL or VIA_HTTPS (see HttpExchange)

    @property
    def main(self) -> bool:
        """The probe's own handshake (not a comparison's)."""
        return not (self.decoy or self.via)


@dataclass(slots=True)
class HttpExchange:
    url: str
    address: str | None = None
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    location: str | None = None
    body_bytes: int = 0
    body_complete: bool = False  # whole body read, or the cap reached
    stalled: bool = False  # bytes stopped arriving mid-body
    failure: str | None = None
    failed_step: str | None = None
    time_ms: float | None = None  # request sent -> headers received
    body_ms: float | None = None
    body: bytes = b""  # first bytes only (for blockpage fingerprints); not exported whole
    # Comparisons (probes/comparisons.py): the same request naming the decoy on the same
    # address; `via` VIA_CONTROL: sent to the address an independent resolver gave when the
    # answers differ; VIA_HTTPS: the same page over HTTPS from the same address.
    decoy: bool = False
    via: str = ""

    @property
    def main(self) -> bool:
        """The probe's own request (not a comparison's)."""
        return not (self.decoy or self.via)


@dataclass(slots=True)
class Transfer:
    """A throughput measurement: downloads of the same object from the same address, with
    the real name and with the decoy name in turn (A/B/A/B), and the link's reference."""

    bytes: int  # of the first download with the real name
    seconds: float
    kbps: float  # the median of `real_kbps`
    min_kbps: float
    stalled: bool = False
    real_kbps: list[float] = field(default_factory=list)
    decoy_kbps: list[float] = field(default_factory=list)
    decoy_failure: str | None = None  # why the decoy downloads stopped, if they failed
    reference_kbps: float | None = None  # the link's reference download in this round
    throttle_ratio: float = 0.3  # the settings the verdict used
    floor_kbps: float = 2000.0
    pairs: int = 3  # real/decoy pairs needed before throttling is claimed
    measured_at: float | None = None  # set when carried over from an earlier round (unix s)
    direction: str = "download"  # or "upload": POSTs, rated by what the peer acknowledged


@dataclass(slots=True)
class StunExchange:
    address: str
    port: int
    failure: str | None = None
    time_ms: float | None = None
    requests_sent: int = 0
    invalid_replies: int = 0
    mapped_address: str | None = None  # the user's public address: personal data
    bytes_received: int = 0


@dataclass(slots=True)
class QuicHandshake:
    """A QUIC handshake (RFC 9000, aioquic) to one address: with the real name, or with the
    decoy name (`decoy`) on the same address, the comparison that tells a block by name from
    a block of all QUIC."""

    address: str
    port: int
    sni: str
    decoy: bool = False
    failure: str | None = None  # generic_timeout_error: no datagram of the server came back
    time_ms: float | None = None  # first Initial sent -> handshake complete
    alpn: str | None = None  # the application protocol agreed ("h3")
    datagrams_sent: int = 0
    datagrams_received: int = 0
    bytes_sent: int = 0  # UDP payload and headers (IPv4 28, IPv6 48 bytes a datagram)
    bytes_received: int = 0


@dataclass(slots=True)
class EchHandshake:
    """A hand-built TLS 1.3 ClientHello, with a GREASE encrypted_client_hello extension (`ech`)
    or the same without it, and what came back: the server's first flight, an alert, a close,
    a reset, or nothing."""

    address: str
    port: int
    sni: str  # the server_name sent (the outer name when `ech`)
    ech: bool
    failure: str | None = None
    time_ms: float | None = None  # ClientHello sent -> the first record back
    answer: str | None = None  # "server_hello" | "hello_retry_request" | "alert: <description>"
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass(slots=True)
class VpnHandshake:
    """The first exchange of a VPN protocol with the person's own server (the keys are read
    from their profile at probe time and never recorded here): WireGuard's handshake
    initiation and response, OpenVPN's hard reset and the server's, over UDP or TCP."""

    protocol: str  # "wireguard" | "openvpn"
    transport: str  # "udp" | "tcp"
    address: str
    port: int
    failure: str | None = None  # generic_timeout_error: the server never answered
    time_ms: float | None = None
    requests_sent: int = 0
    invalid_replies: int = 0  # datagrams that were not the answer to our handshake
    bytes_sent: int = 0
    bytes_received: int = 0
    via: str = ""  # a comparison's handshake: the profile's other transport (VIA_OTHER)


@dataclass(slots=True)
class ProbeRecord:
    """Everything one probe saw. `failure`/`failed_step` are the first step that failed."""

    capability: str
    kind: str
    target: str
    started_at: float = 0.0  # unix time
    duration_ms: float = 0.0
    failure: str | None = None
    failed_step: str | None = None
    dns: list[DnsQuery] = field(default_factory=list)
    tcp: list[TcpConnect] = field(default_factory=list)
    tls: list[TlsHandshake] = field(default_factory=list)
    http: list[HttpExchange] = field(default_factory=list)
    transfer: Transfer | None = None
    stun: StunExchange | None = None
    quic: list[QuicHandshake] = field(default_factory=list)
    ech: list[EchHandshake] = field(default_factory=list)
    vpn: list[VpnHandshake] = field(default_factory=list)
    # Something of the probe's own setting a person should know (a VPN profile other users
    # of the computer can read); never a key.
    warning: str | None = None
    literal_addresses: list[str] = field(default_factory=list)
    internal_error: str | None = None  # censorwatch's own fault while probing (logged)
    bytes_sent: int = 0  # on the wire where the system counts it (TCP_INFO), else payload
    bytes_received: int = 0

    def count(self, sent: int, received: int) -> None:
        self.bytes_sent += sent
        self.bytes_received += received

    @property
    def wire_bytes(self) -> tuple[int, int]:
        """(sent, received) by this probe, its DNS lookups included (a lookup shared by
        several probes of a round is charged to the first)."""
        return (
            self.bytes_sent + sum(q.bytes_sent for q in self.dns),
            self.bytes_received + sum(q.bytes_received for q in self.dns),
        )

    def fail(self, step: str, failure: str) -> None:
        if self.failure is None:
            self.failure, self.failed_step = failure, step

    @property
    def addresses(self) -> list[str]:
        """Addresses the resolver under test gave (or the literal address probed)."""
        out = list(self.literal_addresses)
        for q in self.dns:
            if q.role == "test":
                out.extend(a for a in q.addresses if a not in out)
        return out

    @property
    def control_addresses(self) -> list[str]:
        out: list[str] = []
        for q in self.dns:
            if q.role == "control":
                out.extend(a for a in q.addresses if a not in out)
        return out

    @property
    def kbps(self) -> float | None:
        return round(self.transfer.kbps, 1) if self.transfer else None

    @property
    def timings_ms(self) -> dict[str, float | None]:
        test_dns = [q.time_ms for q in self.dns if q.role == "test" and q.time_ms is not None]
        main_tcp = [t.time_ms for t in self.tcp if not t.via and t.time_ms is not None]
        main_tls = [t.time_ms for t in self.tls if t.main and t.time_ms is not None]
        http = [h.time_ms for h in self.http if h.main and h.time_ms is not None]
        udp = self.stun.time_ms if self.stun else None
        # Today's techniques time their handshake as "tls" (QUIC's and a VPN's included).
        handshakes: list[QuicHandshake | EchHandshake | VpnHandshake] = [
            *self.quic,
            *self.ech,
            *self.vpn,
        ]
        for hs in handshakes:
            if hs.time_ms is not None and not _compared(hs):
                main_tls.insert(0, hs.time_ms)
                break
        return {
            "dns": _r(test_dns[0]) if test_dns else None,
            "tcp": _r(main_tcp[0]) if main_tcp else None,
            "tls": _r(main_tls[0]) if main_tls else None,
            "http": _r(http[0]) if http else (_r(udp) if udp is not None else None),
        }

    def evidence(self) -> dict[str, Any]:
        """The per-step evidence as JSON-ready data (bodies cut to a short excerpt)."""
        out: dict[str, Any] = {}
        if self.dns:
            out["dns"] = [to_data(q) for q in self.dns]
        if self.tcp:
            out["tcp"] = [to_data(t) for t in self.tcp]
        if self.tls:
            out["tls"] = [to_data(t) for t in self.tls]
        if self.http:
            out["http"] = []
            for h in self.http:
                item = to_data(h)
                item["headers"] = [list(pair) for pair in h.headers[:40]]
                item["body"] = excerpt(h.body)
                out["http"].append(item)
        if self.transfer:
            out["transfer"] = to_data(self.transfer)
        if self.stun:
            out["stun"] = to_data(self.stun)
        for key in ("quic", "ech", "vpn"):
            items = getattr(self, key)
            if items:
                out[key] = [to_data(hs) for hs in items]
        if self.warning:
            out["warning"] = self.warning
        if self.internal_error:
            out["internal_error"] = self.internal_error
        sent, received = self.wire_bytes
        out["bytes"] = {"sent": sent, "received": received}
        return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def excerpt(body: bytes, limit: int = 512) -> str:
    """The first bytes of a body as text a log can carry: undecodable bytes and control
    characters (a NUL, say, from a binary or garbage answer) become U+FFFD."""
    return _CONTROL.sub("\ufffd", body[:limit].decode("utf-8", "replace"))


def _compared(hs: QuicHandshake | EchHandshake | VpnHandshake) -> bool:
    """A comparison's handshake (the decoy, the ClientHello without ECH, another way)."""
    if isinstance(hs, QuicHandshake):
        return hs.decoy
    if isinstance(hs, EchHandshake):
        return not hs.ech
    return bool(hs.via)


def _r(ms: float) -> float:
    return round(ms, 1)
