"""The record of one probe measurement (`censorwatch.measurement/1`), its derived fields, and
its encoding as one line of JSON Lines."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..vocabulary import STATUSES

SCHEMA = "censorwatch.measurement/1"
_STATUS_SET = frozenset(STATUSES)  # a look-up, not five comparisons (most values are None)
# Redacted values have one fixed form, which passes through import and export unchanged.
REDACTED = re.compile(r"\[redacted-(address|host|user|folder)(-[0-9]{1,6})?\]")


@dataclass(slots=True)
class Measurement:
    """One probe measurement. `t_ms` and `effective_status` are derived from the contract's
    fields; `tunnel` and `resolver` travel with a round from the engine to the history, not
    in exports."""

    time: str
    round: str
    service: str
    service_name: str
    region: str
    capability: str
    kind: str
    target: str
    status: str
    technique: str | None = None
    failure: str | None = None
    failed_step: str | None = None
    dns_ms: float | None = None
    tcp_ms: float | None = None
    tls_ms: float | None = None
    http_ms: float | None = None
    addresses: list[str] = field(default_factory=list)
    control_addresses: list[str] = field(default_factory=list)
    kbps: float | None = None
    network_state: str = "online"
    evidence: dict[str, Any] = field(default_factory=dict)
    t_ms: int = 0
    effective_status: str = ""
    tunnel: str | None = None
    resolver: str | None = None  # the resolver under test in the round (engine.results)

    def __post_init__(self) -> None:
        if not self.t_ms:
            self.t_ms = time_ms(self.time)
        if not self.effective_status:
            self.effective_status = counted_as(
                effective_status(self.status, self.region, self.network_state), self.evidence
            )

    @property
    def counted_status(self) -> str:
        """The status this measurement counts as for its capability: the capability's verdict
        of the round where the round recorded one (`evidence.capability_status`: a group of
        which another member answered, a control's comparison), else the probe's own."""
        return judged(self.evidence, "capability_status") or self.status

    @property
    def service_status(self) -> str | None:
        """The round's verdict of the whole service, as the engine gave it (None: before)."""
        return judged(self.evidence, "service_status")

    @property
    def service_technique(self) -> str | None:
        ev = self.evidence if type(self.evidence) is dict else {}
        technique = ev.get("service_technique")
        return technique if isinstance(technique, str) and len(technique) <= 40 else None

    @property
    def counted_technique(self) -> str | None:
        ev = self.evidence if type(self.evidence) is dict else {}
        if judged(self.evidence, "capability_status") is None:
            return self.technique
        technique = ev.get("capability_technique")
        return technique if isinstance(technique, str) and len(technique) <= 40 else None

    def verdicts(self) -> tuple[str | None, str | None, str | None]:
        """(`counted_technique`, `service_status`, `service_technique`) in one call (the
        history reads the three for every measurement; most have no round's verdict)."""
        if not self.evidence:
            return self.technique, None, None
        return self.counted_technique, self.service_status, self.service_technique

    @property
    def timings_ms(self) -> dict[str, float | None]:
        return {"dns": self.dns_ms, "tcp": self.tcp_ms, "tls": self.tls_ms, "http": self.http_ms}

    def to_dict(self) -> dict[str, Any]:
        """The contract's fields, in the contract's order."""
        return {
            "schema": SCHEMA,
            "time": self.time,
            "round": self.round,
            "service": self.service,
            "service_name": self.service_name,
            "region": self.region,
            "capability": self.capability,
            "kind": self.kind,
            "target": self.target,
            "status": self.status,
            "technique": self.technique,
            "failure": self.failure,
            "failed_step": self.failed_step,
            "timings_ms": self.timings_ms,
            "addresses": self.addresses,
            "control_addresses": self.control_addresses,
            "kbps": self.kbps,
            "network_state": self.network_state,
            "evidence": self.evidence,
        }

    def with_evidence(self, evidence: dict[str, Any], **changes: Any) -> Measurement:
        return replace(self, evidence=evidence, **changes)


def judged(evidence: object, key: str) -> str | None:
    """A verdict of the round kept in the evidence (`capability_status`, `service_status`),
    or None (a log from before, or a value of no status)."""
    value = evidence.get(key) if type(evidence) is dict else None
    return value if type(value) is str and value in _STATUS_SET else None


def counted_as(effective: str, evidence: object) -> str:
    """`effective_status`: the round's own verdict of the capability where the evidence
    keeps one (it has the network's blame in it already: the engine's one rule, a white
    list, an outage), else `effective`, the old rule's (from the region), for a log from
    before it was recorded."""
    return (judged(evidence, "capability_status") if evidence else None) or effective


def is_address(text: str) -> bool:
    """An IPv4 or IPv6 literal as the probes write them: no zone (`fe80::1%eth0` names an
    interface of the machine, of any length; the schema's `ipv6` format refuses it too)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return getattr(address, "scope_id", None) is None


def effective_status(status: str, region: str, network_state: str) -> str:
    """A status once the round's network state is applied: when the network is down, or
    only a white list gets through, a foreign failure blames no service."""
    if network_state == "offline":
        return "offline"
    if network_state == "whitelist" and region != "domestic" and status not in ("ok", "degraded"):
        return "offline"
    return status


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)
_HOURS: dict[str, int] = {}  # "YYYY-MM-DDTHH" -> its ms: a log's lines share few hours
_SECONDS: dict[str, int] = {}  # "YYYY-MM-DDTHH:MM:SS" -> its ms: a round's lines, few seconds
_HOUR = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:")
# Two or three ASCII digits and their value (in ms for minutes and seconds), in one look-up.
_MILLI = {f"{i:03d}": i for i in range(1000)}
_SIXTY = {f"{i:02d}": i * 1000 for i in range(60)}


def known_hour_ms(text: str) -> int | None:
    """`time_ms` of a time written as `iso_time` writes it ("YYYY-MM-DDTHH:MM:SS.mmmZ") in
    an hour already read once (a log's lines share few hours); None for any other text."""
    if len(text) == 24 and text[23] == "Z" and text[19] == ".":
        milli = _MILLI.get(text[20:23])
        if milli is None:
            return None
        second = _SECONDS.get(text[:19])
        if second is not None:
            return second + milli
        hour = _HOURS.get(text[:13])
        if hour is not None and text[13] == ":" and text[16] == ":":
            minute, sec = _SIXTY.get(text[14:16]), _SIXTY.get(text[17:19])
            if minute is not None and sec is not None:
                if len(_SECONDS) >= 65536:
                    _SECONDS.clear()
                second = _SECONDS[text[:19]] = hour + minute * 60 + sec
                return second + milli
    return None


def time_ms(text: str) -> int:
    """Milliseconds since the epoch of the `time` field (UTC when it names no zone), in
    integers: `iso_time` and `time_ms` give each other back exactly."""
    known = known_hour_ms(text)
    if known is not None:
        return known
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    ms = (moment - _EPOCH) // _MS
    if moment.utcoffset() == dt.timedelta(0) and len(_HOURS) < 4096 and _HOUR.match(text):
        start = moment.replace(minute=0, second=0, microsecond=0)
        _HOURS[text[:13]] = (start - _EPOCH) // _MS
    return ms


_NAIVE_EPOCH = dt.datetime(1970, 1, 1)


def iso_time(ms: int) -> str:
    """The `time` field for a moment in milliseconds. Integer reckoning, and no strftime:
    in the window, strftime imports the time module through the Qt binding's import hook at
    each call (a third of reading the history's latest states)."""
    moment = _NAIVE_EPOCH + dt.timedelta(milliseconds=ms)
    return moment.isoformat(timespec="milliseconds") + "Z"


def encode(m: Measurement) -> str:
    """One line of JSON Lines (no newline), as every exporter writes it."""
    return json.dumps(m.to_dict(), ensure_ascii=False, separators=(", ", ": "))
