"""The JSON Schema of `censorwatch.measurement/1`, written from the same words and limits the
reader checks with (checks.py, the vocabulary), so the published schema and `import` cannot
drift apart: `python tools/write_schemas.py` writes docs/schemas/measurement.schema.json, and
tests/test_contract.py holds the two to the same documents both ways.

What JSON Schema cannot say is left to the reader and said in the descriptions: a date that
exists in the calendar, and evidence nested at most twelve levels deep."""

from __future__ import annotations

from typing import Any

from ..vocabulary import FAILED_STEPS, NETWORK_STATES, REGIONS, STATUSES, TECHNIQUES, TIMED_STEPS
from .caps import _SHAPES, MAX_EVIDENCE_TEXT, MAX_ITEMS, MAX_NUMBER, MAX_TEXT
from .checks import _ID, _NAME, LIMITS, TIME, TIME_LENGTH
from .record import REDACTED, SCHEMA

# "No control character", as a search that must not find one (portable: a `$` before a
# final newline matches in some regex engines).
_NO_CONTROL = {"not": {"type": "string", "pattern": "[\\u0000-\\u001f\\u007f]"}}
_TYPES = {"str": "string", "int": "integer", "num": "number", "bool": "boolean"}


def _text(limit: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": limit, **_NO_CONTROL}


def _name(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{_NAME.pattern}$", "description": description}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "null"}, schema]}


def _number() -> dict[str, Any]:
    return {"type": ["number", "null"], "minimum": 0, "exclusiveMaximum": MAX_NUMBER}


def _addresses() -> dict[str, Any]:
    return {
        "type": ["array", "null"],
        "maxItems": MAX_ITEMS,
        "items": {
            "anyOf": [
                {"type": "string", "format": "ipv4"},
                {"type": "string", "format": "ipv6"},
                {"type": "string", "pattern": f"^{REDACTED.pattern}$"},
            ]
        },
    }


def _item(section: str) -> dict[str, Any]:
    """One known evidence section's item: its fields typed (each may be null), any other
    field any value within the caps."""
    properties: dict[str, Any] = {
        key: {"allOf": [{"type": [_TYPES[kind], "null"]}, {"$ref": "#/$defs/value"}]}
        for key, kind in _SHAPES[section].items()
    }

    def capped(schema: dict[str, Any]) -> dict[str, Any]:
        return {"allOf": [schema, {"$ref": "#/$defs/value"}]}

    strings = capped({"type": "array", "items": {"type": "string"}})
    numbers = capped({"type": "array", "items": {"type": "number"}})
    pair = {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"}}
    properties.update(
        addresses=strings,
        names=strings,
        real_kbps=numbers,
        decoy_kbps=numbers,
        headers=capped({"type": "array", "items": pair}),
    )
    if section == "tls":
        properties["certificate"] = _nullable(
            {"type": "object", "properties": _item("certificate")["properties"]}
        )
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": {"$ref": "#/$defs/value"},
    }


def _evidence() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for section in _SHAPES:
        if section in TIMED_STEPS:
            properties[section] = {"type": "array", "maxItems": MAX_ITEMS, "items": _item(section)}
        else:
            properties[section] = _nullable(_item(section))
    properties["explanation"] = {"allOf": [{"type": ["string", "null"]}, {"$ref": "#/$defs/value"}]}
    properties["earlier_attempts"] = {
        "type": "array",
        "maxItems": MAX_ITEMS,
        "items": {
            "type": "object",
            "properties": {
                "failure": {"allOf": [{"type": ["string", "null"]}, {"$ref": "#/$defs/value"}]},
                "failed_step": {"allOf": [{"type": ["string", "null"]}, {"$ref": "#/$defs/value"}]},
                "evidence": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/evidence"}]},
            },
            "additionalProperties": {"$ref": "#/$defs/value"},
        },
    }
    return {
        "type": "object",
        "description": (
            "the probe's steps (dns, tcp, tls, http, transfer, stun), bytes, explanation and "
            "earlier attempts; other keys, from newer versions, may hold any JSON within the "
            f"caps (strings of at most {MAX_EVIDENCE_TEXT} characters without NUL, lists of "
            f"at most {MAX_ITEMS} items, numbers below {MAX_NUMBER:.0e} in size, nested at "
            "most twelve levels deep)"
        ),
        "properties": properties,
        "additionalProperties": {"$ref": "#/$defs/value"},
    }


def measurement_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://censorwatch.invalid/schemas/measurement.schema.json",
        "title": (
            "censorwatch.measurement/1: one line of an exported JSON Lines log (what "
            "`import` reads); written by tools/write_schemas.py from the reader's own rules"
        ),
        "type": "object",
        "required": ["time", "round", "service", "capability", "kind", "target", "status"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA},
            "time": {
                "type": "string",
                "maxLength": TIME_LENGTH,
                "pattern": f"^{TIME.pattern}$",
                "description": "ISO 8601, in 2000 to 2099 (and a date the calendar has)",
            },
            "round": _text(LIMITS["round"]),
            "service": {"type": "string", "pattern": f"^{_ID.pattern}$"},
            "service_name": {
                "type": ["string", "null"],
                "maxLength": LIMITS["service_name"],
                **_NO_CONTROL,
                "description": "empty or null: the service's id",
            },
            "region": {"enum": list(REGIONS), "description": "absent: foreign"},
            "capability": _name("web, messages, calls, media, or a catalog's own"),
            "kind": _name(
                "dns, tcp, tls, http, https, throughput, stun, freeze, or a newer version's"
            ),
            "target": _text(LIMITS["target"]),
            "status": {"enum": list(STATUSES)},
            "technique": _nullable(_name("known: " + ", ".join(TECHNIQUES))),
            "failure": _nullable(_text(MAX_TEXT)),
            "failed_step": _nullable(_name("known: " + ", ".join(FAILED_STEPS))),
            "timings_ms": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {step: _number() for step in TIMED_STEPS},
            },
            "addresses": _addresses(),
            "control_addresses": _addresses(),
            "kbps": _number(),
            "network_state": {"enum": list(NETWORK_STATES), "description": "absent: online"},
            "evidence": _nullable({"$ref": "#/$defs/evidence"}),
        },
        "$defs": {
            "evidence": _evidence(),
            "value": {
                "anyOf": [
                    {
                        "type": "string",
                        "maxLength": MAX_EVIDENCE_TEXT,
                        "not": {"pattern": "\\u0000"},
                    },
                    {
                        "type": "number",
                        "exclusiveMaximum": MAX_NUMBER,
                        "exclusiveMinimum": -MAX_NUMBER,
                    },
                    {"type": ["boolean", "null"]},
                    {"type": "array", "maxItems": MAX_ITEMS, "items": {"$ref": "#/$defs/value"}},
                    {"type": "object", "additionalProperties": {"$ref": "#/$defs/value"}},
                ]
            },
        },
    }
