"""History benchmark: a year of 20 services x 3 probes at 1-minute rounds, written through
the store's own write path with the default retention, then timeline queries.

Prints the insert rate, bytes on disk per raw measurement kept, the database size after the
year, and query times for 24 h / 7 d / 30 d / 365 d timelines.

    .venv/bin/python benchmarks/store.py [--scale 1.0] [--folder DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from censorwatch.measurement import Measurement, iso_time
from censorwatch.store import FILENAME, Store

SERVICES = 20
PROBES = (("web", "https"), ("messages", "tcp"), ("calls", "stun"))
ROUND_SECONDS = 60
ROUNDS_PER_BATCH = 60  # the window writes one round at a time; the CLI import, thousands
YEAR = 365 * 86400


def make_round(
    rng: random.Random, index: int, t_ms: int, blocked: set[tuple[int, str]]
) -> list[Measurement]:
    key = f"r-bench-{index}"
    out = []
    for s in range(SERVICES):
        for capability, kind in PROBES:
            is_blocked = (s, capability) in blocked
            lat = rng.lognormvariate(3.5, 0.4)
            status = "blocked" if is_blocked else "ok"
            t = t_ms + rng.randrange(0, 3000)
            out.append(
                Measurement(
                    time=iso_time(t),
                    t_ms=t,
                    round=key,
                    service=f"svc{s:02d}",
                    service_name=f"Service {s}",
                    region="domestic" if s < 3 else "foreign",
                    capability=capability,
                    kind=kind,
                    target=f"svc{s:02d}.example:{443 if kind != 'stun' else 3478}",
                    status=status,
                    technique=("udp" if kind == "stun" else "tcp_timeout") if is_blocked else None,
                    failure="generic_timeout_error" if is_blocked else None,
                    failed_step=("udp" if kind == "stun" else "tcp") if is_blocked else None,
                    dns_ms=round(lat / 3, 1),
                    tcp_ms=None if is_blocked or kind == "stun" else round(lat, 1),
                    tls_ms=None if is_blocked or kind != "https" else round(lat * 2, 1),
                    http_ms=round(lat * 3, 1) if not is_blocked and kind != "tcp" else None,
                    addresses=[f"203.0.113.{s + 1}"],
                    control_addresses=[f"203.0.113.{s + 1}"],
                    evidence={
                        "tcp": [
                            {"address": f"203.0.113.{s + 1}", "failure": "generic_timeout_error"}
                        ]
                    }
                    if is_blocked
                    else {},
                )
            )
    return out


def timed(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def import_figures(lines: int, runs: int = 5) -> None:
    """`censorwatch import` of a log beside parsing the same file alone (json.loads and
    orjson, each line parsed and dropped), `runs` interleaved rounds."""
    import json
    import resource
    import shutil

    import orjson

    from censorwatch.export.shared import read_shared
    from censorwatch.measurement import encode, read_measurements
    from censorwatch.store import import_measurements

    rng = random.Random(11)
    folder = Path(tempfile.mkdtemp(prefix="censorwatch-import-"))
    log = folder / "log.jsonl"
    start_ms = int((time.time() - 14 * 86400) * 1000)
    blocked: set[tuple[int, str]] = set()
    written = 0
    with log.open("w", encoding="utf-8") as out:
        i = 0
        while written < lines:
            if i % 288 == 0:
                blocked = {(rng.randrange(SERVICES), rng.choice(PROBES)[0]) for _ in range(3)}
            for m in make_round(rng, i, start_ms + i * 300_000, blocked):  # 5-minute rounds
                out.write(encode(m) + "\n")
                written += 1
            i += 1
    size = log.stat().st_size

    def parse_json() -> None:
        with log.open(encoding="utf-8") as f:
            for line in f:
                json.loads(line)

    def parse_orjson() -> None:
        with log.open("rb") as f:
            for line in f:
                orjson.loads(line)

    def decode_only() -> None:
        for _m in read_measurements(log, lambda n, r: None):
            pass

    def import_into_store() -> None:
        # As `censorwatch import` reads it: a log this long is decoded in a second process.
        target = Path(tempfile.mkdtemp(dir=folder))
        with Store(target) as store:
            import_measurements(store, read_shared(log, lambda n, r: None))

    # Interleaved: each round times every step once, and each step's ratio is taken to the
    # json.loads of its own round (this machine's speed drifts by a third within minutes).
    steps = {
        "parse alone, json.loads": parse_json,
        "parse alone, orjson": parse_orjson,
        "decode and validate (orjson + checks)": decode_only,
        "import into a new history (two processes)": import_into_store,
    }
    seconds: dict[str, list[float]] = {label: [] for label in steps}
    cpu: list[tuple[float, float]] = []  # the import's (writing, decoding) process CPU
    for _ in range(runs):
        for label, fn in steps.items():
            own = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            begin = time.perf_counter()
            fn()
            seconds[label].append(time.perf_counter() - begin)
            if fn is import_into_store:
                own_after = resource.getrusage(resource.RUSAGE_SELF)
                children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(
                    (
                        own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime,
                        children_after.ru_utime
                        + children_after.ru_stime
                        - children.ru_utime
                        - children.ru_stime,
                    )
                )
    base = seconds["parse alone, json.loads"]
    print(
        f"import: {written:,} lines, {size / 1e6:.0f} MB of JSON Lines (5-minute rounds, 20 services x 3 probes); "
        f"{runs} interleaved rounds, ratios to the same round's json.loads"
    )
    for label, times in seconds.items():
        ratios = sorted(t / b for t, b in zip(times, base, strict=True))
        middle = statistics.median(times)
        print(
            f"  {label:<44} {middle:6.2f} s  {statistics.median(ratios):5.2f} x json.loads "
            f"({ratios[0]:.2f}-{ratios[-1]:.2f})  {written / middle:>9,.0f} lines/s"
        )
    print(
        "  the import's CPU per process (writing, decoding): "
        + ", ".join(f"{w:.2f} + {d:.2f} s" for w, d in cpu)
    )
    shutil.rmtree(folder, ignore_errors=True)


def week_figure(days: float = 7.0) -> None:
    """`censorwatch import` of a week of 1-minute rounds (20 services x 3 probes: 604,800
    lines for 7 days, ending now) into a new data folder, in its own process as a person
    runs it (start-up included), then `censorwatch history --json --since 30d` there."""
    import subprocess
    import sys

    from censorwatch.measurement import encode

    rng = random.Random(13)
    folder = Path(tempfile.mkdtemp(prefix="censorwatch-week-"))
    log = folder / "week.jsonl"
    rounds = int(days * 1440)
    start_ms = int((time.time() - rounds * 60) * 1000)
    blocked: set[tuple[int, str]] = set()
    written = 0
    with log.open("w", encoding="utf-8") as out:
        for i in range(rounds):
            if i % 1440 == 0:
                blocked = {(rng.randrange(SERVICES), rng.choice(PROBES)[0]) for _ in range(3)}
            for m in make_round(rng, i, start_ms + i * 60_000, blocked):
                out.write(encode(m) + "\n")
                written += 1
    exe = [sys.executable, "-m", "censorwatch"]
    data = ["--data-dir", str(folder / "data")]

    def run(*args: str) -> float:
        begin = time.perf_counter()
        subprocess.run([*exe, *args, *data], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - begin

    seconds = run("import", str(log))
    query = statistics.median(run("history", "--json", "--since", "30d") for _ in range(3))
    startup = statistics.median(run("history", "--json", "--since", "1m") for _ in range(3))
    print(
        f"week: {written:,} lines ({log.stat().st_size / 1e6:.0f} MB) imported by `censorwatch import` "
        f"in {seconds:.1f} s: {written / seconds:,.0f} rows/s (target >= 50,000)"
    )
    print(
        f"  `history --json --since 30d` there: {query * 1000:.0f} ms; the same process for the "
        f"last minute (start-up): {startup * 1000:.0f} ms; the query above start-up: "
        f"{(query - startup) * 1000:.0f} ms (target <= 250)"
    )
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of a year (default 1.0)")
    parser.add_argument("--folder", help="keep the database here (default: a temporary folder)")
    parser.add_argument(
        "--import-lines",
        type=int,
        default=200_000,
        help="size of the JSON Lines log for the import figures (0: skip them)",
    )
    parser.add_argument("--import-only", action="store_true", help="only the import figures")
    parser.add_argument(
        "--week-days", type=float, default=7.0, help="days of the week figure (0: skip it)"
    )
    args = parser.parse_args()
    if args.import_lines:
        import_figures(args.import_lines)
    if args.week_days:
        week_figure(args.week_days)
    if args.import_only:
        return
    rng = random.Random(7)
    tmp = None
    if args.folder:
        folder = Path(args.folder)
    else:
        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name)
    store = Store(folder)
    span = int(YEAR * args.scale)
    rounds = span // ROUND_SECONDS
    start_ms = int((time.time() - span) * 1000)
    blocked: set[tuple[int, str]] = set()
    write_seconds = 0.0
    written = 0
    batch: list[Measurement] = []
    last_prune_day = -1
    wall = time.perf_counter()
    for i in range(rounds):
        t_ms = start_ms + i * ROUND_SECONDS * 1000
        if i % 1440 == 0:  # every simulated day, some blocks start and end
            blocked = {(rng.randrange(SERVICES), rng.choice(PROBES)[0]) for _ in range(3)}
        batch.extend(make_round(rng, i, t_ms, blocked))
        if len(batch) >= ROUNDS_PER_BATCH * SERVICES * len(PROBES) or i == rounds - 1:
            begin = time.perf_counter()
            result = store.write(batch)
            write_seconds += time.perf_counter() - begin
            written += result.inserted
            batch = []
            day = i // 1440
            if day != last_prune_day:  # retention runs as the program would: daily at most
                last_prune_day = day
                begin = time.perf_counter()
                store.prune(now=t_ms / 1000)
                write_seconds += time.perf_counter() - begin
    store.prune(now=(start_ms / 1000) + span)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wall = time.perf_counter() - wall
    counts = store.counts()
    size = (folder / FILENAME).stat().st_size
    try:
        raw_bytes = store.conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name IN ('measurements', 'rounds', 'addrsets', 'details')"
        ).fetchone()[0]
        how = "pages of measurements, rounds, address sets and details (dbstat)"
    except Exception:  # noqa: BLE001 - dbstat is optional in SQLite builds
        raw_bytes, how = size, "whole file"
    now = start_ms / 1000 + span
    queries = {}
    for label, seconds in (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400), ("365d", YEAR)):
        queries[label] = timed(
            lambda s=seconds: store.timeline("svc05", "calls", now - s, now, 300)
        )
    service_query = timed(lambda: store.timeline("svc05", None, now - YEAR, now, 300))
    store.close()
    print(
        f"synthetic history: {args.scale:g} year, {SERVICES} services x {len(PROBES)} probes, 1-minute rounds"
    )
    print(
        f"written: {written:,} measurements in {write_seconds:.1f} s of store time ({wall:.1f} s wall, with generation)"
    )
    print(f"insert rate: {written / write_seconds:,.0f} measurements/s (target >= 50,000)")
    print(
        f"kept: {counts['measurements']:,} raw measurements, {counts['rollups']:,} rollup rows, {counts['changes']:,} state changes"
    )
    print(
        f"bytes per raw measurement kept: {raw_bytes / max(1, counts['measurements']):.0f} ({how}; target <= 120)"
    )
    print(f"database size: {size / 1e6:.1f} MB (target <= 400 MB for a year)")
    for label, ms in queries.items():
        print(
            f"timeline {label:>4}, 300 buckets, one capability: {ms:.1f} ms (median of 7; target <= 50)"
        )
    print(f"timeline 365d, 300 buckets, a whole service: {service_query:.1f} ms")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
