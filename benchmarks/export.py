"""Export benchmark: 1,000,000 stored measurements written out in every format.

Each export runs as `censorwatch export` in its own process, so its wall time and peak memory
(max RSS, from wait4) are its own; a 100,000-measurement export beside it shows whether
memory stays flat as the log grows.

    .venv/bin/python benchmarks/export.py [--measurements 1000000] [--history DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def fill(folder: Path, n: int) -> None:
    from censorwatch.store import Retention, Store
    from store import PROBES, SERVICES, make_round

    rng = random.Random(5)
    per_round = SERVICES * len(PROBES)
    rounds = n // per_round
    start_ms = int((time.time() - rounds * 60) * 1000)
    with Store(folder, Retention(raw=None, minute=None, hour=None)) as store:
        batch, blocked = [], set()
        for i in range(rounds):
            if i % 1440 == 0:
                blocked = {(rng.randrange(SERVICES), rng.choice(PROBES)[0]) for _ in range(3)}
            batch += make_round(rng, i, start_ms + i * 60_000, blocked)
            if len(batch) >= 30_000:
                store.write(batch)
                batch = []
        store.write(batch)


def run_export(folder: Path, fmt: str, out: Path, since: str) -> tuple[float, float, int]:
    begin = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "censorwatch",
            "export",
            "--format",
            fmt,
            "-o",
            str(out),
            "--since",
            since,
            "--data-dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - begin
    if status != 0:
        raise SystemExit(f"export {fmt} failed ({status})")
    return elapsed, usage.ru_maxrss / 1024, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measurements", type=int, default=1_000_000)
    parser.add_argument("--history", help="reuse (or make) the history here")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(args.history) if args.history else Path(tmp.name) / "history"
    if not (folder / "history.sqlite3").exists():
        begin = time.perf_counter()
        fill(folder, args.measurements)
        print(f"stored {args.measurements:,} measurements in {time.perf_counter() - begin:.0f} s")
    minutes = args.measurements // 60 + 10
    small = f"{max(1, minutes // 10)}m"  # about a tenth of the log
    everything = "all"
    print(
        f"{'format':<6} {'measurements':>12} {'seconds':>8} {'MB out':>8} {'peak RSS MB':>12} {'RSS at 1/10':>12}"
    )
    for fmt in ("csv", "jsonl", "ooni", "html"):
        out = Path(tmp.name) / f"out.{fmt}"
        seconds, rss, size = run_export(folder, fmt, out, everything)
        _, rss_small, _ = run_export(folder, fmt, Path(tmp.name) / f"small.{fmt}", small)
        print(
            f"{fmt:<6} {args.measurements:>12,} {seconds:>8.1f} {size / 1e6:>8.0f} {rss:>12.0f} {rss_small:>12.0f}"
        )
    print(
        "targets: csv and jsonl <= 10 s for 1,000,000; peak memory flat (about the same at 1/10 of the log)"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
