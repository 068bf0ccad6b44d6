"""`censorwatch check`: one round of checks, headless; stored in the history."""

from __future__ import annotations

import asyncio
import json
import sys

from ..diagnosis.steps import resolver_down_words
from ..diagnosis.wording import status_word, technique_short, tunnel_words
from ..engine.results import RESOLVER_NOT_ANSWERING
from .common import EXIT_OK, load_catalog, open_store


def add_parser(sub, common) -> None:
    check = sub.add_parser(
        "check", parents=[common], help="run one round of checks and print the verdicts"
    )
    check.add_argument("--json", action="store_true", help="print the censorwatch.check/1 JSON")
    check.add_argument(
        "--diagnosis",
        action="store_true",
        help="print each service's diagnosis, as Copy diagnosis does",
    )
    check.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="ID",
        help="only this service (repeatable)",
    )


def print_round(rnd) -> None:
    width = max((len(s.service.name) for s in rnd.services), default=10)
    print(f"network: {rnd.network_state} — {rnd.network_explanation}")
    if rnd.tunnel:
        print(
            f"note: {tunnel_words(rnd.tunnel)}; the results describe the tunnel, not your provider"
        )
    if rnd.resolver == RESOLVER_NOT_ANSWERING:
        print(f"note: {resolver_down_words()}")
    for s in rnd.services:
        technique = technique_short(s.verdict.technique)
        print(f"{s.service.name:<{width}}  {status_word(s.verdict.status):<13} {technique}")
        for c in s.capabilities:
            t = technique_short(c.verdict.technique)
            print(f"{'':<{width}}    {c.name:<10} {status_word(c.verdict.status):<13} {t}")
        if s.verdict.status != "ok":
            print(f"{'':<{width}}    {s.verdict.explanation}")


def run(args) -> int:
    from ..engine import Engine, round_json, round_measurements

    catalog = load_catalog(args)
    if args.service:
        catalog = catalog.select(args.service)
    store = open_store(args, catalog)
    try:
        engine = Engine(catalog)
        engine.resume(store)
        rnd = asyncio.run(engine.run_round())
        store.write(round_measurements(rnd))
        store.set_traffic(rnd.id, rnd.bytes_sent, rnd.bytes_received)
        store.prune()
    finally:
        store.close()
    if args.json:
        json.dump(round_json(rnd), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.diagnosis:
        from ..engine.diagnosis_text import service_text

        print("\n".join(service_text(s, rnd) for s in rnd.services))
    else:
        print_round(rnd)
    return EXIT_OK
