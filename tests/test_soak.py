"""The window left running: the real program, offscreen, against the lab with 10-second
intervals for a bounded time (CENSORWATCH_SOAK_SECONDS, default 100). It fails when the
process dies, when the reference counts of None/True/False drift downwards, when Qt objects,
Python objects or open files grow, when rounds stop reaching the history, or when SIGTERM
does not end it cleanly. Run it alone with `pytest -m soak`.

The figures are read inside the process by tests/soakprobe/sitecustomize.py, independently
of censorwatch's own code."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from censorwatch import catalog

pytestmark = pytest.mark.soak

HERE = Path(__file__).resolve().parent
SERVICES = [
    "open-site",
    "messenger-calls-blocked",
    "messenger-ok",
    "sni-reset",
    "freeze",
    "blockpage-body",
    "dns-nxdomain",
    "video-throttled",
    "domestic-gov",
    "domestic-search",
]
WARM_UP = 30.0  # seconds: imports, the first rounds, caches filling


def _config(lab, folder: Path) -> Path:
    cat = catalog.load(lab.config_path).select(SERVICES)
    cat.settings.interval = 10
    path = folder / "soak.toml"
    catalog.save(cat, path)
    return path


def _samples(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _drift(samples: list[dict], key: str) -> tuple[float, float]:
    """The median of the first third of the samples and of the last third: a round in
    flight holds references for a moment, a leak moves the whole level."""
    values = [s[key] for s in samples if key in s]
    third = max(1, len(values) // 3)
    return statistics.median(values[:third]), statistics.median(values[-third:])


def test_the_window_runs_for_minutes_without_dying_or_leaking(lab, tmp_path):
    seconds = float(os.environ.get("CENSORWATCH_SOAK_SECONDS", "100"))
    config = _config(lab, tmp_path)
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "window.ini").write_text("[General]\nfirst_run_done=true\n")
    history = tmp_path / "history"
    samples_path = tmp_path / "samples.jsonl"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CENSORWATCH_SETTINGS_DIR": str(settings),
        "CENSORWATCH_SOAK_SAMPLES": str(samples_path),
        "CENSORWATCH_SOAK_EVERY": "3",
        "PYTHONPATH": os.pathsep.join([str(HERE / "soakprobe"), os.environ["PYTHONPATH"]]),
    }
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("w") as stderr:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "censorwatch",
                "--config",
                str(config),
                "--data-dir",
                str(history),
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
        started = time.time()
        try:
            while time.time() - started < seconds:
                if proc.poll() is not None:
                    pytest.fail(
                        f"the window died after {time.time() - started:.0f} s "
                        f"(exit {proc.returncode}):\n{stderr_path.read_text()[-3000:]}"
                    )
                time.sleep(1)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    samples = [s for s in _samples(samples_path) if s["t"] >= started + WARM_UP]
    assert len(samples) >= 10, f"too few samples: {len(samples)}"
    report = {key: _drift(samples, key) for key in samples[0] if key not in ("t", "cpu_s")}
    span = samples[-1]["t"] - samples[0]["t"]
    report["cpu_percent_after_warm_up"] = round(
        100 * (samples[-1]["cpu_s"] - samples[0]["cpu_s"]) / span, 2
    )
    print("soak figures (after warm-up: first, last):", json.dumps(report))
    # A binding that drops references loses thousands a minute while the objects stay; a
    # count falls otherwise only as objects holding None/True/False are freed (a round's
    # results let go: about a quarter of a reference per object freed was seen). So the
    # allowance is tens, plus half a reference per object the collector no longer tracks.
    objects_first, objects_last = report["gc_objects"]
    freed = max(0.0, objects_first - objects_last)
    for key in ("refs_none", "refs_true", "refs_false"):
        first, last = report[key]
        allowed = 150 + 0.5 * freed
        assert last >= first - allowed, (
            f"{key} fell from {first} to {last} ({freed:.0f} objects freed)"
        )
    first, last = report["qt_wrappers"]
    assert last <= first + 20, f"Qt objects grew from {first} to {last}"
    assert report["qt_points"][1] <= 2 * 100 + 60, "pyqtgraph's Point cache outgrew its bound"
    first, last = report["gc_objects"]
    assert last <= first * 1.05 + 2000, f"Python objects grew from {first} to {last}"
    first, last = report["fds"]
    assert last <= first + 4, f"open files grew from {first} to {last}"
    first, last = report["threads"]
    assert last <= first + 2, f"threads grew from {first} to {last}"
    assert code == 0, (
        f"SIGTERM did not end the window cleanly (exit {code}):\n{stderr_path.read_text()[-3000:]}"
    )

    # closing() closes; a connection's own `with` only ends a transaction.
    with contextlib.closing(
        sqlite3.connect(f"file:{history / 'history.sqlite3'}?mode=ro", uri=True)
    ) as db:
        rounds, last_ms = db.execute("SELECT count(*), max(t_ms) FROM rounds").fetchone()
    assert rounds >= seconds / 10 / 2, f"only {rounds} rounds reached the history"
    assert last_ms / 1000 >= started + seconds - 40, "rounds stopped reaching the history"
