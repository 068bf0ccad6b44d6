"""Weeks of running, compressed: the window against the lab, rounds back to back, with chart
redraws, range switches, selection changes, dialogs and shared-log windows opened and closed;
then idle, to measure what the window costs when nothing is due.

Prints RSS, Python and Qt objects, open files, threads, SQLite size and CPU per round every
`--every` rounds; then, after the warm-up, the growth per simulated day (288 rounds: the
default 5-minute interval), and for the idle phase the CPU share, the wakeups of all threads
and the timer events of the GUI thread per second. The lab runs in its own process, so its
work is not counted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/soak.py [--rounds 864] [--idle 60]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROUNDS_PER_DAY = 288  # the default interval of 300 s
# Lab services that answer at once (no timeouts), so rounds run back to back: this measures
# the window, not the network.
SERVICES = [
    "open-site",
    "messenger-ok",
    "dns-nxdomain",
    "dns-poisoned",
    "ip-refused",
    "sni-reset",
    "tls-reset",
    "mitm",
    "blockpage-redirect",
    "blockpage-body",
    "http-reset",
    "domestic-gov",
    "domestic-search",
    "domestic-social",
]


def start_lab(folder: Path) -> tuple[subprocess.Popen, Path]:
    lab = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "lab", "--no-vpn", "--folder", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert lab.stdout is not None
    config = next(
        line.split(": ", 1)[1].strip() for line in lab.stdout if line.startswith("config: ")
    )
    return lab, Path(config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3 * ROUNDS_PER_DAY)
    parser.add_argument("--every", type=int, default=ROUNDS_PER_DAY // 4)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle measured")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="censorwatch-soak-"))
    os.environ["CENSORWATCH_SETTINGS_DIR"] = str(tmp)
    os.environ["XDG_STATE_HOME"] = str(tmp / "state")
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    lab, config = start_lab(tmp / "lab")

    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from shiboken6 import Shiboken

    from censorwatch import catalog, health
    from censorwatch.export import export
    from censorwatch.store import Store
    from censorwatch.ui import background
    from censorwatch.ui.app import build_gui
    from censorwatch.ui.chart import RANGES

    cat = catalog.load(config).select(SERVICES)
    cat.settings.interval = 86400  # nothing falls due by itself: the benchmark drives rounds
    history = tmp / "history"
    (tmp / "window.ini").write_text("[General]\nfirst_run_done=true\n")
    gui = build_gui(
        SimpleNamespace(demo=False, config=None, data_dir=str(history), screenshot=None),
        tmp / "no-config.toml",
        catalog_override=cat,
    )
    app, window, bridge = gui.app, gui.window, gui.bridge

    def wait(signal, ms: int = 60_000) -> bool:
        loop, fired = QEventLoop(), []
        timer = QTimer(singleShot=True, interval=ms)

        def done(*_a) -> None:
            fired.append(True)
            loop.quit()

        signal.connect(done)
        timer.timeout.connect(loop.quit)
        timer.start()
        loop.exec()
        timer.stop()
        signal.disconnect(done)
        return bool(fired)

    def settle() -> None:
        deadline = time.monotonic() + 10
        while background.pending() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        # This script drives the window from outside app.exec(): deleteLater() would wait for
        # a main loop that never starts (in the program, it always runs), so flush it here.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def db_mb() -> float:
        return sum(p.stat().st_size for p in history.glob("history.sqlite3*") if p.is_file()) / 1e6

    rows = [service_row for service_row in range(window.model.rowCount())]
    service_rows = [r for r in rows if not window.model.is_group_row(r)]
    spans = itertools.cycle(seconds for _, seconds in RANGES)
    columns = itertools.cycle(range(window.model.columnCount() - 2))
    bridge.start()
    wait(bridge.historyWritten)
    settle()

    header = f"{'round':>6} {'sim. day':>8} {'RSS MB':>7} {'py objs':>8} {'Qt objs':>7} {'fds':>4} {'thr':>4} {'db MB':>6} {'CPU ms/round':>12}"
    print(header)
    print("-" * len(header))
    samples = []
    cpu_mark, rounds_mark = health.cpu_seconds(), 0
    round_times: list[float] = []
    for n in range(1, args.rounds + 1):
        round_times.append(time.time())
        bridge.check_now(None)
        if not wait(bridge.historyWritten):
            print(f"round {n}: no history after 60 s", file=sys.stderr)
        # What a person does meanwhile: another cell, now and then another range.
        row = service_rows[n % len(service_rows)]
        window.grid.setCurrentIndex(window.model.index(row, next(columns)))
        if n % 5 == 0:
            window.chart.set_span(next(spans))
        if n % 25 == 0:
            for dialog in (window.export_log(), window.edit_settings()):
                if dialog is not None:
                    settle()
                    dialog.close()
            log = tmp / "shared.jsonl"
            # What a person shares: an hour of history, 12 rounds at the default interval
            # (in compressed time "the last hour" would be the whole run).
            with Store(history, read_only=True) as store:
                export(store, "jsonl", log, since=round_times[-12], redact=False)
            window.open_shared(log)
            settle()
            for shared in list(window.shared_windows):
                shared.close()
        settle()
        if n % args.every == 0:
            cpu_now = health.cpu_seconds()
            figures = {
                "round": n,
                "rss_mb": (health.rss_kb() or 0) / 1024,
                "objects": len(__import__("gc").get_objects()),
                "qt": len(Shiboken.getAllValidWrappers()),
                "fds": health.open_fds(),
                "threads": __import__("threading").active_count(),
                "db_mb": db_mb(),
                "cpu_ms": 1000 * (cpu_now - cpu_mark) / (n - rounds_mark),
            }
            cpu_mark, rounds_mark = cpu_now, n
            samples.append(figures)
            print(
                f"{n:>6} {n / ROUNDS_PER_DAY:>8.2f} {figures['rss_mb']:>7.1f} {figures['objects']:>8,} "
                f"{figures['qt']:>7,} {figures['fds']:>4} {figures['threads']:>4} {figures['db_mb']:>6.1f} {figures['cpu_ms']:>12.1f}",
                flush=True,
            )

    # Growth per simulated day after the first simulated day (caches, the allocator's
    # arenas and SQLite's page cache fill during it): least squares over the samples.
    warm = [s for s in samples if s["round"] > ROUNDS_PER_DAY] or samples
    if len(warm) >= 2:
        xs = [s["round"] / ROUNDS_PER_DAY for s in warm]
        for key, label in (
            ("rss_mb", "RSS, MB"),
            ("qt", "Qt objects"),
            ("objects", "Python objects"),
        ):
            ys = [s[key] for s in warm]
            slope = statistics.linear_regression(xs, ys).slope
            print(f"growth per simulated day after warm-up: {label}: {slope:+.2f}")

    # Idle: nothing due. Count what wakes the process.
    class TimerEvents(QObject):
        count = 0

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Timer:
                TimerEvents.count += 1
            return False

    counter = TimerEvents()
    app.installEventFilter(counter)
    settle()
    cpu0, wake0, t0 = health.cpu_seconds(), health.thread_wakeups(), time.monotonic()
    loop = QEventLoop()
    QTimer.singleShot(int(args.idle * 1000), loop.quit)
    loop.exec()
    elapsed = time.monotonic() - t0
    cpu = health.cpu_seconds() - cpu0
    wakeups = health.wakeups_since(wake0)
    app.removeEventFilter(counter)
    print(
        f"idle {elapsed:.0f} s: CPU {100 * cpu / elapsed:.3f} % of a core; "
        f"{wakeups / elapsed:.2f} wakeups/s (all threads); "
        f"{(TimerEvents.count - 1) / elapsed:.3f} timer events/s in the GUI thread"
    )
    gui.close()
    lab.terminate()
    lab.wait()
    QApplication.instance().quit()


if __name__ == "__main__":
    main()
