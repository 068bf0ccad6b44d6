"""Shared logs stay true: other people's logs are untrusted input (every line validated, bad
ones reported, nothing rendered as markup or run as a formula), and redaction hides the
person's own values and nothing else, so redact -> import -> export changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import ipaddress
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from censorwatch.export import export
from censorwatch.export.jsonl import fast_jsonl, write_jsonl
from censorwatch.export.redact import Redactor
from censorwatch.measurement import (
    InvalidMeasurement,
    Measurement,
    decode,
    encode,
    read_measurements,
    validate,
)
from censorwatch.store import Store, import_measurements
from tests.conftest import run_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text())
PERSONAL = "192.168.1.1"  # as a STUN server reflected it
PERSONAL6 = "2001:db8::1"


def measurement(**changes) -> Measurement:
    base = {
        "time": "2026-11-29T03:40:00.123Z",
        "round": "r-1",
        "service": "max",
        "service_name": "Max",
        "region": "domestic",
        "capability": "calls",
        "kind": "stun",
        "target": "max.ru:3478",
        "status": "blocked",
        "technique": "udp",
        "failure": "generic_timeout_error",
        "failed_step": "udp",
        "addresses": ["192.168.1.10", "10.10.34.35"],
        "control_addresses": ["155.212.0.1"],
        "evidence": {
            "dns": [
                {
                    "resolver": "udp://192.168.1.254:53",
                    "role": "test",
                    "hostname": "max.ru",
                    "addresses": ["192.168.1.10", "10.10.34.35"],
                },
                {"resolver": "https://pi.local/dns-query", "role": "control", "hostname": "max.ru"},
            ],
            "stun": {"address": "155.212.0.1", "port": 3478, "mapped_address": f"{PERSONAL}:40123"},
            "http": [
                {
                    "url": "https://max.ru/maxresdefault.jpg",
                    "status": 200,
                    "headers": [["x-your-ip", PERSONAL], ["x-style", "max-width: 10px"]],
                    "body": f"Ваш IP {PERSONAL}, шлюз 192.168.1.10, сервер api.telegram.org",
                }
            ],
            "explanation": "failed at /home/max/.config/censorwatch and \\\\pi\\share on pi",
        },
    }
    base.update(changes)
    return validate(base)


def redactor(**kw) -> Redactor:
    return Redactor(True, hostname="pi", login="max", home="/home/max", addresses=[], **kw)


# --- untrusted input --------------------------------------------------------------------------


def test_the_hostile_corpus_imports_its_good_lines_and_reports_the_bad_ones(tmp_path):
    log = HOSTILE / "mixed.jsonl"
    home = tmp_path / "home"
    result = run_cli("import", str(log), "--data-dir", str(home))
    assert result.returncode == 0, result.stderr
    assert f"imported {EXPECTED['good']} measurements" in result.stdout
    assert f"{len(EXPECTED['bad'])} lines skipped" in result.stdout
    for number, reason in EXPECTED["bad"].items():
        line = next(x for x in result.stderr.splitlines() if x.startswith(f"{log}:{number}: "))
        assert reason in line, line
    # Every export of that history still works, and the detail the window reads too.
    for fmt in ("csv", "jsonl", "ooni", "html"):
        out = tmp_path / f"out.{fmt}"
        done = run_cli(
            "export", "--format", fmt, "--since", "all", "-o", str(out), "--data-dir", str(home)
        )
        assert done.returncode == 0, (fmt, done.stderr)
    with Store(home, read_only=True) as store:
        assert {m.service for m in store.measurements()} == {
            "telegram",
            "whatsapp",
            "youtube",
            "signal",
            "discord",
        }
        assert store.latest_measurements("whatsapp")[0].service_name.startswith("<img")


def test_a_log_piped_in_or_read_from_a_named_pipe_imports_as_the_file_does(tmp_path):
    """`... | censorwatch import -` and a named pipe (or /dev/stdin) are read once only, while
    a log is looked at twice (its first lines say what it is): they are kept in a file first."""
    import threading

    log = HOSTILE / "mixed.jsonl"
    piped = subprocess.run(
        [sys.executable, "-m", "censorwatch", "import", "-", "--data-dir", str(tmp_path / "a")],
        input=log.read_bytes(),
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    out, err = piped.stdout.decode(), piped.stderr.decode()
    assert piped.returncode == 0, err
    assert f"imported {EXPECTED['good']} measurements from -;" in out
    assert f"{len(EXPECTED['bad'])} lines skipped" in out
    for number, reason in EXPECTED["bad"].items():
        line = next(x for x in err.splitlines() if x.startswith(f"-:{number}: "))
        assert reason in line, line
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(log.read_bytes()), daemon=True)
    writer.start()
    named = run_cli("import", str(fifo), "--data-dir", str(tmp_path / "b"))
    writer.join(30)
    assert named.returncode == 0, named.stderr
    assert f"imported {EXPECTED['good']} measurements from {fifo};" in named.stdout
    # At a terminal, "-" would wait for typing: it says what it is for, in Russian too.
    import pty

    tty, other_end = pty.openpty()
    try:
        asked = subprocess.run(
            [sys.executable, "-m", "censorwatch", "import", "-", "--data-dir", str(tmp_path / "c")],
            stdin=other_end,
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "CENSORWATCH_LANG": "ru"},
        )
    finally:
        os.close(tty)
        os.close(other_end)
    assert asked.returncode == 2
    assert "передайте его через канал" in asked.stderr.decode(), asked.stderr.decode()
    assert not (tmp_path / "c").exists()


def test_a_huge_line_is_skipped_without_being_held(tmp_path):
    log = tmp_path / "huge.jsonl"
    good = (HOSTILE / "mixed.jsonl").read_bytes().splitlines()[0]
    with log.open("wb") as out:
        out.write(b'{"evidence": "' + b"x" * (3 << 20) + b'"}\n')
        out.write(good + b"\n")
    reasons: list[tuple[int, str]] = []
    items = list(read_measurements(log, lambda n, r: reasons.append((n, r))))
    assert reasons == [(1, "line longer than 1024 KiB")]
    assert [m.service for m in items] == ["telegram"]


_READ_IN_A_PROCESS = """
import json, sys
from pathlib import Path
from censorwatch.measurement import beside
from censorwatch.export.shared import read_shared
beside.MIN_BYTES = int(sys.argv[2])
path = Path(sys.argv[1])
bad = []
items = [m.to_dict() | {"t_ms": m.t_ms} for m in read_shared(path, lambda n, r: bad.append([n, r]))]
forked = beside.worth_a_process(path)
stop = read_shared(path, lambda n, r: None)
first = [next(stop) for _ in range(3)]
stop.close()  # a reader that stops early ends the second process
import multiprocessing
print(json.dumps({"forked": forked, "items": items, "bad": bad, "left": len(multiprocessing.active_children())}))
"""


def test_a_long_log_decoded_in_a_second_process_reads_as_in_place(tmp_path):
    """A log decoded beside the history's writing (a forked process) gives the same
    measurements, in the same order, and the same bad lines with their numbers, as one
    decoded in place: the hostile corpus many times over, a blank line and an over-long one
    among them; a reader that stops early leaves no process behind."""
    corpus = (HOSTILE / "mixed.jsonl").read_bytes()
    log = tmp_path / "long.jsonl"
    with log.open("wb") as out:
        for i in range(40):
            out.write(corpus.replace(b'"round": "', f'"round": "{i}-'.encode()))
            out.write(b"\n" if i % 7 else b'{"evidence": "' + b"x" * (1 << 20) + b'"}\n')
    runs = {}
    for how, min_bytes in (("beside", "0"), ("in place", str(1 << 60))):
        done = subprocess.run(
            [sys.executable, "-c", _READ_IN_A_PROCESS, str(log), min_bytes],
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr.decode()
        runs[how] = json.loads(done.stdout)
    assert runs["beside"]["forked"] and not runs["in place"]["forked"]
    beside, in_place = runs["beside"], runs["in place"]
    assert len(in_place["items"]) == 40 * EXPECTED["good"]
    assert beside["items"] == in_place["items"]
    assert beside["bad"] == in_place["bad"]
    assert len(in_place["bad"]) == 40 * len(EXPECTED["bad"]) + 6  # and the six long lines
    assert [n for n, r in in_place["bad"] if "longer than" in r] == [
        (i + 1) * (corpus.count(b"\n") + 1) for i in range(0, 40, 7)
    ]
    assert beside["left"] == 0


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    home = tmp_path / "home"
    assert run_cli("import", str(HOSTILE / "mixed.jsonl"), "--data-dir", str(home)).returncode == 0
    out = tmp_path / "out.csv"
    run_cli("export", "--format", "csv", "--since", "all", "-o", str(out), "--data-dir", str(home))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["service"]: r for r in csv.DictReader(handle)}
    assert rows["youtube"]["service_name"].startswith("'=HYPERLINK(")
    assert rows["youtube"]["target"] == "'-2+3"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_nothing_from_a_shared_log_renders_as_markup(qtbot, window, tmp_path):
    win, _bridge = window
    win.open_shared(HOSTILE / "mixed.jsonl")
    qtbot.waitUntil(lambda: len(win.shared_windows) == 1, timeout=20_000)
    shared = win.shared_windows[0]
    row = shared.model.row_of("whatsapp")
    shared.grid.setCurrentIndex(shared.model.index(row, 0))
    name = "<img src='file:///etc/passwd'><h1>All services work</h1>"
    assert shared.model.data(shared.model.index(row, 0)) == name  # the grid: plain text
    tip = shared.model.data(shared.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tip and "<img" not in tip
    assert shared.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert shared.detail.title.text() == name
    assert shared.detail.verdict.textFormat() == Qt.TextFormat.PlainText
    assert shared.chart.title.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: bool(shared.detail.evidence.toPlainText()), timeout=10_000)
    parser = _Tags()
    parser.feed(shared.detail.evidence.toHtml())
    assert "img" not in parser.tags and "h1" not in parser.tags
    assert "skipped" in shared.banner.plain_text() or "not JSON" in shared.banner.plain_text()
    shared.close()
    # The HTML report escapes it too.
    with Store(tmp_path / "h") as store:
        import_measurements(store, read_measurements(HOSTILE / "mixed.jsonl", lambda n, r: None))
        export(store, "html", tmp_path / "r.html", since=0)
    parser = _Tags()
    parser.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "img" not in parser.tags and "h1" in parser.tags  # our own heading only
    assert parser.tags.count("h1") == 1


# --- redaction: only what is personal ---------------------------------------------------------


def test_redaction_hides_the_person_and_nothing_else():
    r = redactor()
    m = measurement()
    r.learn(m.evidence)
    out = r.measurement(m)
    ev = out.evidence
    assert ev["stun"]["mapped_address"] == "[redacted-address-1]:40123"
    assert ev["dns"][0]["resolver"] == "udp://[redacted-address-2]:53"  # a private resolver
    assert ev["dns"][1]["resolver"] == "https://[redacted-host]/dns-query"  # the machine
    assert ev["http"][0]["headers"] == [
        ["x-your-ip", "[redacted-address-1]"],
        ["x-style", "max-width: 10px"],  # the login inside a word: not the person
    ]
    assert ev["http"][0]["body"] == (
        "Ваш IP [redacted-address-1], шлюз 192.168.1.10, сервер api.telegram.org"
    )
    assert ev["explanation"] == (
        "failed at [redacted-folder]/.config/censorwatch and \\\\[redacted-host]\\share on pi"
    )
    # Untouched: the service id and name, URLs holding the login, addresses answered.
    assert (out.service, out.service_name, out.target) == ("max", "Max", "max.ru:3478")
    assert ev["http"][0]["url"] == "https://max.ru/maxresdefault.jpg"
    assert out.addresses == ["192.168.1.10", "10.10.34.35"]
    assert ev["dns"][0]["addresses"] == ["192.168.1.10", "10.10.34.35"]
    assert ev["stun"]["address"] == "155.212.0.1"
    # Redacting again changes nothing; the redacted record is still a valid measurement.
    assert r.measurement(out) == out
    assert decode(encode(out)).to_dict() == out.to_dict()


def test_an_ipv6_address_is_found_in_any_of_its_spellings():
    r = redactor()
    r.learn({"stun": {"mapped_address": f"[{PERSONAL6}]:5000"}})
    text = "seen as 2001:DB8:0:0:0:0:0:1 and 2001:db8::1, not 2001:db8::10 or 2001:db8::1:0"
    assert r.text(text) == (
        "seen as [redacted-address-1] and [redacted-address-1], not 2001:db8::10 or 2001:db8::1:0"
    )


def test_a_windows_home_folder_and_login_are_hidden():
    r = Redactor(True, hostname="desk", login="max", home="C:\\Users\\max", addresses=[])
    assert r.text("cannot read C:\\Users\\max\\AppData\\x.pem") == (
        "cannot read [redacted-folder]\\AppData\\x.pem"
    )
    assert r.text("see D:\\Users\\max\\logs and D:\\maxima") == (
        "see D:\\Users\\[redacted-user]\\logs and D:\\maxima"
    )


def test_every_format_hides_the_person_and_keeps_the_rest(tmp_path, monkeypatch):
    import censorwatch.export.redact as redact_module

    monkeypatch.setattr(redact_module, "_hostname", lambda: "pi")
    monkeypatch.setattr(redact_module, "_login", lambda: "max")
    monkeypatch.setattr(redact_module, "interface_addresses", lambda: set())
    monkeypatch.setattr(redact_module.Path, "home", classmethod(lambda cls: Path("/home/max")))
    with Store(tmp_path / "h") as store:
        store.write([measurement()])
        for fmt in ("csv", "jsonl", "ooni", "html"):
            out = tmp_path / f"out.{fmt}"
            export(store, fmt, out, since=0)
            text = out.read_text(encoding="utf-8-sig")
            assert PERSONAL not in text.replace("192.168.1.10", ""), fmt
            assert "192.168.1.254" not in text and "/home/max" not in text, fmt
            for kept in ("192.168.1.10", "max.ru", "Max"):
                assert kept in text, (fmt, kept)
            if fmt in ("jsonl", "html"):  # the STUN server's address is evidence
                assert "155.212.0.1" in text, fmt
        plain = tmp_path / "plain.jsonl"
        export(store, "jsonl", plain, since=0, redact=False)
    assert f"{PERSONAL}:40123" in plain.read_text(encoding="utf-8")


def test_redact_import_export_is_the_identity(lab, tmp_path):
    home = tmp_path / "home"
    result = run_cli(
        "check", "--agree", "--config", str(lab.config_path), "--data-dir", str(home), timeout=180
    )
    assert result.returncode == 0, result.stderr
    first = tmp_path / "first.jsonl"
    assert (
        run_cli("export", "--format", "jsonl", "-o", str(first), "--data-dir", str(home)).returncode
        == 0
    )
    text = first.read_text(encoding="utf-8")
    assert "[redacted-address-" in text  # the lab's STUN server reflects this machine
    other = tmp_path / "other"
    imported = run_cli("import", str(first), "--data-dir", str(other))
    assert "0 lines skipped" in imported.stdout, imported.stderr
    again = tmp_path / "again.jsonl"
    run_cli(
        "export", "--format", "jsonl", "--since", "all", "-o", str(again), "--data-dir", str(other)
    )
    assert again.read_text(encoding="utf-8") == text


def test_the_fast_writer_redacts_as_the_record_writer_does(tmp_path):
    import io

    with Store(tmp_path) as store:
        store.write([measurement(), measurement(round="r-2", status="ok", evidence={})])
        r = redactor()
        r.learn_from(store)
        fast, slow = io.StringIO(), io.StringIO()
        fast_jsonl(store, fast, redactor=r)
        write_jsonl((r.measurement(m) for m in store.measurements()), slow)
    assert fast.getvalue() == slow.getvalue()
    assert "[redacted-address-1]" in fast.getvalue()


# --- OONI's own tools read our OONI export ----------------------------------------------------


OONI_PYTHON = Path(__file__).resolve().parent.parent / ".venv-ooni" / "bin" / "python"


def test_every_ooni_measurement_loads_as_its_typed_model(lab, tmp_path):
    # oonidata pins an old cryptography, so it lives in its own environment (make makes it).
    assert OONI_PYTHON.exists(), (
        "OONI's data library is missing: run make test (it makes .venv-ooni)"
    )
    home = tmp_path / "home"
    checked = run_cli(
        "check", "--agree", "--config", str(lab.config_path), "--data-dir", str(home), timeout=180
    )
    assert checked.returncode == 0, checked.stderr
    out = tmp_path / "ooni.jsonl"
    assert (
        run_cli("export", "--format", "ooni", "-o", str(out), "--data-dir", str(home)).returncode
        == 0
    )
    loaded = subprocess.run(
        [str(OONI_PYTHON), str(Path(__file__).parent / "ooni_load.py"), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},
    )
    raws = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    models = [json.loads(line) for line in loaded.stdout.splitlines()]
    assert len(models) == len(raws) > 20
    # The lab's provider NAT (AS15169 in the bundled table) places every line, for OONI too.
    assert {(r["probe_asn"], r["probe_cc"]) for r in raws} == {("AS15169", "US")}
    for raw, model in zip(raws, models, strict=True):
        expected = (
            "StunReachability" if raw["annotations"]["censorwatch_kind"] == "stun" else "UrlGetter"
        )
        assert model["model"] == expected, raw["test_name"]
        assert model["report_id"] and model["status"] == raw["test_keys"]["censorwatch"]["status"]
    sni = next(m for m in models if m["service"] == "sni-reset")
    assert sni["failed_operation"] == "tls_handshake"
    assert sni["handshakes"][0]["failure"] == "connection_reset"
    assert sni["handshakes"][0]["server_name"].startswith("sni-reset")
    assert any(q["query_type"] == "A" and q["answers"] for q in sni["queries"])
    calls = next(m for m in models if m["model"] == "StunReachability" and m["status"] == "blocked")
    assert calls["endpoint"]


# --- properties ---------------------------------------------------------------------------------

_words = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x7f"),
    min_size=1,
    max_size=40,
)
_ids = st.from_regex(r"[a-z0-9_-]{1,20}", fullmatch=True)
_names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_ms = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 1))
_ipv4 = st.ip_addresses(v=4).map(str)


@st.composite
def measurements(draw) -> Measurement:
    return validate(
        {
            "time": draw(
                st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2090, 1, 1))
            ).isoformat(timespec="milliseconds")
            + "Z",
            "round": draw(_words),
            "service": draw(_ids),
            "service_name": draw(_words),
            "region": draw(st.sampled_from(["foreign", "domestic"])),
            "capability": draw(_names),
            "kind": draw(_names),
            "target": draw(_words),
            "status": draw(st.sampled_from(["ok", "degraded", "offline", "blocked"])),
            "technique": draw(st.none() | _names),
            "failure": draw(st.none() | _words),
            "failed_step": draw(st.none() | _names),
            "timings_ms": {k: draw(_ms) for k in ("dns", "tcp", "tls", "http")},
            "addresses": draw(st.lists(_ipv4, max_size=4)),
            "control_addresses": draw(st.lists(_ipv4, max_size=4)),
            "kbps": draw(_ms),
            "network_state": draw(st.sampled_from(["online", "whitelist", "offline"])),
            "evidence": draw(
                st.dictionaries(
                    _names.filter(
                        lambda k: (
                            k
                            not in (
                                "dns",
                                "tcp",
                                "tls",
                                "http",
                                "transfer",
                                "stun",
                                "certificate",
                                "explanation",
                                "earlier_attempts",
                            )
                        )
                    ),
                    st.recursive(
                        st.none() | st.booleans() | st.integers(-(10**9), 10**9) | _words,
                        lambda children: (
                            st.lists(children, max_size=3)
                            | st.dictionaries(_names, children, max_size=3)
                        ),
                        max_leaves=8,
                    ),
                    max_size=3,
                )
            ),
        }
    )


@given(measurements())
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_encode_then_decode_gives_the_same_measurement(m):
    again = decode(encode(m))
    assert again.to_dict() == m.to_dict() and again.t_ms == m.t_ms
    assert encode(again) == encode(m)


_BLANK = st.text(alphabet=" \t\n\r", max_size=3)


@given(
    measurements(),
    _BLANK,
    _BLANK,
    st.sampled_from(["top", "top, a number", "timings", "evidence"]),
)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_a_key_given_twice_is_refused_however_it_is_spaced(m, before, after, where):
    """JSON allows white space between a key and its colon; a key given twice is refused
    wherever it stands and however it is spaced, whether its value is a text or not (the
    fast tests count quotes, then quote-colon pairs)."""
    line = encode(m)
    if where == "top":
        line = "{" + f'"status"{before}:{after}"ok", ' + line[1:]
    elif where == "top, a number":
        line = "{" + f'"kbps"{before}:{after}12.5, ' + line[1:]
    elif where == "timings":
        line = line.replace('"timings_ms": {', '"timings_ms": {' + f'"tcp"{before}:{after}1, ', 1)
    else:  # the evidence: the line's last field
        line = line[: line.index('"evidence": ')] + f'"evidence": {{"x"{before}:1, "x"{after}:2}}}}'
    with pytest.raises(InvalidMeasurement, match="appears twice"):
        decode(line)


@given(measurements(), _BLANK)
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_a_text_holding_quotes_and_colons_is_no_key(m, blank):
    """Inside a string, an escaped quote then a colon is text: the line is read whole."""
    m.evidence = {**m.evidence, "explanation": f'he said \\"{blank}: "yes" :{blank}'}
    again = decode(encode(m).replace('", "', f'"{blank}, "'))
    assert again.evidence["explanation"] == m.evidence["explanation"]


@given(st.binary(max_size=400))
@settings(max_examples=300)
def test_any_bytes_give_a_measurement_or_a_reason(raw):
    try:
        decode(raw)
    except InvalidMeasurement as exc:
        assert str(exc)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_json, measurements())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_json_in_any_field_gives_a_measurement_or_a_reason(value, m):
    for field in ("service", "time", "evidence", "addresses", "kbps", "timings_ms", "status"):
        data = {**m.to_dict(), field: value}
        try:
            checked = validate(json.loads(json.dumps(data)))
        except InvalidMeasurement:
            continue
        encode(checked)  # whatever passes can be written again


# Segments of free text: each is personal or not; the expected redaction is known exactly.
_near_misses = st.sampled_from(
    [
        "192.168.1.10",
        "192.168.1.100",
        "10.192.168.1",
        "192.168.1.1.5",
        "2001:db8::10",
        "max-width",
        "maxresdefault.jpg",
        "api.telegram.org",
        "pixel",
        "/home/maximilian/x",
        "https://max.ru/",
    ]
)
_personal = st.sampled_from(
    [PERSONAL, PERSONAL6, "2001:DB8:0::1", "/home/max/.cache/x", "/home/max"]
)


@given(st.lists(st.tuples(st.booleans(), _near_misses, _personal, _words), max_size=6))
@settings(max_examples=300)
def test_redaction_replaces_exactly_the_personal_values(parts):
    r = redactor()
    r.learn({"stun": {"mapped_address": f"{PERSONAL}:1"}})
    r.learn({"stun": {"mapped_address": f"[{PERSONAL6}]:1"}})
    pieces, expected = [], []
    for personal, miss, mine, word in parts:
        filler = "".join(c for c in word if c.isalpha() and c.isascii()) or "x"
        if personal:
            pieces.append(mine)
            if mine.startswith("/home/max"):
                expected.append("[redacted-folder]" + mine[len("/home/max") :])
            else:
                expected.append(r.addresses[ipaddress.ip_address(mine)])
        else:
            pieces.append(miss)
            expected.append(miss)
        pieces.append(f" {filler} ")
        expected.append(f" {filler} ")
    text = "".join(pieces)
    assert r.text(text) == "".join(expected)
    assert r.text(r.text(text)) == r.text(text)


@given(
    st.lists(
        measurements(),
        min_size=1,
        max_size=8,
        unique_by=lambda m: (m.round, m.service, m.capability, m.kind, m.target),
    ),
    st.lists(st.binary(max_size=60), max_size=5),
)
@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_importing_keeps_every_valid_line_and_only_those(tmp_path_factory, items, junk):
    folder = tmp_path_factory.mktemp("import")
    log = folder / "log.jsonl"
    with log.open("wb") as out:
        for i, m in enumerate(items):
            out.write(encode(m).encode("utf-8") + b"\n")
            if i < len(junk):
                out.write(junk[i].replace(b"\n", b" ") + b"\n")
    bad: list[int] = []
    with Store(folder / "h") as store:
        result = import_measurements(store, read_measurements(log, lambda n, r: bad.append(n)))
        back = {
            (m.round, m.service, m.capability, m.kind, m.target): m for m in store.measurements()
        }
    assert result.inserted == len(items)
    for m in items:
        stored = back[(m.round, m.service, m.capability, m.kind, m.target)]
        assert stored.status == m.status and stored.addresses == m.addresses
        assert stored.control_addresses == m.control_addresses and stored.failure == m.failure
