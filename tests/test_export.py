"""Export and sharing from a real lab round: every format, redaction of personal data,
export -> import -> export, the OONI shape, the self-contained HTML report."""

from __future__ import annotations

import csv
import getpass
import json
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest

from censorwatch.export import Redactor, export
from censorwatch.store import Store, iso_from_ms
from tests.conftest import run_cli

SERVICES = ["messenger-calls-blocked", "open-site", "blockpage-body", "sni-reset", "domestic-gov"]


@pytest.fixture(scope="module")
def home(lab, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported")
    args = ["check", "--config", str(lab.config_path), "--data-dir", str(folder)]
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
            ]
        )
        export(store, "csv", tmp_path / "out.csv", since=0)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["service_name"] == "ВКонтакте"


def test_ooni_shape(home, tmp_path):
    items = [
        json.loads(line)
        for line in exported(home, tmp_path, "ooni").read_text(encoding="utf-8").splitlines()
    ]
    base = {
        "data_format_version",
        "measurement_start_time",
        "test_start_time",
        "test_runtime",
        "input",
        "probe_asn",
        "probe_cc",
        "probe_ip",
        "software_name",
        "software_version",
        "test_name",
        "test_version",
        "annotations",
        "test_keys",
    }
    for m in items:
        assert base <= set(m)
        assert len(m["measurement_start_time"]) == 19 and m["measurement_start_time"][10] == " "
        assert (m["probe_asn"], m["probe_cc"], m["probe_ip"]) == ("AS0", "ZZ", "127.0.0.1")
        assert {"queries", "tcp_connect", "tls_handshakes", "requests", "censorwatch"} <= set(
            m["test_keys"]
        )
    sni = next(m for m in items if m["annotations"]["service"] == "sni-reset")
    handshakes = sni["test_keys"]["tls_handshakes"]
    assert handshakes[0]["failure"] == "connection_reset" and handshakes[0][
        "server_name"
    ].startswith("sni-reset")
    assert any(q["query_type"] == "A" and q["answers"] for q in sni["test_keys"]["queries"])
    assert sni["test_keys"]["censorwatch"]["technique"] == "sni"


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
    assert "link" not in parser.tags and "script" not in parser.tags and "img" not in parser.tags
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


def test_redaction_removes_personal_data_from_every_format(tmp_path):
    user, host, home = getpass.getuser(), socket.gethostname(), str(Path.home())
    evidence = {
        "dns": [
            {
                "resolver": f"udp://{PRIVATE_RESOLVER}:53",
                "role": "test",
                "hostname": "t.me",
                "addresses": ["149.154.167.99"],
                "failure": None,
            }
        ],
        "stun": {
            "address": "91.108.56.1",
            "port": 3478,
            "mapped_address": f"{PERSONAL_IP}:40123",
            "requests_sent": 1,
        },
        "note": f"measured on {host} by {user} in {home}/censorwatch",
    }
    data = {
        "time": iso_from_ms(1_790_000_000_000),
        "round": "r1",
        "service": "tg",
        "service_name": "Telegram",
        "region": "foreign",
        "capability": "calls",
        "kind": "stun",
        "target": "91.108.56.1:3478",
        "status": "blocked",
        "technique": "udp",
        "failure": "generic_timeout_error",
        "failed_step": "udp",
        "timings_ms": {"dns": 1.0},
        "addresses": [],
        "control_addresses": [],
        "network_state": "online",
        "evidence": evidence,
    }
    with Store(tmp_path / "h") as store:
        store.write([data])
        for fmt in ("csv", "jsonl", "ooni", "html"):
            out = tmp_path / f"out.{fmt}"
            export(store, fmt, out, since=0)
            text = out.read_text(encoding="utf-8-sig")
            for secret in (PERSONAL_IP, PRIVATE_RESOLVER, home, f"by {user} ", f"on {host} "):
                assert secret not in text, (fmt, secret)
            assert "91.108.56.1" in text  # the service's address is not personal: kept
        export(store, "jsonl", tmp_path / "raw.jsonl", since=0, redact=False)
    assert PERSONAL_IP in (tmp_path / "raw.jsonl").read_text(encoding="utf-8")


def test_redactor_is_longest_first_and_idempotent():
    r = Redactor(True, ["/srv/data/censorwatch", "/srv/data"])
    once = r.text("/srv/data/censorwatch/history and /srv/data/x")
    assert once == "[redacted folder]/history and [redacted folder]/x"
    assert r.text(once) == once


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
