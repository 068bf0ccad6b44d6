"""`censorwatch watch` over weeks, compressed, and its metrics page under a team's scrapes.

1. Rounds back to back (the lab's services that answer at once), in this process, with the
   history and the metrics on: RSS, Python objects, open files, threads and the history's
   size every `--every` rounds, then the growth per simulated day (288 rounds, the default
   5-minute interval) after the warm-up.
2. The metrics page of a vantage point watching 100 services: the time to render it (once
   per round) and the time of a scrape over HTTP (median of `--scrapes`), and the series a
   vantage point adds: for 100 services and for the built-in catalog.
3. Idle: a real `censorwatch watch` subprocess between rounds (interval one hour): its CPU
   share and wakeups (context switches) per second over `--idle` seconds.

    .venv/bin/python benchmarks/watch.py [--rounds 864] [--every 144] [--idle 60]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from censorwatch import applog, catalog
from censorwatch.engine import Engine
from censorwatch.service.metrics import Metrics
from censorwatch.service.metrics_server import MetricsServer
from censorwatch.service.watch import Log, Watch
from censorwatch.store import Store

ROUNDS_PER_DAY = 288
SERVICES = [
    "open-site",
    "messenger-ok",
    "dns-nxdomain",
    "ip-refused",
    "sni-reset",
    "tls-reset",
    "mitm",
    "blockpage-body",
    "domestic-gov",
    "domestic-search",
]


def start_lab(folder: Path) -> subprocess.Popen:
    lab = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "lab", "--no-vpn", "--folder", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert lab.stdout is not None
    for line in lab.stdout:
        if line.startswith("try:"):
            break
    return lab


def figures(proc: psutil.Process, store_dir: Path) -> dict[str, float]:
    gc.collect()
    return {
        "rss_mb": proc.memory_info().rss / 2**20,
        "objects": len(gc.get_objects()),
        "files": proc.num_fds() if hasattr(proc, "num_fds") else 0,
        "threads": proc.num_threads(),
        "history_mb": sum(f.stat().st_size for f in store_dir.glob("history.sqlite3*")) / 2**20,
    }


async def compressed(cat: catalog.Catalog, data: Path, rounds: int, every: int) -> None:
    proc = psutil.Process()
    logging.getLogger(applog.LOGGER).addHandler(logging.NullHandler())  # state changes: quiet
    quiet = Log(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the whole run
    with Store(data) as store:
        watch = Watch(cat, store, lambda: cat, metrics=("127.0.0.1", 0), log=quiet)
        watch.server = MetricsServer(watch.metrics, "127.0.0.1", 0)
        rows = []
        started = time.perf_counter()
        cpu0 = proc.cpu_times()
        for i in range(1, rounds + 1):
            watch.scheduler.check_now()
            await watch.scheduler.run_once()
            with urllib.request.urlopen(f"http://127.0.0.1:{watch.server.port}/metrics") as r:
                r.read()  # a scrape per round, as a team's Prometheus would
            if i % every == 0 or i == 1:
                f = figures(proc, data)
                rows.append((i, f))
                print(
                    f"round {i:5d}: RSS {f['rss_mb']:6.1f} MB, objects {f['objects']:7d}, "
                    f"files {f['files']:3.0f}, threads {f['threads']:2.0f}, "
                    f"history {f['history_mb']:5.2f} MB",
                    flush=True,
                )
        cpu = proc.cpu_times()
        wall = time.perf_counter() - started
        watch.server.close()
    per_round = ((cpu.user - cpu0.user) + (cpu.system - cpu0.system)) / rounds
    print(f"{rounds} rounds in {wall:.0f} s; CPU {1000 * per_round:.0f} ms per round")
    warm = [r for r in rows if r[0] >= max(every, rounds // 4)]
    if len(warm) >= 2:
        (a, fa), (b, fb) = warm[0], warm[-1]
        days = (b - a) / ROUNDS_PER_DAY
        for key, unit in (("rss_mb", "MB"), ("objects", ""), ("files", ""), ("threads", "")):
            print(
                f"growth per simulated day after warm-up: {key} {(fb[key] - fa[key]) / days:+.2f} {unit}"
            )


def scrape_figures(cat: catalog.Catalog, scrapes: int) -> None:
    """A 100-service vantage point, from a real lab round copied under new names."""
    rnd = asyncio.run(Engine(cat).run_round())
    services = []
    for i in range(100):
        base = rnd.services[i % len(rnd.services)]
        service = dataclasses.replace(base.service, id=f"svc-{i:03d}")
        services.append(dataclasses.replace(base, service=service))
    big = dataclasses.replace(rnd, services=services)
    metrics = Metrics({"region": "bench"})
    renders = []
    for _ in range(20):
        t = time.perf_counter()
        metrics.round_finished(big)
        renders.append(time.perf_counter() - t)
    server = MetricsServer(metrics, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.port}/metrics"
    times = []
    for _ in range(scrapes):
        t = time.perf_counter()
        with urllib.request.urlopen(url) as r:
            body = r.read()
        times.append(time.perf_counter() - t)
    server.close()
    caps = sum(len(s.capabilities) for s in big.services)
    print(
        f"100 services ({caps} capabilities): page {len(body) / 1024:.0f} KB, {metrics.series()} series; "
        f"render per round {1000 * statistics.median(renders):.1f} ms (median of 20); "
        f"scrape {1000 * statistics.median(times):.2f} ms median, "
        f"{1000 * sorted(times)[int(0.95 * len(times))]:.2f} ms p95 (of {scrapes}; goal <= 10 ms)"
    )
    per_service = metrics.series() / 100
    builtin = catalog.load_default()
    print(
        f"series per service watched: {per_service:.0f} (lab services, 1-2 capabilities each); "
        f"the built-in catalog ({len(builtin.services)} services): about "
        f"{per_service * len(builtin.services):.0f} series per vantage point"
    )


def idle_figures(config: Path, data: Path, seconds: float) -> None:
    watch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "censorwatch",
            "watch",
            "--agree",
            "--config",
            str(config),
            "--data-dir",
            str(data),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert watch.stderr is not None
    for line in watch.stderr:
        if "first round" in line:
            break
    time.sleep(2)  # the round's tail (history written)
    p = psutil.Process(watch.pid)
    cpu0, ctx0, t0 = p.cpu_times(), p.num_ctx_switches(), time.perf_counter()
    time.sleep(seconds)
    cpu, ctx, t = p.cpu_times(), p.num_ctx_switches(), time.perf_counter()
    watch.terminate()
    watch.wait(60)
    watch.stderr.close()
    used = (cpu.user - cpu0.user) + (cpu.system - cpu0.system)
    switches = (ctx.voluntary - ctx0.voluntary) + (ctx.involuntary - ctx0.involuntary)
    print(
        f"idle {seconds:.0f} s between rounds: CPU {100 * used / (t - t0):.3f} %, "
        f"{switches / (t - t0):.2f} wakeups/s (main thread)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=864)
    ap.add_argument("--every", type=int, default=144)
    ap.add_argument("--scrapes", type=int, default=500)
    ap.add_argument("--idle", type=float, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cw-watch-bench-") as tmp:
        folder = Path(tmp)
        lab = start_lab(folder / "lab")
        try:
            cat = catalog.load(folder / "lab" / "lab.toml").select(SERVICES)
            cat.settings.retries = 0
            asyncio.run(compressed(cat, folder / "history", args.rounds, args.every))
            scrape_figures(cat, args.scrapes)
            cat.settings.interval = 3600
            config = folder / "idle.toml"
            config.write_text(catalog.dumps(cat), encoding="utf-8")
            idle_figures(config, folder / "idle-history", args.idle)
        finally:
            lab.terminate()
            lab.wait(30)


if __name__ == "__main__":
    main()
