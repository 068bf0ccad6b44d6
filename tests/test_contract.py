"""The contract in one place: the published JSON Schemas are the reader's own rules, written
from the same words and limits (censorwatch.vocabulary, measurement/checks.py), and hold the
same documents the reader holds, both ways (property tests over documents near the contract's
edges: every one the reader accepts the schema accepts, and the reverse)."""

from __future__ import annotations

import datetime as dt
import json
import runpy
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from censorwatch import vocabulary
from censorwatch.measurement import InvalidMeasurement, validate

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
MEASUREMENT = json.loads((SCHEMAS / "measurement.schema.json").read_text(encoding="utf-8"))
CHECKER = jsonschema.Draft202012Validator(
    MEASUREMENT, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
MISSING = object()


def test_the_measurement_schema_is_written_from_the_readers_rules():
    render = runpy.run_path(str(ROOT / "tools" / "write_schemas.py"))["render"]
    written = (SCHEMAS / "measurement.schema.json").read_text(encoding="utf-8")
    assert written == render(), "run: python tools/write_schemas.py"


def test_the_check_schema_speaks_the_vocabulary():
    check = json.loads((SCHEMAS / "check.schema.json").read_text(encoding="utf-8"))
    enums: dict[str, set] = {}

    def walk(node, key=""):
        if isinstance(node, dict):
            if "enum" in node and key:
                enums.setdefault(key, set()).update(v for v in node["enum"] if v is not None)
            for k, v in node.items():
                walk(v, k if k not in ("properties", "items", "oneOf", "anyOf") else key)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(check)
    assert enums["status"] == set(vocabulary.STATUSES)
    assert enums["technique"] == set(vocabulary.TECHNIQUES)
    assert enums["failed_step"] == set(vocabulary.FAILED_STEPS)
    assert enums["region"] == set(vocabulary.REGIONS)
    assert enums["state"] == set(vocabulary.NETWORK_STATES) | set(vocabulary.RESOLVER_STATES)


# --- documents near the contract's edges -------------------------------------------------

CONTROL = st.sampled_from(["", "\x00", "\x1f", "\x7f", "\n"])
TEXTS = st.one_of(
    st.text(alphabet="abcxyz-_.:/ Ыя0129", min_size=0, max_size=8),
    st.builds(lambda n: "a" * n, st.sampled_from([1, 127, 128, 129, 200, 201, 2048, 2049])),
    st.builds(lambda c, t: t + c + t, CONTROL, st.text(alphabet="ab", max_size=3)),
)
NOT_TEXT = st.sampled_from([None, 0, 1.5, True, [], {}, ["a"]])
NAMES = st.one_of(
    st.sampled_from(["web", "calls", "https", "quic", "a", "a" * 32, "a" * 33, "Web", "1x", "x-y"]),
    TEXTS,
)


def _times():
    moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2110, 1, 1))

    def form(moment: dt.datetime, fraction: int, zone: str) -> str:
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if fraction:
            text += "." + str(moment.microsecond).rjust(6, "0")[:fraction]
        return text + zone

    return st.one_of(
        st.builds(form, moments, st.sampled_from([0, 3, 6]), st.sampled_from(["Z", "", "+03:00"])),
        st.sampled_from(
            ["2026-11-30", "2026-11-30 10:00:00", "garbage", "2026-11-30T10:00:00.1234567Z"]
        ),
        NOT_TEXT,
    )


def _numbers():
    return st.one_of(
        st.none(),
        st.integers(-5, 10),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e13, max_value=1e13),
        st.sampled_from([1e12, 1e12 - 1, True, "3", [], 0.5]),
    )


def _addresses():
    # among them a zone (`fe80::1%eth0`): a network interface's name, refused by both
    item = st.sampled_from(
        [
            *("127.0.0.1", "::1", "2001:db8::1", "::ffff:127.0.0.1", "[redacted-address-3]"),
            *("300.1.1.1", "host", "", 5, "fe80::1%eth0", "1.2.3.4%x"),
        ]
    )
    return st.one_of(st.none(), st.lists(item, max_size=3), st.just(["1.1.1.1"] * 257), NOT_TEXT)


VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-10, 10),
        st.sampled_from([1e12, -1e12, 1e11, 0.5]),
        st.text(alphabet="ab\x00Ы", max_size=4),
        st.just("a" * 65537),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from("xyz"), children, max_size=3),
    ),
    max_leaves=6,
)


def _items(section: str):
    fields = {
        "dns": ["hostname", "time_ms", "truncated", "addresses"],
        "tcp": ["address", "port", "time_ms"],
        "tls": ["sni", "decoy", "certificate"],
        "http": ["status", "headers", "body"],
    }[section]
    pick = st.one_of(
        st.sampled_from(["a", 3, 3.0, 3.5, True, None, [], ["x", "y"], [["a", "b"]], [["a"]], [1]]),
        st.fixed_dictionaries({}, optional={"issuer": st.sampled_from(["CA", 5])}),
        VALUES,
    )
    return st.one_of(
        st.dictionaries(st.sampled_from(fields), pick, max_size=3), st.sampled_from([5, "x", []])
    )


def _evidence():
    sections = {
        "dns": st.one_of(st.lists(_items("dns"), max_size=2), st.just("x")),
        "tcp": st.lists(_items("tcp"), max_size=2),
        "tls": st.lists(_items("tls"), max_size=2),
        "http": st.lists(_items("http"), max_size=2),
        "transfer": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {}, optional={"kbps": _numbers(), "real_kbps": st.lists(_numbers(), max_size=2)}
            ),
            st.just([]),
        ),
        "explanation": st.one_of(st.none(), st.text(max_size=3), st.just(5)),
        "earlier_attempts": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "failure": st.one_of(st.none(), st.just("x"), st.just(3)),
                    "evidence": st.one_of(st.none(), st.just({}), st.just({"tcp": "x"})),
                    "other": VALUES,
                },
            ),
            max_size=2,
        ),
        "newer": VALUES,
    }
    return st.one_of(
        st.none(),
        st.fixed_dictionaries({}, optional=sections),
        st.sampled_from([[], "x", 3]),
    )


def _around(limit: int):
    """Texts at a field's limit, one past it, and with a control character."""
    return st.one_of(
        st.builds(lambda n: "a" * n, st.sampled_from([limit - 1, limit, limit + 1])),
        TEXTS,
        NOT_TEXT,
    )


FIELDS = {
    "schema": st.sampled_from(["censorwatch.measurement/1", "censorwatch.measurement/2", None]),
    "time": _times(),
    "round": _around(128),
    "service": st.one_of(
        st.sampled_from(["telegram", "a" * 64, "a" * 65, "Tele", "te le"]), TEXTS, NOT_TEXT
    ),
    "service_name": _around(200),
    "region": st.sampled_from([*vocabulary.REGIONS, "", None, "mars"]),
    "capability": st.one_of(NAMES, NOT_TEXT),
    "kind": st.one_of(NAMES, NOT_TEXT),
    "target": _around(2048),
    "status": st.sampled_from([*vocabulary.STATUSES, "works", None]),
    "technique": st.one_of(NAMES, NOT_TEXT),
    "failure": _around(4096),
    "failed_step": st.one_of(NAMES, NOT_TEXT),
    "timings_ms": st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["dns", "tcp", "tls", "http", "body"]), _numbers(), max_size=3
        ),
        st.sampled_from([[], "x", 0]),
    ),
    "addresses": _addresses(),
    "control_addresses": _addresses(),
    "kbps": _numbers(),
    "network_state": st.sampled_from([*vocabulary.NETWORK_STATES, "", None, "down"]),
    "evidence": _evidence(),
}
GOOD = {
    "schema": "censorwatch.measurement/1",
    "time": "2026-11-30T10:00:00.123Z",
    "round": "r-1",
    "service": "telegram",
    "service_name": "Telegram",
    "region": "foreign",
    "capability": "calls",
    "kind": "stun",
    "target": "127.77.5.1:3478",
    "status": "blocked",
    "technique": "udp",
    "failure": "generic_timeout_error",
    "failed_step": "udp",
    "timings_ms": {"dns": None, "tcp": None, "tls": None, "http": 1.5},
    "addresses": ["127.77.5.1"],
    "control_addresses": [],
    "kbps": None,
    "network_state": "online",
    "evidence": {"tcp": [{"address": "127.0.0.1", "port": 443, "time_ms": 1.0}]},
}


@st.composite
def documents(draw):
    """A good measurement with some of its fields changed to values near the edges, or left
    out (the reader's defaults)."""
    doc = dict(GOOD)
    for name in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=4, unique=True)):
        value = draw(st.one_of(FIELDS[name], st.just(MISSING)))
        if value is MISSING:
            doc.pop(name, None)
        else:
            doc[name] = value
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        doc["unknown_field"] = 1
    return doc


def _reader_accepts(doc) -> bool:
    try:
        validate(json.loads(json.dumps(doc)))
    except InvalidMeasurement:
        return False
    return True


def test_the_good_document_passes_both():
    assert _reader_accepts(GOOD) and CHECKER.is_valid(GOOD)


def test_an_address_with_a_zone_is_refused_by_both():
    """An IPv6 address may name a zone (`fe80::1%eth0`): a network interface of the person's
    machine, and any length. The probes never write one (getaddrinfo gives the zone apart);
    the schema's `ipv6` format refuses it, and so does the reader."""
    for zoned in ("fe80::1%eth0", "fe80::1%" + "x" * 5000):
        doc = {**GOOD, "control_addresses": ["127.0.0.1", zoned]}
        assert not CHECKER.is_valid(doc)
        assert not _reader_accepts(doc)
    assert _reader_accepts({**GOOD, "addresses": ["::ffff:127.0.0.1", "fe80::1"]})


def test_each_line_keeps_its_own_addresses_where_lists_repeat():
    """A list of addresses read before stands for the equal lists read after it (the
    reader keeps its first copy): a line whose list differs, in items or their order, keeps
    its own, and a list that holds no texts is refused the same each time."""
    lists = [["127.0.0.1"], ["127.0.0.1", "::1"], ["::1", "127.0.0.1"], [], ["127.0.0.1"]]
    read = [validate({**GOOD, "addresses": a, "control_addresses": a[::-1]}) for a in lists]
    assert [m.addresses for m in read] == lists
    assert [m.control_addresses for m in read] == [a[::-1] for a in lists]
    assert read[0].addresses is read[4].addresses  # the first copy stands for the second
    for _ in range(2):
        with pytest.raises(InvalidMeasurement, match=r"addresses\[1\]: not an IP address"):
            validate({**GOOD, "addresses": ["127.0.0.1", {"a": 1}]})
        with pytest.raises(InvalidMeasurement, match=r"control_addresses\[0\]: not an IP"):
            validate({**GOOD, "control_addresses": [["127.0.0.1"]]})


def test_a_log_of_ever_new_long_values_leaves_little_kept():
    """What the reader keeps of the values it checked (to check each only once) is bounded
    in characters as well as in entries: a log of ever-new long texts and lists of
    addresses costs checking again, never memory (3,000 such lines: 142 MB kept when only
    entries were counted, 4.5 MB since)."""
    import tracemalloc

    def line(i: int) -> dict:
        net = f"10.{i // 256 % 256}.{i % 256}"
        return {
            **GOOD,
            "round": f"r-{i}-" + "r" * 100,
            "service_name": f"{i}" + "n" * 190,
            "target": f"{i}-" + "t" * 2000,
            "failure": f"{i}-" + "f" * 4000,
            "addresses": [f"{net}.{k}" for k in range(256)],
            "control_addresses": [f"{net}.{k}" for k in range(255, -1, -1)],
        }

    validate(line(0))  # the reader's own first use
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1, 3001):
            validate(line(i))
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 30_000_000, f"{kept / 1e6:.0f} MB kept"


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_schema_and_the_reader_hold_the_same_documents(doc):
    # Through JSON first: what a log can carry (no tuples, string keys only).
    doc = json.loads(json.dumps(doc))
    reader = _reader_accepts(doc)
    schema = CHECKER.is_valid(doc)
    assert reader == schema, (
        f"reader {'accepts' if reader else 'refuses'}, schema "
        f"{'accepts' if schema else 'refuses'}: {json.dumps(doc)[:600]}"
    )


def test_the_time_field_and_its_milliseconds_give_each_other_back():
    """A stored time is written back exactly: the milliseconds are reckoned in integers
    (through floating point, one time in 170 came back a millisecond early)."""
    from censorwatch.measurement.record import iso_time, time_ms

    for ms in (2193528273693, 2182585634436, 2167724569752, 0 + 946684800000, 1767250800500):
        assert time_ms(iso_time(ms)) == ms
        assert time_ms(iso_time(ms)) == ms  # again, once its hour is known
    assert time_ms("2026-01-01T10:00:00+03:00") == time_ms("2026-01-01T07:00:00.000Z")
    assert time_ms("2026-01-01T07:00:00") == 1767250800000
    for bad in ("2026-01-01T07:99:00.000Z", "2026-01-01T07:00:60.000Z"):
        with pytest.raises(ValueError):
            time_ms(bad)


@settings(max_examples=500, deadline=None)
@given(
    st.integers(946684800000, 4102444799999),  # 2000 to 2099
    st.integers(0, 23),
    st.sampled_from("0123456789:.Z-T+ \u0663"),
    st.booleans(),
)
def test_a_time_read_through_the_known_hours_is_the_parsers_time(ms, where, char, change):
    """A time in an hour (or a second) read before is reckoned without the date parser:
    the same milliseconds as the parser's, and any other text (one character changed: a
    digit of another script, a second of 60, a missing zone) goes to the parser."""
    from censorwatch.measurement.record import iso_time, known_hour_ms, time_ms

    text = iso_time(ms)
    time_ms(iso_time(ms - ms % 3_600_000))  # its hour is known
    time_ms(text)  # and its second
    if change:
        text = text[:where] + char + text[where + 1 :]
    fast = known_hour_ms(text)
    if fast is not None:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        assert fast == (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(
            milliseconds=1
        ), text
