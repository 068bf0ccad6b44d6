"""Checking a measurement from someone else's log: string lengths, every field's type, and
the evidence within the caps and shapes of caps.py. A value that passes cannot break the
history, an export or the window."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any, Generic, TypeVar

from ..vocabulary import NETWORK_STATES, REGIONS, STATUSES
from ..vocabulary import TIMED_STEPS as STEPS
from .caps import (  # the caps and the evidence's shapes, said once there
    MAX_ITEMS,
    MAX_NUMBER,
    MAX_TEXT,
    InvalidMeasurement,
    _Walk,
)
from .record import (
    REDACTED,
    SCHEMA,
    Measurement,
    counted_as,
    effective_status,
    is_address,
    known_hour_ms,
    time_ms,
)

_ID = re.compile(r"[a-z0-9_-]{1,64}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The time field: ISO 8601 as the contract writes it, in 2000 to 2099.
TIME = re.compile(r"20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
TIME_LENGTH = 40
# The longest each top-level text may be (characters); other texts: MAX_TEXT.
LIMITS = {"round": 128, "service_name": 200, "target": 2048}


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Kept(Generic[_K, _V]):
    """Values already checked: a log repeats the same names, targets, rounds and addresses on
    every round, so each distinct value is checked once, and the first copy read stands for
    the others (the decoding process sends a batch's repeated values once). Bounded in
    entries and in characters: a hostile log of ever-new long values costs checking again,
    never memory (emptied, in place, when full)."""

    ENTRIES = 16384
    CHARACTERS = 1 << 20

    __slots__ = ("held", "size")

    def __init__(self) -> None:
        self.held: dict[_K, _V] = {}
        self.size = 0  # characters held

    def keep(self, key: _K, value: _V, characters: int) -> _V:
        if len(self.held) >= self.ENTRIES or self.size + characters > self.CHARACTERS:
            self.held.clear()
            self.size = 0
        self.size += characters
        self.held[key] = value
        return value


_texts: dict[str, _Kept[str, str]] = {}  # per field
_known_rounds = _texts.setdefault("round", _Kept()).held  # emptied in place when full
_known_addresses: set[str] = set()  # short by their form: bounded in entries
# The vocabulary's own strings stand for a line's copies of them.
_STATUS = {s: s for s in STATUSES}
_NETWORK = {s: s for s in NETWORK_STATES}
_REGION = {s: s for s in REGIONS}


def _text(
    value: object, name: str, limit: int = MAX_TEXT, pattern: re.Pattern[str] | None = None
) -> str:
    kept = _texts.get(name) or _texts.setdefault(name, _Kept())
    if type(value) is str and (same := kept.held.get(value)) is not None:
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
    return kept.keep(value, value, len(value))


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
        if len(_known_addresses) >= _Kept.ENTRIES:
            _known_addresses.clear()
        _known_addresses.add(item)
    return value


_lists: _Kept[tuple[str, ...], list[str]] = _Kept()
_known_lists: dict[tuple[str, ...], list[str]] = _lists.held


def _listed(value: object, name: str) -> list[str]:
    """`_addresses`'s list, kept as the copy that stands for equal lists read later."""
    checked = _addresses(value, name)
    key = tuple(checked)
    same = _known_lists.get(key)
    if same is not None:
        return same
    # its characters, and about what an item costs besides (its object, two references)
    return _lists.keep(key, checked, sum(map(len, checked)) + 64 * len(checked))


_STEPS = frozenset(STEPS)
# The contract's fields in the order of a line censorwatch writes (and of `Measurement`).
_ORDER = (
    "schema", "time", "round", "service", "service_name", "region", "capability", "kind",
    "target", "status", "technique", "failure", "failed_step", "timings_ms", "addresses",
    "control_addresses", "kbps", "network_state", "evidence",
)  # fmt: skip
_TOP = frozenset(_ORDER)
_DEFAULTS = {"schema": SCHEMA, "region": "foreign", "network_state": "online"}
_ALL = itemgetter(*_ORDER)  # a line that gives every field: its values in one call
_ALL_STEPS = itemgetter(*STEPS)
# A probe's identity and verdict (service to failed step) repeat on every round of a log:
# each distinct combination is checked once, and its checked values stand for the others.
_combinations: _Kept[tuple[Any, ...], tuple[Any, ...]] = _Kept()
_checked: dict[tuple[Any, ...], tuple[Any, ...]] = _combinations.held


def validate(obj: object, walk: _Walk | None = None) -> Measurement:
    """A measurement from parsed JSON; raises InvalidMeasurement with the first reason."""
    return Measurement(*fields(obj, walk or _Walk()))


def _verdict(value: object, name: str, known: dict[str, str]) -> str:
    checked = known.get(value) if type(value) is str else None
    if checked is None:
        raise InvalidMeasurement(f"{name}: unknown {str(value)[:40]!r}")
    return checked


def _given(obj: dict[str, Any], key: str) -> Any:
    """A field of a line that lacks some, or its default."""
    return obj.get(key, _DEFAULTS.get(key))


def fields(obj: object, walk: _Walk) -> tuple[Any, ...]:
    """`validate`'s measurement as the values of its first fields, in the record's order
    (what the decoding process sends: the record is made once, where it is stored)."""
    if not isinstance(obj, dict):
        raise InvalidMeasurement("not a JSON object")
    walk.keys += len(obj)
    whole = len(obj) == len(_ORDER) and _TOP.issuperset(obj)
    (
        schema, when, round_, service, name, region, capability, kind, target, status,
        technique, failure, failed_step, timings, addresses, control, kbps, state, evidence,
    ) = _ALL(obj) if whole else [_given(obj, k) for k in _ORDER]  # fmt: skip
    if schema != SCHEMA:
        raise InvalidMeasurement(f"unknown schema {str(schema)[:60]!r}")
    given = (service, name, region, capability, kind, target, status, technique, failure,
             failed_step, state)  # fmt: skip
    try:
        known = _checked.get(given)
    except TypeError:  # a list or an object where a name belongs: checked below, refused
        known = None
    if known is None:
        status = _verdict(status, "status", _STATUS)
        state = _verdict(state, "network_state", _NETWORK)
        region = _verdict(region, "region", _REGION)
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
    if timings is None:
        timings = {}
    if not isinstance(timings, dict):
        raise InvalidMeasurement("timings_ms: must be an object")
    walk.keys += len(timings)
    if not _STEPS.issuperset(timings):
        unknown = next(k for k in timings if k not in _STEPS)
        raise InvalidMeasurement(f"timings_ms.{str(unknown)[:20]}: unknown step")
    if not whole and not _TOP.issuperset(obj):
        unknown = next(k for k in obj if k not in _TOP)
        raise InvalidMeasurement(f"{str(unknown)[:40]}: unknown field")
    if known is None:
        service = _text(service, "service", pattern=_ID)
        # empty or null: the service's id
        if name is not None and name != "":
            name = _text(name, "service_name", LIMITS["service_name"])
        capability = _text(capability, "capability", pattern=_NAME)
        kind = _text(kind, "kind", pattern=_NAME)
        target = _text(target, "target", LIMITS["target"])
    if type(round_) is not str or (round_read := _known_rounds.get(round_)) is None:
        round_ = _text(round_, "round", LIMITS["round"])
    else:  # a round read before (a round's lines come together): `_text`'s, at once
        round_ = round_read
    if known is None:
        known = (
            service,
            name or service,
            region,
            capability,
            kind,
            target,
            status,
            _optional_text(technique, "technique", _NAME),
            _optional_text(failure, "failure"),
            _optional_text(failed_step, "failed_step", _NAME),
            state,
        )
        # the status it counts as where the evidence holds no verdict of the round, and how
        # many of the given values are texts (the duplicate-key test counts them)
        known += (effective_status(status, region, state), sum(type(v) is str for v in given))
        _combinations.keep(given, known, sum(len(v) for v in given if type(v) is str))
    (
        service, name, region, capability, kind, target, status, technique, failure,
        failed_step, state, effective, texts,
    ) = known  # fmt: skip
    steps = _ALL_STEPS(timings) if len(timings) == len(STEPS) else [timings.get(s) for s in STEPS]
    for value in steps:  # each `_number`'s, where one is not plain
        if value is not None and not (type(value) is float and 0.0 <= value < MAX_NUMBER):
            steps = [_number(v, f"timings_ms.{s}") for v, s in zip(steps, STEPS, strict=True)]
            break
    dns, tcp, tls, http = steps
    # Lists of addresses read before (a target's addresses repeat round after round): the
    # first copy, checked then, stands for the others (the decoding process sends it once
    # per batch, and the history finds a target's addresses unchanged at a glance).
    try:
        same = _known_lists.get(tuple(addresses)) if type(addresses) is list else None
        other = _known_lists.get(tuple(control)) if type(control) is list else None
    except TypeError:  # an item that is no text: refused below
        same = other = None
    addresses = _listed(addresses, "addresses") if same is None else same
    control = _listed(control, "control_addresses") if other is None else other
    if whole:  # the texts of the line outside the evidence: these, schema, time and round
        walk.texts += texts + 3 + len(addresses) + len(control)
    if kbps is not None:
        kbps = _number(kbps, "kbps")
    if type(evidence) is not dict or evidence:
        evidence = walk.evidence(evidence)
    # In the record's order, by position (a call by keyword costs a tenth of the decoding).
    return (
        when,
        round_,
        service,
        name,
        region,
        capability,
        kind,
        target,
        status,
        technique,
        failure,
        failed_step,
        dns,
        tcp,
        tls,
        http,
        addresses,
        control,
        kbps,
        state,
        evidence,
        t,
        counted_as(effective, evidence),
    )
