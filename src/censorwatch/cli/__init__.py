"""Headless commands: check, history, import, catalog, lab.

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
from ..diagnosis.words import status_word, technique_short, tunnel_words
from ..store import StoreError

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
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window against the built-in lab (no internet needed)",
    )
    parser.add_argument("--minimized", action="store_true", help="start in the tray (as at login)")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="after the first round, save the window to PNG and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    exp = sub.add_parser(
        "export", parents=[common], help="write a log to share: csv, jsonl, ooni or html"
    )
    exp.add_argument("--format", required=True, choices=("csv", "jsonl", "ooni", "html"))
    exp.add_argument(
        "--since",
        default="7d",
        metavar="AGE",
        help="from AGE ago (default 7d; 'all' for everything)",
    )
    exp.add_argument("--until", metavar="AGE", help="up to AGE ago (default: now)")
    exp.add_argument("--service", metavar="ID", help="only this service")
    exp.add_argument(
        "--redact",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="remove your addresses, machine and user names, folders (default: on)",
    )
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    imp = sub.add_parser(
        "import", parents=[common], help="load an exported JSON Lines log into the history"
    )
    imp.add_argument("file", metavar="FILE")
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
    if rnd.tunnel:
        print(
            f"note: {tunnel_words(rnd.tunnel)}; the results describe the tunnel, not your provider"
        )
    for s in rnd.services:
        technique = technique_short(s.verdict.technique)
        print(f"{s.service.name:<{width}}  {status_word(s.verdict.status):<13} {technique}")
        for c in s.capabilities:
            t = technique_short(c.verdict.technique)
            print(f"{'':<{width}}    {c.name:<10} {status_word(c.verdict.status):<13} {t}")
        if s.verdict.status != "ok":
            print(f"{'':<{width}}    {s.verdict.explanation}")


def _data_dir(args) -> Path:
    from ..store import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _open_store(args, catalog: Catalog | None = None):
    from ..store import Store, retention_from

    retention = retention_from(catalog.settings) if catalog is not None else None
    store = Store(_data_dir(args), retention)
    if store.moved_aside:
        print(
            f"censorwatch: the history could not be read; it was moved aside to {store.moved_aside} "
            "and a new one was started",
            file=sys.stderr,
        )
    if store.backup:
        print(
            f"censorwatch: history upgraded; the previous file is kept as {store.backup}",
            file=sys.stderr,
        )
    return store


def parse_age(text: str) -> float:
    """'90m', '24h', '7d', '2w' or plain seconds -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
    text = text.strip().lower()
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise UsageError(f"--since: cannot read {text!r}; write e.g. 90m, 24h or 7d") from None


def cmd_check(args) -> int:
    from ..engine import Engine, round_json, round_measurements

    catalog = _load_catalog(args)
    if args.service:
        catalog = catalog.select(args.service)
    store = _open_store(args, catalog)
    try:
        engine = Engine(catalog)
        engine.last_status.update(store.last_probe_status())
        rnd = asyncio.run(engine.run_round())
        store.write(round_measurements(rnd))
        store.prune()
    finally:
        store.close()
    if args.json:
        json.dump(round_json(rnd), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.diagnosis:
        from ..engine.summary import service_text

        print("\n".join(service_text(s, rnd) for s in rnd.services))
    else:
        _print_round(rnd)
    return EXIT_OK


def _local(iso: str) -> str:
    """An ISO UTC time as the person's local 'YYYY-MM-DD HH:MM'."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_history(args) -> int:
    import time

    since = time.time() - parse_age(args.since)
    store = _open_store(args)
    try:
        latest = store.latest()
        if args.service:
            latest = [s for s in latest if s["service"] == args.service]
            if not latest:
                raise UsageError(f"--service: no history for {args.service!r}")
        for s in latest:
            s["uptime"] = store.uptime(s["service"])
        changes = store.changes(args.service, since)
    finally:
        store.close()
    if args.json:
        json.dump(
            {
                "schema": "censorwatch.history/1",
                "since": args.since,
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
        print("No history yet: run `censorwatch check` (or the window) first.")
        return EXIT_OK
    width = max(len(s["name"]) for s in latest)
    for s in latest:
        up = s["uptime"]
        uptime = "  ".join(f"{k} {v:.1f}%" if v is not None else f"{k} —" for k, v in up.items())
        print(
            f"{s['name']:<{width}}  {status_word(s.get('status', 'ok')):<13} since {_local(s.get('since', ''))}  {uptime}"
        )
        capabilities = sorted(
            s["capabilities"], key=lambda c: catalog_mod.capability_sort_key(c["name"])
        )
        for c in capabilities:
            tech = technique_short(c["technique"]) if c["status"] != "ok" else ""
            print(
                f"{'':<{width}}    {c['name']:<10} {status_word(c['status']):<13} since {_local(c['since'])}  {tech}"
            )
    print(
        f"\nChanges in the last {args.since}:"
        if changes
        else f"\nNo changes in the last {args.since}."
    )
    for c in changes:
        what = (
            c["service_name"]
            if c["capability"] == "*"
            else f"{c['service_name']} {c['capability']}"
        )
        tech = (
            f" ({technique_short(c['technique'])})"
            if c["technique"] and c["status"] != "ok"
            else ""
        )
        before = f" (was {status_word(c['previous'])})" if c["previous"] else ""
        print(f"  {_local(c['time'])}  {what}: {status_word(c['status'])}{tech}{before}")
    return EXIT_OK


def cmd_export(args) -> int:
    import time

    from ..export import export

    now = time.time()
    since = None if args.since == "all" else now - parse_age(args.since)
    until = now - parse_age(args.until) if args.until else None
    output = Path(args.output)
    if not output.parent.exists():
        raise UsageError(f"-o: no such folder {output.parent}")
    store = _open_store(args)
    try:
        n = export(store, args.format, output, since, until, args.service, args.redact)
    finally:
        store.close()
    note = (
        "personal data redacted"
        if args.redact
        else "NOT redacted: it may hold your addresses and names"
    )
    print(f"wrote {n} measurements to {output} ({args.format}; {note})")
    return EXIT_OK


REQUIRED_FIELDS = ("time", "round", "service", "capability", "kind", "target", "status")


def read_measurements(path: Path, report):
    """Yield valid measurement dicts from a JSON Lines file; `report(line, reason)` for the rest."""
    from ..diagnosis import STATUSES, effective_status
    from ..store import _ms_from_iso

    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                m = json.loads(line)
            except json.JSONDecodeError as exc:
                report(number, f"not JSON ({exc.msg})")
                continue
            if not isinstance(m, dict):
                report(number, "not a JSON object")
                continue
            if m.get("schema") not in (None, "censorwatch.measurement/1"):
                report(number, f"unknown schema {m.get('schema')!r}")
                continue
            if not all(isinstance(m.get(k), str) and m[k] for k in REQUIRED_FIELDS):
                missing = [k for k in REQUIRED_FIELDS if not isinstance(m.get(k), str) or not m[k]]
                report(number, f"missing {', '.join(missing)}")
                continue
            if m["status"] not in STATUSES:
                report(number, f"unknown status {m['status']!r}")
                continue
            try:
                m["_t_ms"] = _ms_from_iso(m["time"])
            except ValueError:
                report(number, f"bad time {m['time']!r}")
                continue
            state = m.get("network_state") or "online"
            if state not in ("online", "offline", "whitelist"):
                report(number, f"unknown network_state {state!r}")
                continue
            m["effective_status"] = effective_status(
                m["status"], m.get("region") or "foreign", state
            )
            yield m


def cmd_import(args) -> int:
    path = Path(args.file)
    bad = 0

    def report(number: int, reason: str) -> None:
        nonlocal bad
        bad += 1
        print(f"{path}:{number}: skipped: {reason}", file=sys.stderr)

    store = _open_store(args)
    inserted = duplicates = 0
    try:
        batch: list[dict] = []
        for m in read_measurements(path, report):
            # Flush at a round boundary, so a round's state changes are judged whole.
            if len(batch) >= 5000 and batch[-1]["round"] != m["round"]:
                result = store.write(batch)
                inserted, duplicates = inserted + result.inserted, duplicates + result.duplicates
                batch = []
            batch.append(m)
        if batch:
            result = store.write(batch)
            inserted, duplicates = inserted + result.inserted, duplicates + result.duplicates
    finally:
        store.close()
    print(
        f"imported {inserted} measurements from {path}; {duplicates} already in the history; {bad} lines skipped"
    )
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


def speak_the_locale() -> None:
    """Verdicts and words in Russian when the person's locale is Russian (or
    CENSORWATCH_LANG=ru); option help stays in English."""
    choice = os.environ.get("CENSORWATCH_LANG", "system")
    if choice == "system":
        choice = (
            os.environ.get("LC_ALL")
            or os.environ.get("LC_MESSAGES")
            or os.environ.get("LANG")
            or ""
        )
    if not choice.startswith("ru"):
        return
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ..diagnosis import words

    app = QCoreApplication.instance() or QCoreApplication(["censorwatch"])
    translator = QTranslator(app)
    if translator.load(str(catalog_mod.resources_dir() / "censorwatch_ru.qm")):
        app.installTranslator(translator)
        app._censorwatch_translator = translator  # keep it alive
        words.set_translator(QCoreApplication.translate)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command in ("check", "history", "export"):
            speak_the_locale()
        if args.command == "check":
            return cmd_check(args)
        if args.command == "catalog":
            return cmd_catalog(args)
        if args.command == "history":
            return cmd_history(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "lab":
            return cmd_lab(args)
        from ..ui.app import run_gui

        return run_gui(args, user_config_path())
    except ConfigError as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (UsageError, StoreError) as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `censorwatch history | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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
