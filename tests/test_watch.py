"""`censorwatch watch` as a service manager runs it: headless against the lab, consent first,
the history kept, state changes logged one line each, metrics served, SIGHUP reloading (a
broken config reported and the old one kept), SIGTERM stopping after the round in flight is
stored, one watch or window per history; and the systemd units it ships."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from censorwatch.store import Store
from tests.conftest import run_cli

SERVICES = ["messenger-calls-blocked", "video-throttled", "open-site", "domestic-gov"]


class Running:
    """A `censorwatch watch` subprocess whose stderr is read line by line."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "censorwatch", "watch", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            for line in self.lines[seen:]:
                if re.search(pattern, line):
                    return line
            seen = max(0, len(self.lines) - 1)
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def stop(self, signal_first: bool = True) -> int:
        if signal_first and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(60)
        self._reader.join(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        return code


def _config(lab, tmp_path: Path, services=SERVICES, **settings) -> Path:
    """The lab's config, only `services`, with `settings` changed."""
    from censorwatch import catalog

    cat = catalog.load(lab.config_path).select(services)
    for key, value in settings.items():
        setattr(cat.settings, key, value)
    path = tmp_path / "config.toml"
    path.write_text(catalog.dumps(cat), encoding="utf-8")
    return path


def _metrics(line: str) -> str:
    url = re.search(r"(http://\S+/metrics)", line).group(1)
    with urllib.request.urlopen(url, timeout=5) as r:  # loopback
        return r.read().decode()


def _sample(page: str, name: str, **labels: str) -> float | None:
    for line in page.splitlines():
        if not line.startswith(name + "{") and line.split(" ")[0] != name:
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_nothing_is_sent_before_the_person_agrees(lab, tmp_path):
    config = _config(lab, tmp_path)
    result = run_cli("watch", "--config", str(config), "--data-dir", str(tmp_path / "h"))
    assert result.returncode == 2
    assert "Your internet provider" in result.stderr and "--agree" in result.stderr
    assert not (tmp_path / "h" / "history.sqlite3").exists()


def test_watch_runs_headless_logs_changes_serves_metrics_and_stops_cleanly(lab, tmp_path):
    config = _config(lab, tmp_path, labels={"region": "lab", "provider": "loopback"})
    data = tmp_path / "h"
    w = Running(["--agree", "--config", str(config), "--data-dir", str(data), "--metrics", "0"])
    try:
        where = w.wait_for(r"metrics on http://")
        # The first round: what is wrong, one line each; a first "works" is only counted.
        calls = w.wait_for(r"messenger-calls-blocked\) calls: new → blocked \(UDP blocked\)")
        assert "did not answer over UDP" in calls
        w.wait_for(r"first round: 4 services")
        assert not any("open-site" in line for line in w.lines)
        page = _metrics(where)
        status = "censorwatch_capability_status"
        assert (
            _sample(
                page,
                status,
                service="messenger-calls-blocked",
                capability="calls",
                status="blocked",
                technique="udp",
            )
            == 1
        )
        assert (
            _sample(
                page,
                status,
                service="video-throttled",
                capability="media",
                status="degraded",
                technique="throttling",
            )
            == 1
        )
        assert _sample(page, status, service="open-site", capability="web", status="ok") == 1
        assert _sample(page, status, service="open-site", capability="web", status="blocked") == 0
        assert _sample(page, "censorwatch_info", region="lab", provider="loopback") == 1
        assert _sample(page, "censorwatch_network_state", state="online") == 1
        assert _sample(page, "censorwatch_rounds_total") == 1
        assert (
            _sample(
                page,
                "censorwatch_probe_step_duration_seconds_count",
                service="open-site",
                step="tls",
            )
            == 1
        )
        assert not re.search(r"127\.77\.", page)  # no address of the vantage point's network

        # SIGHUP with a broken config: said with file, line and key; the old one runs on.
        good = config.read_text(encoding="utf-8")
        config.write_text(good.replace("interval = 60", 'interval = "often"'), encoding="utf-8")
        w.proc.send_signal(signal.SIGHUP)
        broken = w.wait_for(r"config not reloaded")
        assert f"{config}:" in broken and "settings.interval" in broken
        assert w.proc.poll() is None
        # SIGHUP with a good one that drops a service: its series leave the page.
        config.write_text(good.replace('region = "lab"', 'region = "lab-2"'), encoding="utf-8")
        smaller = _config(lab, tmp_path, SERVICES[1:], labels={"region": "lab-2"})
        assert smaller == config
        w.proc.send_signal(signal.SIGHUP)
        w.wait_for(r"config reloaded: 3 services")
        page = _metrics(where)
        assert "messenger-calls-blocked" not in page
        assert _sample(page, "censorwatch_info", region="lab-2") == 1
    finally:
        code = w.stop()
    assert code == 0, "\n".join(w.lines)
    assert re.search(r"stopped after 1 rounds", w.lines[-1])
    with Store(data, read_only=True) as store:
        stored = {m.service for m in store.measurements()}
    assert set(SERVICES) <= stored


def test_sigterm_during_a_round_stores_that_round_first(lab, tmp_path):
    config = _config(lab, tmp_path, ["ip-timeout", "tls-stall", "domestic-gov"])
    data = tmp_path / "h"
    w = Running(["--agree", "--config", str(config), "--data-dir", str(data)])
    try:
        w.wait_for(r"watching 3 services")
        time.sleep(0.5)  # the first round starts at once; its silent probes take seconds
        w.proc.send_signal(signal.SIGTERM)
        w.wait_for(r"stopping after the round in flight is stored")
    finally:
        code = w.stop(signal_first=False)  # a second SIGTERM would mean "now"
    assert code == 0, "\n".join(w.lines)
    with Store(data, read_only=True) as store:
        assert {m.service for m in store.measurements()} == {
            "ip-timeout",
            "tls-stall",
            "domestic-gov",
        }


def test_one_watch_or_window_per_history(lab, tmp_path, qapp):
    from censorwatch.service.instance import instance_name
    from censorwatch.ui.app import raise_running_instance

    config = _config(lab, tmp_path, ["open-site"])
    data = tmp_path / "h"
    w = Running(["--agree", "--config", str(config), "--data-dir", str(data)])
    try:
        w.wait_for(r"watching 1 services")
        second = run_cli("watch", "--agree", "--config", str(config), "--data-dir", str(data))
        assert second.returncode == 2 and "already uses this history" in second.stderr
        # The window asks the same name (Qt's local socket) and finds it taken.
        assert raise_running_instance(instance_name(data))
        w.wait_for(r"another censorwatch tried to open this history")
    finally:
        assert w.stop() == 0
    # Once it stopped, the history is free again.
    assert not raise_running_instance(instance_name(data))


def test_install_service_writes_a_unit_systemd_accepts(tmp_path):
    units = tmp_path / "units"
    result = run_cli(
        "install-service",
        "--yes",
        "--unit-dir",
        str(units),
        "--data-dir",
        str(tmp_path / "h"),
        "--metrics",
        "127.0.0.1:9464",
    )
    assert result.returncode == 0, result.stderr
    unit = units / "censorwatch.service"
    text = unit.read_text(encoding="utf-8")
    assert re.search(
        r"^ExecStart=/\S+ .*watch --data-dir \S+ --metrics 127.0.0.1:9464$", text, re.M
    )
    assert "systemctl --user enable --now censorwatch.service" in result.stdout
    assert (tmp_path / "h" / "watch-consent.txt").is_file()  # asked, agreed (--yes)
    system = tmp_path / "system"
    result = run_cli("install-service", "--system", "--yes", "--unit-dir", str(system))
    assert result.returncode == 0, result.stderr
    system_text = (system / "censorwatch.service").read_text(encoding="utf-8")
    assert "DynamicUser=yes" in system_text and "--agree" in system_text
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CENSORWATCH_CI"):
            pytest.fail("systemd-analyze is missing (CI installs systemd)")
        pytest.skip("systemd-analyze is not installed: the units were not verified")
    for path in (unit, system / "censorwatch.service"):
        verify = subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
        assert "censorwatch.service" not in verify.stderr, verify.stderr
    removed = run_cli("uninstall-service", "--unit-dir", str(units))
    assert removed.returncode == 0 and not unit.exists()


def test_install_service_asks_first_and_installs_nothing_without_a_yes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "censorwatch", "install-service", "--unit-dir", str(tmp_path)],
        input="n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "nothing installed" in result.stderr
    assert not (tmp_path / "censorwatch.service").exists()
    with contextlib.suppress(FileNotFoundError):
        assert not any(tmp_path.iterdir())


def test_the_window_serves_metrics_only_when_the_settings_ask(qtbot, lab):
    # Off by default; with [settings] metrics set, the window's bridge serves the same page.
    from censorwatch import catalog
    from censorwatch.ui.bridge import EngineBridge

    cat = catalog.load(lab.config_path).select(["messenger-calls-blocked", "open-site"])
    cat.settings.interval = 3600
    quiet = EngineBridge(cat, None)
    assert quiet.metrics is None
    cat.settings.metrics = "127.0.0.1:0"
    bridge = EngineBridge(cat, None)
    try:
        with qtbot.waitSignal(bridge.roundFinished, timeout=60_000):
            bridge.start()
        assert bridge.metrics_server is not None
        url = f"http://127.0.0.1:{bridge.metrics_server.port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as r:  # loopback
            page = r.read().decode()
    finally:
        bridge.stop()
    assert (
        _sample(
            page,
            "censorwatch_capability_status",
            service="messenger-calls-blocked",
            capability="calls",
            status="blocked",
        )
        == 1
    )
