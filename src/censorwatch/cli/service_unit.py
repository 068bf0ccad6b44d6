"""`censorwatch install-service` and `uninstall-service`: the systemd unit that runs
`censorwatch watch`, for this user (or, with --system, for a dedicated box); the commands to
enable it are printed, not run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE, data_dir


def add_parser(sub, common) -> None:
    for name, text in (
        ("install-service", "install the systemd unit that runs `censorwatch watch`"),
        ("uninstall-service", "remove that unit (stop it first: the commands are printed)"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--system", action="store_true", help="a system unit for a dedicated box")
        p.add_argument("--unit-dir", metavar="DIR", help=argparse.SUPPRESS)
        if name == "install-service":
            p.add_argument("--metrics", metavar="[HOST:]PORT", help="serve Prometheus metrics")
            p.add_argument(
                "--yes", action="store_true", help="agree to what the checks mean without asking"
            )


def run(args) -> int:
    from ..service import consent, units

    folder = Path(args.unit_dir) if args.unit_dir else None
    try:
        target_dir = folder or units.unit_dir(args.system)
    except units.NotOnThisSystem as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "uninstall-service":
        unit = target_dir / units.USER_UNIT
        scope = "sudo systemctl" if args.system else "systemctl --user"
        print(f"first: {scope} disable --now censorwatch.service")
        if unit.exists():
            unit.unlink()
            print(f"removed {unit}")
        return EXIT_OK
    print(consent.text(), end="\n\n")
    if not args.yes:
        try:
            answer = input("Agree and install? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes", "д", "да"):
            print("censorwatch: nothing installed, nothing sent.", file=sys.stderr)
            return EXIT_USAGE
    watch_args = []
    if args.metrics:
        from ..catalog.values import metrics_address

        try:
            metrics_address(args.metrics)
        except ValueError as exc:
            print(f"censorwatch: --metrics: {exc}", file=sys.stderr)
            return EXIT_USAGE
        watch_args += ["--metrics", args.metrics]
    if args.system:
        watch_args.append("--agree")  # the admin agreed here, for the box's own user
        if folder is None:
            _system_config()
    else:
        if args.config:
            watch_args = ["--config", str(Path(args.config).resolve()), *watch_args]
        if args.data_dir:
            watch_args = ["--data-dir", str(Path(args.data_dir).resolve()), *watch_args]
        consent.record(data_dir(args))
    unit = units.install(args.system, watch_args, folder)
    print(f"wrote {unit}")
    print("to start it now and at every boot:")
    for line in units.enable_commands(args.system):
        print(f"  {line}")
    return EXIT_OK


def _system_config() -> None:
    from ..catalog import default_catalog_path
    from ..service.units import SYSTEM_CONFIG

    if SYSTEM_CONFIG.exists():
        return
    try:
        SYSTEM_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        SYSTEM_CONFIG.write_text(
            default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8"
        )
        print(f"wrote {SYSTEM_CONFIG} (the built-in catalog: edit it, then reload the service)")
    except OSError as exc:
        print(f"censorwatch: cannot write {SYSTEM_CONFIG}: {exc}", file=sys.stderr)
