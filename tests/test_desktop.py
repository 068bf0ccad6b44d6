"""Living on the desktop and keeping the person safe: menu and autostart entries, one running
instance, the first-run notice, and the VPN or proxy hint recorded with each round."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from censorwatch import catalog, desktop
from censorwatch.measurement import Measurement
from censorwatch.probes.tunnel import tunnel_hint
from censorwatch.resources import resources_dir
from censorwatch.store import Store, iso_from_ms
from tests.conftest import run_cli


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        if os.environ.get("CENSORWATCH_CI") == "1":
            pytest.fail("desktop-file-validate is missing in CI (.ci/run installs it)")
        pytest.skip("desktop-file-validate is not installed (.ci/run installs it)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_desktop_entry_is_valid():
    validate(resources_dir() / "censorwatch.desktop")
    assert (resources_dir() / "censorwatch.svg").read_text().startswith("<svg")


def test_install_and_uninstall_for_the_current_user(tmp_path):
    entry, icon = desktop.install(tmp_path)
    assert entry == tmp_path / "applications" / "censorwatch.desktop" and icon.exists()
    validate(entry)
    assert "Exec=" in entry.read_text() and "censorwatch" in entry.read_text()
    assert desktop.uninstall(tmp_path) == [entry, icon]
    assert not entry.exists() and not icon.exists()


def test_install_desktop_command(tmp_path):
    # After `pipx install`, the command puts the menu entry and icon in place.
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path)}
    run = [sys.executable, "-m", "censorwatch"]
    done = subprocess.run([*run, "install-desktop"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entry = tmp_path / "d" / "applications" / "censorwatch.desktop"
    assert f"wrote {entry}" in done.stdout
    validate(entry)
    done = subprocess.run([*run, "uninstall-desktop"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and not entry.exists()


def test_autostart_entry_written_and_removed(tmp_path):
    assert not desktop.autostart_enabled(tmp_path)
    desktop.set_autostart(True, tmp_path)
    path = tmp_path / "autostart" / "censorwatch.desktop"
    assert desktop.autostart_enabled(tmp_path) and "--minimized" in path.read_text()
    validate(path)
    desktop.set_autostart(False, tmp_path)
    assert not path.exists() and not desktop.autostart_enabled(tmp_path)


def _route(tmp_path: Path, iface: str) -> Path:
    proc = tmp_path / "proc"
    (proc / "net").mkdir(parents=True)
    (proc / "net" / "route").write_text(
        "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
        f"{iface}\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\n"
    )
    return proc


def test_tunnel_hint(tmp_path):
    empty = tmp_path / "net"
    (empty / "eth0").mkdir(parents=True)
    (empty / "eth0" / "operstate").write_text("up\n")
    assert tunnel_hint(_route(tmp_path / "a", "eth0"), empty, {}) is None
    assert tunnel_hint(_route(tmp_path / "b", "wg0"), empty, {}) == "route:wg0"
    (empty / "tun0").mkdir()
    (empty / "tun0" / "operstate").write_text("unknown\n")
    assert tunnel_hint(_route(tmp_path / "c", "eth0"), empty, {}) == "interface:tun0"
    (empty / "tun0" / "operstate").write_text("down\n")
    assert (
        tunnel_hint(_route(tmp_path / "d", "eth0"), empty, {"HTTPS_PROXY": "http://10.0.0.1:3128"})
        == "proxy:HTTPS_PROXY"
    )


def test_each_round_records_the_tunnel(lab, tmp_path):
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--service",
        "open-site",
        "--json",
        "--data-dir",
        str(tmp_path),
    )
    report = json.loads(result.stdout)
    assert "tunnel" in report["network"]
    with Store(tmp_path) as store:
        store.write(
            [
                Measurement(
                    time=iso_from_ms(1_790_000_000_000),
                    round="r-vpn",
                    service="x",
                    service_name="X",
                    region="foreign",
                    capability="web",
                    kind="https",
                    target="https://x.test/",
                    status="ok",
                    tunnel="route:wg0",
                )
            ]
        )
        assert store.conn.execute("SELECT tunnel FROM rounds WHERE key = 'r-vpn'").fetchone() == (
            "route:wg0",
        )


def _gui(lab, tmp_path, monkeypatch):
    from censorwatch.ui.app import build_gui

    monkeypatch.setenv("CENSORWATCH_SETTINGS_DIR", str(tmp_path / "settings"))
    (tmp_path / "settings").mkdir(exist_ok=True)
    config = tmp_path / "config.toml"
    shutil.copyfile(lab.config_path, config)
    ns = argparse.Namespace(
        demo=False,
        screenshot=None,
        minimized=False,
        config=str(config),
        data_dir=str(tmp_path / "history"),
    )
    return build_gui(ns, tmp_path / "unused.toml"), config


def test_first_run_notice_comes_before_any_check(qtbot, lab, tmp_path, monkeypatch):
    from censorwatch.ui.app import ask_first

    gui, config = _gui(lab, tmp_path, monkeypatch)
    try:
        assert gui.first_run
        notice = ask_first(gui)
        qtbot.waitUntil(notice.isVisible, timeout=5000)
        assert "can see these connections" in notice.findChildren(type(notice.error))[0].text()
        assert not gui.bridge.started  # nothing sent yet
        notice.picker.set_chosen(set())
        with qtbot.waitSignal(notice.finished, timeout=5000):
            notice.start()
        qtbot.waitUntil(lambda: gui.bridge.started, timeout=5000)
        assert catalog.load(config).services == []  # the choice is remembered
        assert gui.window.settings.value("first_run_done", False, type=bool)
        assert gui.window.model.rowCount() == 0
    finally:
        gui.close()


def test_first_run_quit_sends_nothing(qtbot, lab, tmp_path, monkeypatch):
    from censorwatch.ui.app import ask_first

    gui, _ = _gui(lab, tmp_path, monkeypatch)
    quits = []
    monkeypatch.setattr(gui.window, "quit", lambda: quits.append(True))
    try:
        notice = ask_first(gui)
        with qtbot.waitSignal(notice.finished, timeout=5000):
            notice.reject()
        assert quits == [True] and not gui.bridge.started
    finally:
        gui.close()


def test_a_second_start_raises_the_first(lab, tmp_path):
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    ini = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
    ini.setValue("first_run_done", True)
    ini.sync()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CENSORWATCH_SETTINGS_DIR": str(settings_dir),
    }
    args = [
        sys.executable,
        "-m",
        "censorwatch",
        "--config",
        str(lab.config("hostile")),
        "--data-dir",
        str(tmp_path / "h"),
    ]
    first = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from PySide6.QtNetwork import QLocalSocket

        from censorwatch.ui.app import instance_name

        name = instance_name(tmp_path / "h")
        deadline = time.monotonic() + 60
        listening = False
        while time.monotonic() < deadline and first.poll() is None and not listening:
            probe = QLocalSocket()
            probe.connectToServer(name)
            listening = probe.waitForConnected(200)
            probe.abort()
            time.sleep(0.1)
        assert listening, "the first censorwatch never listened"
        second = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0 and "already running" in second.stdout
        assert first.poll() is None  # the first one still runs
    finally:
        first.terminate()
        first.wait(20)
