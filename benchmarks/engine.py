"""Engine benchmark: 1,000 mixed tcp/tls probes against the lab at concurrency 100.

Prints probes per second, and the engine's TCP connect time against a bare
`asyncio.open_connection` baseline measured in the same run, on the same lab. The lab runs
in its own process (as `censorwatch lab`), so its work does not share our core.

    .venv/bin/python benchmarks/engine.py [--probes 1000] [--concurrency 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time

from censorwatch import catalog
from censorwatch.catalog import Catalog, ProbeSpec, Service
from censorwatch.engine import Engine
from censorwatch.lab import hosts


def start_lab(folder: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "lab", "--no-vpn", "--folder", folder],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in proc.stdout:
        if line.startswith("config: "):
            return proc, line.split(": ", 1)[1].strip()
    raise SystemExit("the lab did not start")


def make_catalog(lab_config: str, probes: int, concurrency: int, mix: str) -> Catalog:
    base = catalog.load(lab_config)
    base.settings.concurrency = concurrency
    base.settings.retries = 0
    port = next(p.port for s in base.services for p in s.probes if p.kind == "tls")
    services = []
    for i in range(probes // 10):
        specs = []
        for j in range(10):
            kind = "tcp" if mix == "tcp" or (mix == "mixed" and j % 2 == 0) else "tls"
            # Literal addresses: the benchmark measures connections, not the DNS cache.
            sni = f"svc{i}.{hosts.DOMAIN}" if kind == "tls" else None
            specs.append(ProbeSpec("web", kind, host=hosts.OPEN, port=port, sni=sni))
        services.append(Service(f"svc{i}", f"Service {i}", probes=specs))
    return Catalog(base.settings, services, "benchmark")


async def bare_connects(port: int, n: int, concurrency: int) -> list[float]:
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []

    async def one():
        async with gate:
            start = time.perf_counter()
            _, writer = await asyncio.open_connection(hosts.OPEN, port)
            times.append((time.perf_counter() - start) * 1000)
            writer.transport.abort()

    await asyncio.gather(*(one() for _ in range(n)))
    return times


def engine_round(cat: Catalog):
    engine = Engine(cat)
    start = time.perf_counter()
    rnd = asyncio.run(engine.run_round())
    elapsed = time.perf_counter() - start
    records = [p.record for s in rnd.services for p in s.probes]
    failed = [r for r in records if r.failure]
    connects = [t.time_ms for r in records for t in r.tcp[:1] if t.time_ms is not None]
    return elapsed, len(records), len(failed), connects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        proc, config = start_lab(folder)
        try:
            mixed = make_catalog(config, args.probes, args.concurrency, "mixed")
            tcp_only = make_catalog(config, args.probes, args.concurrency, "tcp")
            port = mixed.services[0].probes[0].port
            engine_round(mixed)  # warm-up: imports, first handshakes
            rates, failures, bare_medians, engine_medians = [], [], [], []
            for _ in range(args.repeat):
                elapsed, n, failed, _ = engine_round(mixed)
                rates.append(n / elapsed)
                failures.append(failed)
                bare = asyncio.run(bare_connects(port, args.probes, args.concurrency))
                _, _, _, connects = engine_round(tcp_only)
                bare_medians.append(statistics.median(bare))
                engine_medians.append(statistics.median(connects))
            rate = statistics.median(rates)
            bare_ms = statistics.median(bare_medians)
            engine_ms = statistics.median(engine_medians)
            print(
                f"probes: {args.probes} mixed tcp/tls at concurrency {args.concurrency}, {args.repeat} runs"
            )
            print(
                f"throughput: {rate:.0f} probes/s (median; runs: {', '.join(f'{r:.0f}' for r in rates)}); failed probes: {failures}"
            )
            print(
                f"TCP connect, median: engine {engine_ms:.2f} ms, bare asyncio.open_connection {bare_ms:.2f} ms"
            )
            print(f"engine overhead on connect: {100 * (engine_ms / bare_ms - 1):+.1f} %")
        finally:
            proc.terminate()
            proc.wait(10)
            proc.stdout.close()


if __name__ == "__main__":
    main()
