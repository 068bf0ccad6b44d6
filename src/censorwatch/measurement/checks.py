"""Checking a measurement from someone else's log: caps on nesting, list sizes and string
lengths, every field's type, and the shapes of the evidence the window and the report read.
A value that passes cannot break the history, an export or the window."""

from __future__ import annotations

import re
from typing import Any

from ..vocabulary import NETWORK_STATES, REGIONS, STATUSES
from ..vocabulary import TIMED_STEPS as STEPS
from .record import REDACTED, SCHEMA, Measurement, is_address, known_hour_ms, time_ms

MAX_DEPTH = 12  # nesting of the evidence
MAX_ITEMS = 256  # entries of any list
MAX_TEXT = 4096  # characters of a field
MAX_EVIDENCE_TEXT = 65536  # characters of an evidence string (a page excerpt)
MAX_NUMBER = 1e12

_ID = re.compile(r"[a-z0-9_-]{1,64}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The time field: ISO 8601 as the contract writes it, in 2000 to 2099.
TIME = re.compile(r"20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
TIME_LENGTH = 40
# The longest each top-level text may be (characters); other texts: MAX_TEXT.
LIMITS = {"round": 128, "service_name": 200, "target": 2048}


class InvalidMeasurement(ValueError):
    """Why a line is not a measurement of the contract (a sentence for the person)."""


class _Known:
    """Values already checked for a field: a log repeats the same names, targets and
    addresses on every round, so each distinct value is checked once (bounded)."""

    LIMIT = 65536

    def __init__(self) -> None:
        self.values: dict[str, set[str]] = {}

    def seen(self, field: str, value: str) -> bool:
        return value in self.values.get(field, ())

    def add(self, field: str, value: str) -> None:
        known = self.values.setdefault(field, set())
        if len(known) >= self.LIMIT:
            known.clear()
        known.add(value)


_known = _Known()
_heads: set[tuple[Any, ...]] = set()


def _text(
    value: object, name: str, limit: int = MAX_TEXT, pattern: re.Pattern[str] | None = None
) -> str:
    if type(value) is str and _known.seen(name, value):
        return value
    if not isinstance(value, str):
        raise InvalidMeasurement(f"{name}: must be a string, got {type(value).__name__}")
    if not value or len(value) > limit:
        raise InvalidMeasurement(f"{name}: must be 1 to {limit} characters")
    if pattern is not None:
        if not pattern.fullmatch(value):
            raise InvalidMeasurement(f"{name}: not allowed: {value[:60]!r}")
    elif _FIELD_CONTROL.search(value):
        raise InvalidMeasurement(f"{name}: holds a control character")
    _known.add(name, value)
    return value


def _optional_text(value: object, name: str, pattern: re.Pattern[str] | None = None) -> str | None:
    return None if value is None else _text(value, name, pattern=pattern)


def _number(value: object, name: str) -> float | None:
    if value is None:
        return None
    if type(value) is float and 0.0 <= value < MAX_NUMBER:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidMeasurement(f"{name}: must be a number, got {type(value).__name__}")
    if not 0 <= value < MAX_NUMBER:  # also refuses NaN
        raise InvalidMeasurement(f"{name}: out of range")
    return float(value)


def _addresses(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidMeasurement(f"{name}: must be a list of at most {MAX_ITEMS} addresses")
    known = _known.values.get("address")
    if known is not None:
        try:
            if known.issuperset(value):
                return value
        except TypeError:  # an unhashable item: refused one by one below
            pass
    for i, item in enumerate(value):
        if type(item) is str and _known.seen("address", item):
            continue
        if not isinstance(item, str) or not (is_address(item) or REDACTED.fullmatch(item)):
            raise InvalidMeasurement(f"{name}[{i}]: not an IP address")
        _known.add("address", item)
    return value


# The evidence: known sections have known shapes (the window and the report read them);
# other keys, from a newer censorwatch, may hold any JSON within the caps.
_SCALAR = (str, int, float, bool, type(None))
_T_STR, _T_INT, _T_NUM, _T_BOOL = "str", "int", "num", "bool"
_SHAPES: dict[str, dict[str, str]] = {
    "dns": {
        "resolver": _T_STR,
        "role": _T_STR,
        "hostname": _T_STR,
        "rcode": _T_STR,
        "failure": _T_STR,
        "time_ms": _T_NUM,
        "truncated": _T_BOOL,
    },
    "tcp": {"address": _T_STR, "port": _T_INT, "failure": _T_STR, "time_ms": _T_NUM},
    "tls": {
        "address": _T_STR,
        "port": _T_INT,
        "sni": _T_STR,
        "decoy": _T_BOOL,
        "failure": _T_STR,
        "time_ms": _T_NUM,
        "version": _T_STR,
    },
    "http": {
        "url": _T_STR,
        "address": _T_STR,
        "status": _T_INT,
        "location": _T_STR,
        "body_bytes": _T_INT,
        "body_complete": _T_BOOL,
        "stalled": _T_BOOL,
        "failure": _T_STR,
        "failed_step": _T_STR,
        "time_ms": _T_NUM,
        "body_ms": _T_NUM,
        "body": _T_STR,
    },
    "transfer": {
        "bytes": _T_INT,
        "seconds": _T_NUM,
        "kbps": _T_NUM,
        "min_kbps": _T_NUM,
        "stalled": _T_BOOL,
        "decoy_failure": _T_STR,
        "reference_kbps": _T_NUM,
        "throttle_ratio": _T_NUM,
        "floor_kbps": _T_NUM,
        "pairs": _T_INT,
        "measured_at": _T_NUM,
        "direction": _T_STR,
    },
    "stun": {
        "address": _T_STR,
        "port": _T_INT,
        "failure": _T_STR,
        "time_ms": _T_NUM,
        "requests_sent": _T_INT,
        "invalid_replies": _T_INT,
        "mapped_address": _T_STR,
    },
    # The round's provider (censorwatch/provider.py): its AS number, name and country.
    "provider": {"asn": _T_INT, "name": _T_STR, "country": _T_STR},
    "certificate": {
        "subject": _T_STR,
        "issuer": _T_STR,
        "not_before": _T_STR,
        "not_after": _T_STR,
    },
}
_LISTS = set(STEPS)  # the timed steps' sections are lists of items


def _check_value(kind: str, value: object, where: str) -> None:
    if value is None:
        return
    ok = {
        _T_STR: isinstance(value, str),
        # A whole number, however written (3 or 3.0: JSON does not tell them apart).
        _T_INT: (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer()),
        _T_NUM: isinstance(value, int | float) and not isinstance(value, bool),
        _T_BOOL: isinstance(value, bool),
    }[kind]
    if not ok:
        raise InvalidMeasurement(f"{where}: must be {kind}, got {type(value).__name__}")


def _check_shape(section: str, item: object, where: str) -> None:
    if not isinstance(item, dict):
        raise InvalidMeasurement(f"{where}: must be an object")
    for key, kind in _SHAPES[section].items():
        _check_value(kind, item.get(key), f"{where}.{key}")
    for key in ("addresses", "names"):
        if key in item and not (
            isinstance(item[key], list) and all(isinstance(a, str) for a in item[key])
        ):
            raise InvalidMeasurement(f"{where}.{key}: must be a list of strings")
    for key in ("real_kbps", "decoy_kbps"):
        if key in item and not (
            isinstance(item[key], list)
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in item[key])
        ):
            raise InvalidMeasurement(f"{where}.{key}: must be a list of numbers")
    if "headers" in item and not (
        isinstance(item["headers"], list)
        and all(
            isinstance(h, list) and len(h) == 2 and all(isinstance(x, str) for x in h)
            for h in item["headers"]
        )
    ):
        raise InvalidMeasurement(f"{where}.headers: must be a list of [name, value]")
    if item.get("certificate") is not None:
        _check_shape("certificate", item["certificate"], f"{where}.certificate")


class _Walk:
    """Checks the evidence within the caps and counts the keys it holds (the duplicate-key
    test in `decode` compares the count with the line's text)."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys = 0

    def any(self, value: object, where: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InvalidMeasurement(f"{where}: nested more than {MAX_DEPTH} deep")
        if isinstance(value, str):
            if len(value) > MAX_EVIDENCE_TEXT or "\x00" in value:
                raise InvalidMeasurement(f"{where}: text too long or holds a NUL character")
        elif isinstance(value, dict):
            self.keys += len(value)
            for key, item in value.items():
                self.any(item, f"{where}.{key}", depth + 1)
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise InvalidMeasurement(f"{where}: more than {MAX_ITEMS} items")
            for i, item in enumerate(value):
                self.any(item, f"{where}[{i}]", depth + 1)
        elif not isinstance(value, _SCALAR) or (
            isinstance(value, float) and not abs(value) < MAX_NUMBER
        ):
            raise InvalidMeasurement(f"{where}: not a JSON value")

    def shaped(self, section: str, item: object, where: str, depth: int) -> None:
        """A known section: its fields' types, then one walk that checks and counts all."""
        _check_shape(section, item, where)
        self.any(item, where, depth)

    def evidence(self, ev: object, where: str = "evidence", depth: int = 1) -> dict[str, Any]:
        if ev is None:
            return {}
        if not isinstance(ev, dict):
            raise InvalidMeasurement(f"{where}: must be an object, got {type(ev).__name__}")
        self.keys += len(ev)
        for key, value in ev.items():
            here = f"{where}.{key}"
            if key in _LISTS:
                if not isinstance(value, list) or len(value) > MAX_ITEMS:
                    raise InvalidMeasurement(f"{here}: must be a list")
                for i, item in enumerate(value):
                    self.shaped(key, item, f"{here}[{i}]", depth + 1)
            elif key in _SHAPES:
                if value is not None:
                    self.shaped(key, value, here, depth + 1)
            elif key == "explanation":
                if value is not None and not isinstance(value, str):
                    raise InvalidMeasurement(f"{here}: must be a string")
                self.any(value, here, depth + 1)
            elif key == "earlier_attempts":
                if not isinstance(value, list) or len(value) > MAX_ITEMS:
                    raise InvalidMeasurement(f"{here}: must be a list")
                for i, attempt in enumerate(value):
                    at = f"{here}[{i}]"
                    if not isinstance(attempt, dict):
                        raise InvalidMeasurement(f"{at}: must be an object")
                    self.keys += len(attempt)
                    for k in ("failure", "failed_step"):
                        _check_value(_T_STR, attempt.get(k), f"{at}.{k}")
                    self.evidence(attempt.get("evidence"), f"{at}.evidence", depth + 2)
                    for k, v in attempt.items():
                        if k != "evidence":
                            self.any(v, f"{at}.{k}", depth + 2)
            else:
                self.any(value, here, depth + 1)
        return ev


_TOP = frozenset(
    (
        "schema", "time", "round", "service", "service_name", "region", "capability", "kind",
        "target", "status", "technique", "failure", "failed_step", "timings_ms", "addresses",
        "control_addresses", "kbps", "network_state", "evidence",
    )
)  # fmt: skip


def validate(obj: object, walk: _Walk | None = None) -> Measurement:
    """A measurement from parsed JSON; raises InvalidMeasurement with the first reason."""
    if not isinstance(obj, dict):
        raise InvalidMeasurement("not a JSON object")
    walk = walk or _Walk()
    walk.keys += len(obj)
    if "schema" in obj and obj["schema"] != SCHEMA:
        raise InvalidMeasurement(f"unknown schema {str(obj['schema'])[:60]!r}")
    status = obj.get("status")
    if status not in STATUSES:
        raise InvalidMeasurement(f"status: unknown {str(status)[:40]!r}")
    state = obj.get("network_state", "online")
    if state not in NETWORK_STATES:
        raise InvalidMeasurement(f"network_state: unknown {str(state)[:40]!r}")
    region = obj.get("region", "foreign")
    if region not in REGIONS:
        raise InvalidMeasurement(f"region: unknown {str(region)[:40]!r}")
    when = obj.get("time")
    if type(when) is not str or not 0 < len(when) <= TIME_LENGTH:
        when = _text(when, "time", TIME_LENGTH)  # says why
    # A time as censorwatch writes it, in an hour already read: TIME's form, checked there.
    t = known_hour_ms(when) if when.startswith("20") else None
    if t is None:
        if not TIME.fullmatch(when):
            raise InvalidMeasurement(f"time: not an ISO 8601 time of 2000 to 2099: {when!r}")
        try:
            t = time_ms(when)
        except ValueError:
            raise InvalidMeasurement(f"time: not an ISO 8601 time: {when!r}") from None
    timings = obj.get("timings_ms")
    if timings is None:
        timings = {}
    if not isinstance(timings, dict):
        raise InvalidMeasurement("timings_ms: must be an object")
    walk.keys += len(timings)
    for key in timings:
        if key not in STEPS:
            raise InvalidMeasurement(f"timings_ms.{str(key)[:20]}: unknown step")
    if not _TOP.issuperset(obj):
        unknown = next(k for k in obj if k not in _TOP)
        raise InvalidMeasurement(f"{str(unknown)[:40]}: unknown field")
    # The probe's identity repeats on every round of a log: checked once per distinct one.
    head: tuple[Any, ...] = (
        obj.get("service"),
        obj.get("service_name"),
        obj.get("capability"),
        obj.get("kind"),
        obj.get("target"),
    )
    try:
        known = head in _heads
    except TypeError:  # a list or an object where a name belongs: checked below, refused
        known = False
    if not known:
        service = _text(head[0], "service", pattern=_ID)
        if head[1] is not None and head[1] != "":  # empty or null: the service's id
            _text(head[1], "service_name", LIMITS["service_name"])
        _text(head[2], "capability", pattern=_NAME)
        _text(head[3], "kind", pattern=_NAME)
        _text(head[4], "target", LIMITS["target"])
        if len(_heads) > _Known.LIMIT:
            _heads.clear()
        _heads.add(head)
    service, name, capability, kind, target = head
    # In the record's order, by position (a call by keyword costs a tenth of the decoding).
    return Measurement(
        when,
        _text(obj.get("round"), "round", LIMITS["round"]),
        service,
        name or service,
        region,
        capability,
        kind,
        target,
        status,
        _optional_text(obj.get("technique"), "technique", _NAME),
        _optional_text(obj.get("failure"), "failure"),
        _optional_text(obj.get("failed_step"), "failed_step", _NAME),
        _number(timings.get("dns"), "timings_ms.dns"),
        _number(timings.get("tcp"), "timings_ms.tcp"),
        _number(timings.get("tls"), "timings_ms.tls"),
        _number(timings.get("http"), "timings_ms.http"),
        _addresses(obj.get("addresses"), "addresses"),
        _addresses(obj.get("control_addresses"), "control_addresses"),
        _number(obj.get("kbps"), "kbps"),
        state,
        walk.evidence(obj.get("evidence")),
        t,
    )
