"""`censorwatch check`: one round of checks, headless; stored in the history."""

from __future__ import annotations

import asyncio
import json
import sys

from ..diagnosis.plain import Part, summary
from ..diagnosis.steps import resolver_down_words
from ..diagnosis.wording import (
    capability_word,
    status_word,
    technique_short,
    translate,
    tunnel_words,
)
from ..engine.results import RESOLVER_NOT_ANSWERING
from ..since import from_latest
from .common import EXIT_OK, EXIT_USAGE, data_dir, load_catalog, open_store


def add_parser(sub, common) -> None:
    check = sub.add_parser(
        "check", parents=[common], help="run one round of checks and print the verdicts"
    )
    check.add_argument("--json", action="store_true", help="print the censorwatch.check/1 JSON")
    check.add_argument(
        "--diagnosis",
        action="store_true",
        help="print a diagnosis of the whole connection (at most 2,000 characters: a chat "
        "message), as the window's Copy diagnosis does",
    )
    check.add_argument(
        "--agree",
        action="store_true",
        help="agree to what the checks mean for you (asked once per history) and check",
    )
    check.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="ID",
        help="only this service (repeatable)",
    )


def print_round(rnd, latest: list[dict] | None = None) -> None:
    """One line per service in the window's summary words, with since when as the history
    (`latest`) keeps it, then its parts; in the person's language."""
    began: dict[tuple[str, str], tuple[float, bool]] = {}
    for entry in latest or []:
        for c in entry.get("capabilities", []):
            stretch = from_latest(c)
            if stretch is not None:
                began[(entry["service"], c["name"])] = (stretch.since, stretch.first_look)
    width = max((len(s.service.name) for s in rnd.services), default=10)
    state = {
        "online": translate("Check", "online"),
        "whitelist": translate("Check", "white list"),
        "offline": translate("Check", "offline"),
    }.get(rnd.network_state, rnd.network_state)
    print(
        translate("Check", "network: {state} — {explanation}").format(
            state=state, explanation=rnd.network_explanation
        )
    )
    if rnd.tunnel:
        print(
            translate(
                "Check", "note: {tunnel}; the results describe the tunnel, not your provider"
            ).format(tunnel=tunnel_words(rnd.tunnel))
        )
    if rnd.resolver == RESOLVER_NOT_ANSWERING:
        print(translate("Check", "note: {what}").format(what=resolver_down_words()))
    for s in rnd.services:
        parts = [
            Part(
                c.name,
                c.verdict.status,
                c.verdict.technique,
                *began.get((s.service.id, c.name), (rnd.started_at, True)),
            )
            for c in s.capabilities
            if c.name not in s.service.not_measured
        ]
        print(f"{s.service.name:<{width}}  {summary(s.verdict.status, parts)}")
        for c in s.capabilities:
            t = technique_short(c.verdict.technique) if c.verdict.status != "ok" else ""
            # what no probe can measure is said so, as the window says it (not "cannot tell")
            word = (
                translate("Check", "not measured")
                if c.name in s.service.not_measured
                else status_word(c.verdict.status)
            )
            print(f"{'':<{width}}    {capability_word(c.name):<10} {word:<13} {t}")
        if s.verdict.status != "ok":
            print(f"{'':<{width}}    {s.verdict.explanation}")


def run(args) -> int:
    from ..engine import Engine, round_json, round_measurements
    from ..service import consent

    catalog = load_catalog(args)
    if args.service:
        catalog = catalog.select(args.service)
    interactive = sys.stdin.isatty() and sys.stderr.isatty()
    refusal = consent.ask(data_dir(args), "check", args.agree, interactive)
    if refusal:
        print(f"censorwatch: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    store = open_store(args, catalog)
    try:
        engine = Engine(catalog, data_dir=data_dir(args))
        engine.resume(store)
        rnd = asyncio.run(engine.run_round())
        store.write(round_measurements(rnd))
        store.set_traffic(rnd.id, rnd.bytes_sent, rnd.bytes_received)
        store.prune()
        latest = store.latest()
        if args.diagnosis:
            from ..diagnosis.wording import quality_words
            from ..export.diagnosis import diagnosis_text

            quality = quality_words(rnd.quality.as_dict(), rnd.speed)[0]
            diagnosis = diagnosis_text(store, quality)
    finally:
        store.close()
    if args.json:
        json.dump(round_json(rnd), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.diagnosis:
        print(diagnosis, end="")
    else:
        print_round(rnd, latest)
    return EXIT_OK
