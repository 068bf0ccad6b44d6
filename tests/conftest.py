"""Shared fixtures: the network guard, the lab (one per session), and helpers to run the CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GUARD_DIR = HERE / "netguard"
sys.path.insert(0, str(GUARD_DIR))
import sitecustomize as netguard  # noqa: E402  (the guard shipped with the tests)

netguard.install()


@pytest.fixture(scope="session")
def guard_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("netguard") / "violations.log"
    path.touch()
    os.environ["CENSORWATCH_NETGUARD_LOG"] = str(path)
    os.environ["CENSORWATCH_NETGUARD"] = "1"
    # Commands that keep history write it here, never into the user's own folder; logs,
    # caches (scratch folders) and state go to the session's folders too.
    os.environ["CENSORWATCH_DATA_DIR"] = str(tmp_path_factory.mktemp("history"))
    for variable in ("XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(tmp_path_factory.mktemp(variable.lower()))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(GUARD_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return path


@pytest.fixture(autouse=True)
def _no_traffic_outside_loopback(guard_log: Path):
    before = guard_log.read_text(encoding="utf-8")
    yield
    after = guard_log.read_text(encoding="utf-8")
    if after != before:
        pytest.fail("traffic outside 127.0.0.0/8 was attempted:\n" + after[len(before) :])


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    from censorwatch.lab import Lab

    running = Lab(tmp_path_factory.mktemp("lab")).start()
    yield running
    running.stop()


def run_cli(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The real program in a subprocess, under the guard."""
    return subprocess.run(
        [sys.executable, "-m", "censorwatch", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**(env if env is not None else os.environ), "PYTHONIOENCODING": "utf-8"},
    )


def run(coro):
    return asyncio.run(coro)


WINDOW_SERVICES = [
    "messenger-calls-blocked",
    "open-site",
    "sni-reset",
    "video-throttled",
    "domestic-gov",
]


@pytest.fixture
def lab_catalog(lab):
    from censorwatch import catalog

    cat = catalog.load(lab.config_path).select(WINDOW_SERVICES)
    cat.settings.interval = 3600
    return cat


@pytest.fixture
def window(qtbot, lab_catalog, tmp_path):
    """The main window over a seeded history and a bridge to the lab (not started)."""
    from PySide6.QtCore import QSettings

    from censorwatch.store.writer import StoreWriter
    from censorwatch.ui.app import seed_demo_history
    from censorwatch.ui.bridge import EngineBridge
    from censorwatch.ui.window import MainWindow

    writer = StoreWriter(tmp_path / "history")
    assert writer.wait_open(60)  # it opens in its own thread: the seeding comes after
    seed_demo_history(tmp_path / "history", lab_catalog)
    bridge = EngineBridge(lab_catalog, writer)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lab_catalog, tmp_path / "history", bridge, settings)
    qtbot.addWidget(win)
    win.show()
    yield win, bridge
    bridge.stop()
    writer.close()


@pytest.fixture
def russian(qapp, tmp_path, monkeypatch):
    """Qt's translator and ours speaking Russian for one test; the window's settings to
    build it with. English again afterwards."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from censorwatch.diagnosis import wording
    from censorwatch.ui.app import install_translation

    monkeypatch.setenv("CENSORWATCH_LANG", "ru")
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    assert install_translation(qapp, settings) == "ru"
    wording.set_translator(QCoreApplication.translate)
    try:
        yield settings
    finally:
        for t in getattr(qapp, "_censorwatch_translators", ()):
            qapp.removeTranslator(t)
        wording.reset_translator()
