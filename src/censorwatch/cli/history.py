"""`censorwatch history`: states, since when, uptime and state changes from the history."""

from __future__ import annotations

import json
import sys
import time

from ..catalog import capability_sort_key
from ..diagnosis.wording import (
    capability_word,
    gap_words,
    part_status,
    status_word,
    technique_short,
    translate,
    uptime_words,
)
from .common import EXIT_OK, UsageError, local_time, open_store, parse_age


def add_parser(sub, common) -> None:
    history = sub.add_parser(
        "history", parents=[common], help="states, since when, uptime and changes from the history"
    )
    history.add_argument(
        "--since",
        default="24h",
        metavar="AGE",
        help="changes in the last AGE (90m, 24h, 7d; default 24h)",
    )
    history.add_argument("--service", metavar="ID", help="only this service")
    history.add_argument("--json", action="store_true")


def run(args) -> int:
    since = time.time() - parse_age(args.since)
    store = open_store(args)
    try:
        latest = store.latest()
        if args.service:
            latest = [s for s in latest if s["service"] == args.service]
            if not latest:
                raise UsageError(
                    translate("Cli", "--service: no history for {service}").format(
                        service=repr(args.service)
                    )
                )
        for s in latest:
            s["uptime"] = store.uptime(s["service"])
        changes = store.changes(args.service, since)
        provider = store.last_provider()
    finally:
        store.close()
    if args.json:
        json.dump(
            {
                "schema": "censorwatch.history/1",
                "since": args.since,
                "provider": provider,
                "services": latest,
                "changes": changes,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return EXIT_OK
    if not latest:
        print(
            translate("History", "No history yet: run `censorwatch check` (or the window) first.")
        )
        return EXIT_OK
    width = max(len(s["name"]) for s in latest)
    since_word = translate("History", "since")
    at_least = translate("History", "since at least")  # already so when the history began

    def began(item: dict) -> str:
        return at_least if item.get("first_look") else since_word

    for s in latest:
        print(
            f"{s['name']:<{width}}  {status_word(s.get('status', 'ok')):<13} {began(s)} "
            f"{local_time(s.get('since', ''))}{_gap(s)}"
        )
        print(f"{'':<{width}}    {uptime_words(s['uptime'])}")
        capabilities = sorted(s["capabilities"], key=lambda c: capability_sort_key(c["name"]))
        for c in capabilities:
            tech = technique_short(c["technique"]) if c["status"] != "ok" else ""
            print(
                f"{'':<{width}}    {capability_word(c['name']):<10} {part_status(c['name'], c['status']):<13} "
                f"{began(c)} {local_time(c['since'])}  {tech}{_gap(c)}"
            )
    if args.since == "all":
        heading = (
            translate("History", "Changes:") if changes else translate("History", "No changes.")
        )
    elif changes:
        heading = translate("History", "Changes in the last {period}:").format(period=args.since)
    else:
        heading = translate("History", "No changes in the last {period}.").format(period=args.since)
    print("\n" + heading)
    for c in changes:
        what = (
            c["service_name"]
            if c["capability"] == "*"
            else f"{c['service_name']}, {capability_word(c['capability'])}"
        )
        tech = (
            f" ({technique_short(c['technique'])})"
            if c["technique"] and c["status"] != "ok"
            else ""
        )
        before = (
            " " + translate("History", "(was {status})").format(status=status_word(c["previous"]))
            if c["previous"]
            else ""
        )
        print(f"  {local_time(c['time'])}  {what}: {status_word(c['status'])}{tech}{before}")
    return EXIT_OK


def _gap(state: dict) -> str:
    """The last gap inside a stretch ("the connection was down 02:47–03:07"), or, while in
    one, the state it interrupted, with its own since."""
    gap, before = state.get("gap"), state.get("interrupted")
    if gap:
        return f"  ({gap_words(gap['status'], local_time(gap['from']), local_time(gap['to']))})"
    if before:
        return "  " + translate("History", "(before it: {status} since {time})").format(
            status=status_word(before["status"]), time=local_time(before["since"])
        )
    return ""
