"""`censorwatch watch`: the checks without a window, for a box without a screen (a systemd
service, a volunteer's server); one watch or window per history."""

from __future__ import annotations

import asyncio
import sys

from .common import EXIT_OK, EXIT_USAGE, UsageError, data_dir, load_catalog, open_store


def add_parser(sub, common) -> None:
    watch = sub.add_parser(
        "watch",
        parents=[common],
        help="check continuously without a window (Ctrl+C or SIGTERM stops, SIGHUP reloads)",
    )
    watch.add_argument(
        "--metrics",
        metavar="[HOST:]PORT",
        help="serve Prometheus metrics here (a port alone: 127.0.0.1; default: [settings] metrics, else none)",
    )
    watch.add_argument(
        "--agree",
        action="store_true",
        help="agree to what the checks mean for you (shown without it, once) and start",
    )


def run(args) -> int:
    from .. import applog
    from ..catalog.values import metrics_address
    from ..service import consent
    from ..service.instance import AlreadyRunning, InstanceLock, instance_name
    from ..service.watch import Watch

    catalog = load_catalog(args)
    folder = data_dir(args)
    try:
        metrics = (
            metrics_address(args.metrics or catalog.settings.metrics)
            if (args.metrics or catalog.settings.metrics)
            else None
        )
    except ValueError as exc:
        raise UsageError(f"--metrics: {exc}") from None
    if not args.agree and not consent.given(folder):
        print(consent.text() + "\n", file=sys.stderr)  # a service's log keeps what it means
    refusal = consent.ask(folder, "watch", args.agree, interactive=False)
    if refusal:
        print(f"censorwatch: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    lock = InstanceLock(instance_name(folder))
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"censorwatch: {exc} ({folder})", file=sys.stderr)
        return EXIT_USAGE
    applog.start(folder)  # the headless log lives beside its history
    applog.install_hooks()
    store = open_store(args, catalog)
    try:
        watch = Watch(catalog, store, lambda: load_catalog(args), metrics=metrics, lock=lock)
        asyncio.run(watch.run())
    except OSError as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
        lock.release()
        applog.stop()
    return EXIT_OK
