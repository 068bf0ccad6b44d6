"""A real Prometheus (Debian's package) scraping a real `censorwatch watch` against the lab,
on loopback: its HTTP API shows the lab's verdicts; the shipped alerting rules load and pass
their unit tests (promtool), and every query of the Grafana dashboard is valid PromQL."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_watch import Running, _config

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "docs" / "grafana" / "censorwatch-dashboard.json"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CENSORWATCH_CI"):
            pytest.fail(f"{name} is missing (.ci/run installs Debian's prometheus package)")
        pytest.skip(f"{name} is not installed (apt-get install prometheus): not tested here")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _api(base: str, path: str, **params: str) -> dict:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}" if params else f"{base}{path}"
    with urllib.request.urlopen(url, timeout=10) as r:  # loopback
        return json.loads(r.read())


def _query(base: str, expr: str) -> list[dict]:
    answer = _api(base, "/api/v1/query", query=expr)
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def test_the_alerting_rules_pass_their_unit_tests():
    promtool = _tool("promtool")
    check = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    tests = subprocess.run(
        [promtool, "test", "rules", "alerts_test.yml"],
        cwd=ROOT / "tests" / "prometheus",
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_prometheus_scrapes_watch_and_shows_the_labs_verdicts(lab, tmp_path):
    prometheus = _tool("prometheus")
    config = _config(
        lab,
        tmp_path,
        ["messenger-calls-blocked", "video-throttled", "open-site", "domestic-gov"],
        labels={"region": "lab", "provider": "loopback"},
    )
    w = Running(
        ["--agree", "--config", str(config), "--data-dir", str(tmp_path / "h"), "--metrics", "0"]
    )
    server = None
    try:
        target = re.search(r"http://(\S+)/metrics", w.wait_for(r"metrics on http://")).group(1)
        w.wait_for(r"first round")
        (tmp_path / "rules.yml").write_text(RULES.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "prometheus.yml").write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "rule_files: [rules.yml]\n"
            "scrape_configs:\n  - job_name: censorwatch\n"
            f"    static_configs:\n      - targets: ['{target}']\n",
            encoding="utf-8",
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                prometheus,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-lifecycle",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        status = 'censorwatch_capability_status{service="%s", capability="%s", status="%s"}'
        blocked = status % ("messenger-calls-blocked", "calls", "blocked")
        deadline = time.monotonic() + 60
        found: list[dict] = []
        while time.monotonic() < deadline and not found:
            time.sleep(1)
            try:
                found = _query(base, f"{blocked} == 1")
            except OSError:
                continue  # not listening yet
        assert found, "Prometheus never saw the blocked call capability"
        assert (
            found[0]["metric"]["technique"] == "udp" and found[0]["metric"]["job"] == "censorwatch"
        )
        throttled = _query(base, status % ("video-throttled", "media", "degraded") + " == 1")
        assert throttled and throttled[0]["metric"]["technique"] == "throttling"
        assert _query(base, status % ("open-site", "web", "ok") + " == 1")
        assert _query(base, status % ("open-site", "web", "blocked") + " == 0")
        # The vantage point's labels, joined the way the alerting rules and dashboard join.
        joined = _eventually(base, "censorwatch:capability_blocked:by_region")
        assert {(r["metric"]["region"], r["metric"]["service"]) for r in joined} == {
            ("lab", "messenger-calls-blocked")
        }
        rules = _api(base, "/api/v1/rules")["data"]["groups"][0]["rules"]
        assert {r["name"] for r in rules} >= {
            "CensorwatchCapabilityNewlyBlocked",
            "CensorwatchVantagePointSilent",
        }
        assert all(r["health"] == "ok" for r in rules), rules
        # Every query of the shipped dashboard is valid PromQL against these series.
        for expr in _dashboard_queries():
            _query(base, expr)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
            if server.stderr is not None:
                server.stderr.close()
        assert w.stop() == 0


def _eventually(base: str, expr: str, seconds: float = 20) -> list[dict]:
    """A query's answer once it has one (rules are evaluated each second)."""
    deadline = time.monotonic() + seconds
    while True:
        found = _query(base, expr)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _dashboard_queries() -> list[str]:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    out = []
    for panel in board["panels"]:
        for target in panel["targets"]:
            expr = target["expr"]
            for var, value in (("$instance", ".*"), ("$region", ".*"), ("$__rate_interval", "1m")):
                expr = expr.replace(var, value)
            out.append(expr)
    assert len(out) >= 8
    return out
