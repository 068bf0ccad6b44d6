"""Export and sharing from a real lab round: every format, redaction of personal data,
export -> import -> export, the OONI shape, the self-contained HTML report."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from censorwatch.export import export
from censorwatch.measurement import validate
from censorwatch.store import Store, iso_from_ms
from tests.conftest import run_cli

SERVICES = ["messenger-calls-blocked", "open-site", "blockpage-body", "sni-reset", "domestic-gov"]


@pytest.fixture(scope="module")
def home(lab, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported")
    args = ["check", "--agree", "--config", str(lab.config_path), "--data-dir", str(folder)]
    for sid in SERVICES:
        args += ["--service", sid]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return folder


def exported(home: Path, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"log.{fmt}"
    result = run_cli("export", "--format", fmt, "-o", str(out), "--data-dir", str(home), *extra)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    return out


def test_jsonl_follows_the_contract(home, tmp_path):
    lines = exported(home, tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert {m["service"] for m in items} == set(SERVICES)
    for m in items:
        assert m["schema"] == "censorwatch.measurement/1"
        assert set(m["timings_ms"]) == {"dns", "tcp", "tls", "http"}
    calls = next(
        m for m in items if m["service"] == "messenger-calls-blocked" and m["capability"] == "calls"
    )
    assert (calls["status"], calls["technique"], calls["failure"]) == (
        "blocked",
        "udp",
        "generic_timeout_error",
    )
    page = next(m for m in items if m["service"] == "blockpage-body")
    assert "Федеральными законами" in page["evidence"]["http"][0]["body"]  # Cyrillic kept


def test_the_published_schema_validates_real_exports(home, tmp_path):
    path = Path(__file__).resolve().parents[1] / "docs" / "schemas" / "measurement.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator(schema)
    for extra in ((), ("--no-redact",)):
        lines = exported(home, tmp_path, "jsonl", *extra).read_text("utf-8").splitlines()
        assert lines
        for line in lines:
            checker.validate(json.loads(line))
    wrong = json.loads(lines[0])
    wrong["timings_ms"] = {"dns": "fast"}
    assert not checker.is_valid(wrong)


def test_csv_reads_back_with_the_csv_module(home, tmp_path):
    path = exported(home, tmp_path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["service"] for r in rows} == set(SERVICES)
    calls = next(
        r for r in rows if r["service"] == "messenger-calls-blocked" and r["capability"] == "calls"
    )
    assert calls["technique"] == "udp" and calls["failed_step"] == "udp"
    ok = next(r for r in rows if r["service"] == "open-site")
    assert float(ok["tcp_ms"]) > 0
    assert ok["addresses"] == ok["control_addresses"] == "127.77.1.1"  # lists joined by spaces
    assert "evidence" not in rows[0]


def test_csv_keeps_cyrillic(tmp_path):
    with Store(tmp_path) as store:
        store.write(
            [
                validate(
                    {
                        "time": iso_from_ms(1_790_000_000_000),
                        "round": "r1",
                        "service": "vk",
                        "service_name": "ВКонтакте",
                        "region": "domestic",
                        "capability": "web",
                        "kind": "https",
                        "target": "https://vk.com/",
                        "status": "ok",
                        "timings_ms": {},
                        "network_state": "online",
                    }
                )
            ]
        )
        export(store, "csv", tmp_path / "out.csv", since=0)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["service_name"] == "ВКонтакте"


def test_a_report_of_everything_begins_at_the_history_s_first_round(tmp_path):
    # "Everything" (the dialog's choice, `--since all`) was a week: a log of ten days lost
    # its first three in the report, its measurements and its period.
    import time

    now_ms = int(time.time() * 1000)
    with Store(tmp_path) as store:
        store.write(
            [
                validate(
                    {
                        "time": iso_from_ms(now_ms - days * 86_400_000),
                        "round": f"r{days}",
                        "service": "vk",
                        "capability": "web",
                        "kind": "https",
                        "target": "https://vk.com/",
                        "status": "ok",
                    }
                )
                for days in (10, 1)
            ]
        )
        for since, measurements in ((None, 2), (time.time() - 3 * 86400, 1)):
            export(store, "html", tmp_path / "out.html", since=since)
            text = (tmp_path / "out.html").read_text(encoding="utf-8")
            block = text.split('<script type="application/x-ndjson"', 1)[1].split("</script>")[0]
            assert block.count('"round"') == measurements
    first_day = time.strftime("%Y-%m-%d", time.localtime(now_ms / 1000 - 10 * 86400))
    export_all = run_cli("export", "--format", "html", "-o", str(tmp_path / "all.html"),
                         "--since", "all", "--data-dir", str(tmp_path))  # fmt: skip
    assert export_all.returncode == 0
    assert first_day in (tmp_path / "all.html").read_text(encoding="utf-8").split("</h1>")[1][:400]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.refs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_self_contained_and_names_every_service(home, tmp_path):
    text = exported(home, tmp_path, "html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(text)
    body = " ".join(parser.text)
    assert parser.refs == []  # no external request of any kind
    assert "link" not in parser.tags and "img" not in parser.tags
    # One script element: the measurements as data (application/x-ndjson), never run.
    assert parser.tags.count("script") == 1
    assert text.count("<script") == 1 and '<script type="application/x-ndjson"' in text
    assert "url(" not in text
    assert parser.tags.count("svg") >= len(SERVICES) + 1  # the network band and one per service
    for name in (
        "Messenger (calls blocked)",
        "Open site",
        "Blockpage (page)",
        "SNI blocked (reset)",
        "Gov portal (domestic)",
    ):
        assert name in body
    assert "did not answer over UDP" in body and "@media print" in text


def test_an_export_to_standard_output_pipes_into_an_import(home, tmp_path):
    """`export -o -` writes the log to standard output (and what it did to standard error),
    `import -` reads one from standard input: the lines are the file export's."""
    first = exported(home, tmp_path, "jsonl", "--no-redact")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "censorwatch",
            "export",
            "--format",
            "jsonl",
            "-o",
            "-",
            "--no-redact",
            "--data-dir",
            str(home),
        ],
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8").splitlines() == first.read_text("utf-8").splitlines()
    count = len(out.stdout.splitlines())
    assert f"wrote {count} measurements to standard output" in out.stderr.decode()
    assert not (Path.cwd() / "-").exists()
    other = tmp_path / "piped-home"
    piped = subprocess.run(
        [sys.executable, "-m", "censorwatch", "import", "-", "--data-dir", str(other)],
        input=out.stdout,
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert piped.returncode == 0, piped.stderr
    assert f"imported {count} measurements from -; 0 already" in piped.stdout.decode()


def test_export_import_export_gives_the_same_lines(home, tmp_path):
    first = exported(home, tmp_path, "jsonl", "--no-redact")
    other = tmp_path / "other-home"
    result = run_cli("import", str(first), "--data-dir", str(other))
    assert result.returncode == 0 and "0 lines skipped" in result.stdout
    again = run_cli("import", str(first), "--data-dir", str(other))
    assert "imported 0 measurements" in again.stdout
    second = tmp_path / "second.jsonl"
    result = run_cli(
        "export", "--format", "jsonl", "-o", str(second), "--no-redact", "--data-dir", str(other)
    )
    assert result.returncode == 0
    assert (
        first.read_text(encoding="utf-8").splitlines()
        == second.read_text(encoding="utf-8").splitlines()
    )


PERSONAL_IP = "198.51.100.77"
PRIVATE_RESOLVER = "192.168.44.1"


def test_fast_writers_match_the_record_by_record_ones(home):
    import io

    from censorwatch.export.csv import fast_csv, write_csv
    from censorwatch.export.jsonl import fast_jsonl, write_jsonl

    with Store(home, read_only=True) as store:
        fast, slow = io.StringIO(), io.StringIO()
        fast_jsonl(store, fast)
        write_jsonl(store.measurements(), slow)
        assert fast.getvalue() == slow.getvalue() and fast.getvalue().count("\n") >= len(SERVICES)
        fast, slow = io.StringIO(), io.StringIO()
        fast_csv(store, fast)
        write_csv(store.measurements(), slow)
        assert fast.getvalue() == slow.getvalue()
