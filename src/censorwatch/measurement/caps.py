"""The caps a measurement from someone else's log is held to, and the shapes of the evidence
the window and the report read (checks.py checks the rest of the line)."""

from __future__ import annotations

from typing import Any

from ..vocabulary import TIMED_STEPS as STEPS

MAX_DEPTH = 12  # nesting of the evidence
MAX_ITEMS = 256  # entries of any list
MAX_TEXT = 4096  # characters of a field
MAX_EVIDENCE_TEXT = 65536  # characters of an evidence string (a page excerpt)
MAX_NUMBER = 1e12


class InvalidMeasurement(ValueError):
    """Why a line is not a measurement of the contract (a sentence for the person)."""


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
    """Checks the evidence within the caps and counts the keys and the texts it holds (the
    duplicate-key test in `decode` compares the counts with the line's text)."""

    __slots__ = ("keys", "texts")

    def __init__(self) -> None:
        self.keys = 0
        self.texts = 0  # string values (not keys); fewer where not all were counted

    def any(self, value: object, where: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InvalidMeasurement(f"{where}: nested more than {MAX_DEPTH} deep")
        if isinstance(value, str):
            self.texts += 1
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
