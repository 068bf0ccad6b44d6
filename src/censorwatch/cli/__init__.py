"""Headless commands: check, catalog, lab (history, export and import arrive with the store).

Exit codes (contract): 0 ran, whatever it found; 2 usage or config error, one clear message
naming file, line and key; 1 unexpected error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
from pathlib import Path

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from ..diagnosis.words import status_word, technique_short

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def user_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("censorwatch", appauthor=False)) / "config.toml"


def _load_catalog(args) -> Catalog:
    if args.config:
        return catalog_mod.load(args.config)
    path = user_config_path()
    if path.is_file():
        return catalog_mod.load(path)
    return catalog_mod.load_default()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", metavar="FILE", help="a TOML config (default: yours, else the built-in catalog)"
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=os.environ.get("CENSORWATCH_DATA_DIR"),
        help="where history is kept (env CENSORWATCH_DATA_DIR)",
    )
    parser = argparse.ArgumentParser(
        prog="censorwatch",
        description="Checks which services your internet blocks, how, and since when.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser(
        "check", parents=[common], help="run one round of checks and print the verdicts"
    )
    check.add_argument("--json", action="store_true", help="print the censorwatch.check/1 JSON")
    check.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="ID",
        help="only this service (repeatable)",
    )
    cat = sub.add_parser(
        "catalog", parents=[common], help="list what would be checked, probing nothing"
    )
    cat.add_argument("--json", action="store_true")
    lab = sub.add_parser(
        "lab", help="run the local censorship lab and print the config that points at it"
    )
    lab.add_argument(
        "--folder", metavar="DIR", help="where to write the lab's certificates and configs"
    )
    return parser


def _print_round(rnd) -> None:
    width = max((len(s.service.name) for s in rnd.services), default=10)
    print(f"network: {rnd.network_state} — {rnd.network_explanation}")
    for s in rnd.services:
        technique = technique_short(s.verdict.technique)
        print(f"{s.service.name:<{width}}  {status_word(s.verdict.status):<13} {technique}")
        for c in s.capabilities:
            t = technique_short(c.verdict.technique)
            print(f"{'':<{width}}    {c.name:<10} {status_word(c.verdict.status):<13} {t}")
        if s.verdict.status != "ok":
            print(f"{'':<{width}}    {s.verdict.explanation}")


def cmd_check(args) -> int:
    from ..engine import Engine, round_json

    catalog = _load_catalog(args)
    if args.service:
        catalog = catalog.select(args.service)
    rnd = asyncio.run(Engine(catalog).run_round())
    if args.json:
        json.dump(round_json(rnd), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_round(rnd)
    return EXIT_OK


def cmd_catalog(args) -> int:
    catalog = _load_catalog(args)
    if args.json:
        data = {
            "schema": "censorwatch.catalog/1",
            "path": catalog.path,
            "settings": {
                "timeout": catalog.settings.timeout,
                "interval": catalog.settings.interval,
                "resolver": catalog.settings.resolver,
                "control_resolvers": catalog.settings.control_resolvers,
                "decoy_sni": catalog.settings.decoy_sni,
            },
            "services": [
                {
                    "id": s.id,
                    "name": s.name,
                    "region": s.region,
                    "group": s.group,
                    "interval": s.interval or catalog.settings.interval,
                    "capabilities": s.capabilities,
                    "probes": [
                        {
                            "capability": p.capability,
                            "kind": p.kind,
                            "target": p.target,
                            "source": p.source,
                        }
                        for p in s.probes
                    ],
                }
                for s in catalog.services
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    print(f"# {catalog.path}")
    for s in catalog.services:
        region = " (domestic reference)" if s.region == "domestic" else ""
        print(f"{s.id}: {s.name}{region} — {', '.join(s.capabilities)}")
        for p in s.probes:
            source = f"   [{p.source}]" if p.source else ""
            print(f"    {p.capability:<9} {p.kind:<10} {p.target}{source}")
    return EXIT_OK


def cmd_lab(args) -> int:
    from ..lab import Lab

    lab = Lab(args.folder).start()
    print("censorwatch lab is running on 127.77.0.0/16 (Ctrl-C to stop).")
    print(f"config: {lab.config_path}")
    print(
        f"more scenarios: {lab.config('hostile')}, {lab.config('whitelist')}, {lab.config('offline')}"
    )
    print(f"try: censorwatch check --config {lab.config_path}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(1):
            pass
    finally:
        lab.stop()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "catalog":
            return cmd_catalog(args)
        if args.command == "lab":
            return cmd_lab(args)
        parser.print_help()
        print("\nThe window arrives in a later version; use the commands above.")
        return EXIT_OK
    except ConfigError as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("CENSORWATCH_DEBUG"):
            raise
        print(
            f"censorwatch: unexpected error: {type(exc).__name__}: {exc} (set CENSORWATCH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
