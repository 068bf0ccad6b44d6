"""`censorwatch lab` + `censorwatch check --json`, as a person (or a script) runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from censorwatch.store import Store
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]

# service id -> (status, technique, failure of its first probe)
EXPECTED = {
    "open-site": ("ok", None, None),
    "dns-nxdomain": ("blocked", "dns", "dns_nxdomain_error"),
    "dns-poisoned": ("blocked", "dns", None),  # the http probe gets the blockpage
    "dns-silent": ("blocked", "dns", "generic_timeout_error"),
    "ip-timeout": ("blocked", "tcp_timeout", "generic_timeout_error"),
    "ip-refused": ("unknown", None, "connection_refused"),
    "sni-reset": ("blocked", "sni", "connection_reset"),
    "sni-drop": ("blocked", "sni", "generic_timeout_error"),
    "tls-reset": ("blocked", "tls_reset", "connection_reset"),
    "tls-stall": ("blocked", "tls_timeout", "generic_timeout_error"),
    "mitm": ("blocked", "tls_mitm", "ssl_unknown_authority"),
    "blockpage-redirect": ("blocked", "http_blockpage", "dns_nxdomain_error"),
    "blockpage-body": ("blocked", "http_blockpage", None),
    "http-reset": ("blocked", "http_failure", "connection_reset"),
    "freeze": ("blocked", "stall", "generic_timeout_error"),
    "video-fast": ("ok", None, None),
    "domestic-gov": ("ok", None, None),
}


@pytest.fixture(scope="module")
def lab_process(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab-cli")
    proc = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "lab", "--no-vpn", "--folder", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    config = None
    for line in proc.stdout:
        if line.startswith("config: "):
            config = line.split(": ", 1)[1].strip()
            break
    assert config, "censorwatch lab printed no config path"
    yield config
    proc.terminate()
    proc.wait(10)
    proc.stdout.close()


@pytest.fixture(scope="module")
def report(lab_process):
    result = run_cli("check", "--agree", "--config", lab_process, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_published_schema_validates_real_output(report):
    # docs/schemas/check.schema.json is what scripts are told to rely on: the real output of
    # a whole lab round must pass it, and a broken document must not.
    schema = json.loads((ROOT / "docs" / "schemas" / "check.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(report))
    broken["services"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_contract_shape(report):
    assert report["schema"] == "censorwatch.check/1"
    assert report["started_at"].endswith("Z") and report["finished_at"].endswith("Z")
    assert report["network"]["state"] == "online" and report["network"]["explanation"]
    for service in report["services"]:
        assert {
            "id",
            "name",
            "region",
            "status",
            "technique",
            "explanation",
            "capabilities",
            "probes",
        } <= set(service)
        for cap in service["capabilities"]:
            assert set(cap) >= {"name", "status", "technique", "explanation"}
        for p in service["probes"]:
            assert set(p) >= {
                "capability",
                "kind",
                "target",
                "status",
                "technique",
                "failure",
                "failed_step",
                "timings_ms",
                "addresses",
                "control_addresses",
                "kbps",
            }
            assert set(p["timings_ms"]) == {"dns", "tcp", "tls", "http"}


@pytest.mark.parametrize("sid", sorted(EXPECTED))
def test_every_lab_behaviour(report, sid):
    status, technique, failure = EXPECTED[sid]
    service = next(s for s in report["services"] if s["id"] == sid)
    assert (service["status"], service["technique"]) == (status, technique), service["explanation"]
    assert service["probes"][0]["failure"] == failure
    if status != "ok":
        assert service["explanation"]


def test_calls_blocked_while_messages_work(report):
    service = next(s for s in report["services"] if s["id"] == "messenger-calls-blocked")
    caps = {c["name"]: c for c in service["capabilities"]}
    assert caps["messages"]["status"] == "ok"
    assert (caps["calls"]["status"], caps["calls"]["technique"]) == ("blocked", "udp")
    calls = next(p for p in service["probes"] if p["capability"] == "calls")
    assert (calls["failure"], calls["failed_step"]) == ("generic_timeout_error", "udp")
    assert "messages" in service["explanation"]


def test_throttled_and_unthrottled_side_by_side(report):
    slow = next(s for s in report["services"] if s["id"] == "video-throttled")
    fast = next(s for s in report["services"] if s["id"] == "video-fast")
    slow_media = next(p for p in slow["probes"] if p["kind"] == "throughput")
    fast_media = next(p for p in fast["probes"] if p["kind"] == "throughput")
    assert (slow_media["status"], slow_media["technique"]) == ("degraded", "throttling")
    assert slow_media["kbps"] < 1000 < fast_media["kbps"]
    assert slow["status"] == "degraded"


def test_failures_are_confirmed_by_a_retry(report):
    ip = next(s for s in report["services"] if s["id"] == "ip-refused")
    assert ip["probes"][0]["attempts"] == 2
    ok = next(s for s in report["services"] if s["id"] == "open-site")
    assert ok["probes"][0]["attempts"] == 1


def test_readable_table(lab):
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--service",
        "sni-reset",
        "--service",
        "open-site",
        "--service",
        "messenger-ok",
    )
    assert result.returncode == 0, result.stderr
    assert "SNI filtering" in result.stdout and "Open site" in result.stdout
    # What the catalog declares not measured is said so, as the window says it (the table
    # once said "cannot tell" under a summary of "Everything works").
    media = next(x for x in result.stdout.splitlines() if x.split()[:1] == ["media"])
    assert media.split()[1:3] == ["not", "measured"], media


def test_offline_round_blames_nobody(lab):
    result = run_cli("check", "--agree", "--config", str(lab.config("offline")), "--json")
    report = json.loads(result.stdout)
    assert report["network"]["state"] == "offline"
    assert {s["status"] for s in report["services"]} == {"offline"}


def test_dns_poisoned_to_a_valid_looking_blockpage(report):
    service = next(s for s in report["services"] if s["id"] == "dns-poisoned")
    page = next(p for p in service["probes"] if p["kind"] == "http")
    assert (page["status"], page["technique"]) == ("blocked", "dns")
    assert page["failure"] is None  # the blockpage itself loads fine: HTTP 200
    assert page["evidence"]["http"][0]["status"] == 200
    assert page["addresses"] != page["control_addresses"]
    assert any("resolver under test" in line for line in page["evidence_lines"])
    assert any("control resolver" in line for line in page["evidence_lines"])


def test_confirmation_keeps_both_attempts(report):
    ip = next(s for s in report["services"] if s["id"] == "ip-refused")
    earlier = ip["probes"][0]["earlier_attempts"]
    assert len(earlier) == 1
    assert earlier[0]["failure"] == "connection_refused"
    assert earlier[0]["evidence"]["tcp"][0]["failure"] == "connection_refused"


def test_check_speaks_russian(lab, tmp_path):
    # `check` in Russian: the summary's words, the parts, the network; nothing English but
    # the services' own names, host names and protocol names.
    import os
    import re

    env = {**os.environ, "CENSORWATCH_LANG": "ru"}
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--data-dir",
        str(tmp_path),
        "--service",
        "messenger-calls-blocked",
        "--service",
        "dns-poisoned",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    text = re.sub(r"[\w.-]+\.(test|ru)\b", "", result.stdout)  # host names
    names = {
        w
        for line in ("Messenger (calls blocked)", "DNS: poisoned to a blockpage")
        for w in re.findall(r"[A-Za-z]+", line)
    }
    latin = set(re.findall(r"[A-Za-z]{2,}", text)) - names - {"UDP", "DNS"}
    assert re.search("Звонки не соединяются (как минимум )?с", result.stdout)
    assert not latin, latin


def test_errors_speak_russian(tmp_path):
    # A broken config and a bad option, in Russian: file, line and key as written, the rest
    # in the person's words; exit 2 and no traceback.
    import os
    import re

    env = {**os.environ, "CENSORWATCH_LANG": "ru"}
    config = tmp_path / "config.toml"
    for body, key in (
        ("[settings]\ninterval = 5\n", "settings.interval"),
        ('[[services]]\nid = "bank"\nname = "Bank"\nregion = "moon"\n', "region"),
        (
            '[[services]]\nid = "bank"\nname = "Bank"\n[[services.probes]]\n'
            'capability = "web"\nkind = "https"\nurl = "ftp://bank"\n',
            "url",
        ),
        ("[settings\n", ""),
    ):
        config.write_text(body, encoding="utf-8")
        result = run_cli(
            "check", "--agree", "--config", str(config), "--data-dir", str(tmp_path), env=env
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        message = result.stderr.replace(str(config), "")
        message = message.split("TOML:")[0]  # the TOML parser's own detail stays English
        assert key in message
        tokens = {
            "censorwatch",
            "TOML",
            "https",
            "http",
            "ftp",
            "bank",
            "moon",
            "domestic",
            "foreign",
            "services",  # the key's path, as the file writes it
            "settings",
            "probes",
        }
        latin = set(re.findall(r"[A-Za-z]{2,}", message.replace(key, ""))) - tokens
        assert re.search("[а-яА-Я]", message) and not latin, message
    result = run_cli("history", "--since", "soon", "--data-dir", str(tmp_path), env=env)
    assert result.returncode == 2 and "напишите" in result.stderr, result.stderr


def test_check_asks_first_once_per_history(lab, tmp_path):
    # A fresh history: without an agreement `check` refuses in one line that says how to
    # agree, and sends nothing; `--agree` records it and checks; afterwards (cron) it runs.
    from censorwatch.store import FILENAME

    args = ("check", "--config", str(lab.config_path), "--service", "open-site")
    data = ("--data-dir", str(tmp_path))
    refused = run_cli(*args, *data)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "censorwatch check --agree" in refused.stderr
    assert refused.stdout == "" and not (tmp_path / FILENAME).exists()  # nothing measured
    agreed = run_cli(*args, "--agree", *data)
    assert agreed.returncode == 0, agreed.stderr
    assert "censorwatch check --agree" in (tmp_path / "watch-consent.txt").read_text("utf-8")
    again = run_cli(*args, *data)
    assert again.returncode == 0, again.stderr
    with Store(tmp_path, read_only=True) as store:
        assert store.counts()["rounds"] == 2
