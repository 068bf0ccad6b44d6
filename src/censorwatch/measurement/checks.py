"""Checking a measurement from someone else's log: string lengths, every field's type, and
the evidence within the caps and shapes of caps.py. A value that passes cannot break the
history, an export or the window."""

from __future__ import annotations

import re
from typing import Any

from ..vocabulary import NETWORK_STATES, REGIONS, STATUSES
from ..vocabulary import TIMED_STEPS as STEPS
from .caps import (  # the caps and the evidence's shapes, said once there
    MAX_ITEMS,
    MAX_NUMBER,
    MAX_TEXT,
    InvalidMeasurement,
    _Walk,
)
from .record import REDACTED, SCHEMA, Measurement, is_address, known_hour_ms, time_ms

_ID = re.compile(r"[a-z0-9_-]{1,64}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The time field: ISO 8601 as the contract writes it, in 2000 to 2099.
TIME = re.compile(r"20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
TIME_LENGTH = 40
# The longest each top-level text may be (characters); other texts: MAX_TEXT.
LIMITS = {"round": 128, "service_name": 200, "target": 2048}


class _Known:
    """Values already checked for a field: a log repeats the same names, targets and
    addresses on every round, so each distinct value is checked once (bounded), and the
    first copy read stands for the others (the decoding process sends a batch's repeated
    texts once)."""

    LIMIT = 65536

    def __init__(self) -> None:
        self.values: dict[str, dict[str, str]] = {}

    def seen(self, field: str, value: str) -> str | None:
        """The copy of `value` checked before for `field`, or None."""
        known = self.values.get(field)
        return None if known is None else known.get(value)

    def add(self, field: str, value: str) -> str:
        known = self.values.setdefault(field, {})
        if len(known) >= self.LIMIT:
            known.clear()
        known[value] = value
        return value


_known = _Known()
_known_addresses: set[str] = set()
_heads: dict[tuple[Any, ...], tuple[Any, ...]] = {}
# The vocabulary's own strings stand for a line's copies of them.
_STATUS = {s: s for s in STATUSES}
_NETWORK = {s: s for s in NETWORK_STATES}
_REGION = {s: s for s in REGIONS}


def _text(
    value: object, name: str, limit: int = MAX_TEXT, pattern: re.Pattern[str] | None = None
) -> str:
    if type(value) is str and (same := _known.seen(name, value)) is not None:
        return same
    if not isinstance(value, str):
        raise InvalidMeasurement(f"{name}: must be a string, got {type(value).__name__}")
    if not value or len(value) > limit:
        raise InvalidMeasurement(f"{name}: must be 1 to {limit} characters")
    if pattern is not None:
        if not pattern.fullmatch(value):
            raise InvalidMeasurement(f"{name}: not allowed: {value[:60]!r}")
    elif _FIELD_CONTROL.search(value):
        raise InvalidMeasurement(f"{name}: holds a control character")
    return _known.add(name, value)


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
    try:
        if _known_addresses.issuperset(value):
            return value
    except TypeError:  # an unhashable item: refused one by one below
        pass
    for i, item in enumerate(value):
        if type(item) is str and item in _known_addresses:
            continue
        if not isinstance(item, str) or not (is_address(item) or REDACTED.fullmatch(item)):
            raise InvalidMeasurement(f"{name}[{i}]: not an IP address")
        if len(_known_addresses) >= _Known.LIMIT:
            _known_addresses.clear()
        _known_addresses.add(item)
    return value


_STEPS = frozenset(STEPS)
_TOP = frozenset(
    (
        "schema", "time", "round", "service", "service_name", "region", "capability", "kind",
        "target", "status", "technique", "failure", "failed_step", "timings_ms", "addresses",
        "control_addresses", "kbps", "network_state", "evidence",
    )
)  # fmt: skip


def validate(obj: object, walk: _Walk | None = None) -> Measurement:
    """A measurement from parsed JSON; raises InvalidMeasurement with the first reason."""
    return Measurement(*fields(obj, walk or _Walk()))


def fields(obj: object, walk: _Walk) -> tuple[Any, ...]:
    """`validate`'s measurement as the values of its first fields, in the record's order
    (what the decoding process sends: the record is made once, where it is stored)."""
    if not isinstance(obj, dict):
        raise InvalidMeasurement("not a JSON object")
    walk.keys += len(obj)
    if "schema" in obj and obj["schema"] != SCHEMA:
        raise InvalidMeasurement(f"unknown schema {str(obj['schema'])[:60]!r}")
    given = obj.get("status")
    status = _STATUS.get(given) if type(given) is str else None
    if status is None:
        raise InvalidMeasurement(f"status: unknown {str(given)[:40]!r}")
    given = obj.get("network_state", "online")
    state = _NETWORK.get(given) if type(given) is str else None
    if state is None:
        raise InvalidMeasurement(f"network_state: unknown {str(given)[:40]!r}")
    given = obj.get("region", "foreign")
    region = _REGION.get(given) if type(given) is str else None
    if region is None:
        raise InvalidMeasurement(f"region: unknown {str(given)[:40]!r}")
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
    if not _STEPS.issuperset(timings):
        unknown = next(k for k in timings if k not in _STEPS)
        raise InvalidMeasurement(f"timings_ms.{str(unknown)[:20]}: unknown step")
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
        known = _heads.get(head)
    except TypeError:  # a list or an object where a name belongs: checked below, refused
        known = None
    if known is None:
        name = head[1]
        known = (
            _text(head[0], "service", pattern=_ID),
            # empty or null: the service's id
            name
            if name is None or name == ""
            else _text(name, "service_name", LIMITS["service_name"]),
            _text(head[2], "capability", pattern=_NAME),
            _text(head[3], "kind", pattern=_NAME),
            _text(head[4], "target", LIMITS["target"]),
        )
        if len(_heads) > _Known.LIMIT:
            _heads.clear()
        _heads[head] = known
    service, name, capability, kind, target = known
    # In the record's order, by position (a call by keyword costs a tenth of the decoding).
    return (
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
