"""Run inside a field lab's namespace (tests/test_field.py, benchmarks/field.py): start the
lab, run rounds of its config with the real engine, print one JSON line per round.

    ip netns exec NS python tests/field_rounds.py --rounds 10 [--services a b ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "netguard"))
import sitecustomize as netguard

netguard.install()

from censorwatch import catalog  # noqa: E402
from censorwatch.engine import Engine  # noqa: E402
from censorwatch.lab import Lab  # noqa: E402


def by_kind(rnd) -> dict[str, list[int]]:
    """Probes and bytes (retries included) per probe kind: for estimates of other catalogs."""
    out: dict[str, list[int]] = {}
    for s in rnd.services:
        for p in s.probes:
            tally = out.setdefault(p.spec.kind, [0, 0])
            tally[0] += 1
            tally[1] += sum(sum(r.wire_bytes) for r in (*p.earlier, p.record))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--services", nargs="*", default=None)
    # The lab's config says 2 s, for quick tests on a perfect network; on a lossy one that
    # leaves a connect two SYNs. 5 s is still half the built-in catalog's timeout (10 s).
    parser.add_argument("--timeout", type=float, default=5.0, help="each step's (s)")
    parser.add_argument("--retries", type=int, default=None)
    parser.add_argument("--evidence", action="store_true", help="print what was not ok")
    parser.add_argument(
        "--speed-every", type=int, default=1, help="compare speeds every Nth round (0: never)"
    )
    parser.add_argument("--world", default="", help="the lab's world (lab/hosts.py WORLDS)")
    parser.add_argument("--config", default="lab", help="which of the lab's configs")
    parser.add_argument("--retry-delay", type=float, default=None, help="(s), else the default")
    parser.add_argument("--dns-port", type=int, default=0, help="the lab's resolvers' port")
    parser.add_argument("--resolver", default="", help="the resolver under test instead")
    parser.add_argument("--vpn", action="store_true", help="run the lab's real VPN servers")
    args = parser.parse_args()
    with Lab(world=args.world, dns_port=args.dns_port, vpn=args.vpn) as lab:
        cat = catalog.load(lab.config(args.config))
        if args.resolver:
            cat.settings.resolver = args.resolver
        # The product's retry delay (the lab's configs shorten it for quick tests on
        # loopback): on a bad network a retry must outlast a burst of loss.
        cat.settings.retry_delay = (
            args.retry_delay if args.retry_delay is not None else catalog.Settings().retry_delay
        )
        if args.services:
            cat = cat.select(args.services)
        if args.timeout:
            cat.settings.timeout = args.timeout
        if args.retries is not None:
            cat.settings.retries = args.retries
        engine = Engine(cat)
        for i in range(args.rounds):
            # Speeds are compared when the subject asks, whatever the interval says.
            compare = args.speed_every > 0 and i % args.speed_every == 0
            engine.budget.last_compared = float("-inf") if compare else engine.budget.steady()
            begin = time.monotonic()
            rnd = asyncio.run(engine.run_round())
            record = {
                "seconds": round(time.monotonic() - begin, 2),
                "network": rnd.network_state,
                "resolver": rnd.resolver,
                "quality": rnd.quality.as_dict(),
                "bytes": rnd.bytes_sent + rnd.bytes_received,
                "retries": sum(len(p.earlier) for s in rnd.services for p in s.probes),
                "speed": rnd.speed,
                "bytes_by_kind": by_kind(rnd),
                "services": {
                    s.service.id: {
                        "status": s.verdict.status,
                        "technique": s.verdict.technique,
                        "capabilities": {
                            c.name: [c.verdict.status, c.verdict.technique] for c in s.capabilities
                        },
                        "explanation": s.verdict.explanation,
                    }
                    for s in rnd.services
                },
            }
            if args.evidence:
                record["evidence"] = [
                    {"service": s.service.id, **p.record.evidence(), "lines": p.verdict.evidence}
                    for s in rnd.services
                    for p in s.probes
                    if p.verdict.status != "ok"
                ]
            print(json.dumps(record, default=str), flush=True)


if __name__ == "__main__":
    main()
