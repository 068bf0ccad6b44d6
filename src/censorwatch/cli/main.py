"""The command line: the options every command shares, the commands, and the exit codes
of the contract (0 ran, whatever it found; 2 usage or config error, one clear message naming
file, line and key; 1 unexpected error)."""

from __future__ import annotations

import argparse
import os
import sys

from ..catalog import ConfigError
from ..store import StoreError
from . import (
    add,
    catalog,
    check,
    desktop_entry,
    export,
    history,
    importing,
    lab,
    service_unit,
    watch,
)
from .common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, UsageError, speak_the_locale, user_config_path

COMMANDS = {
    "check": check,
    "history": history,
    "export": export,
    "import": importing,
    "catalog": catalog,
    "add": add,
    "lab": lab,
    "install-desktop": desktop_entry,
    "uninstall-desktop": desktop_entry,
    "watch": watch,
    "install-service": service_unit,
    "uninstall-service": service_unit,
}
SPEAKS = (
    "add",
    "check",
    "history",
    "export",
    "import",
    "watch",
    "catalog",
)  # print verdicts: in the person's language


def _common(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name. A command's own copy has
    no defaults (`defaults=False`): argparse would otherwise set them over what was given
    before the command's name (`censorwatch --config lab.toml check` ran the built-in
    catalog)."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="FILE",
        default=default(None),
        help="a TOML config (default: yours, else the built-in catalog)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default(os.environ.get("CENSORWATCH_DATA_DIR")),
        help="where history is kept (env CENSORWATCH_DATA_DIR)",
    )
    return common


def parser() -> argparse.ArgumentParser:
    common = _common(defaults=False)
    top = argparse.ArgumentParser(
        prog="censorwatch",
        description="Checks which services your internet blocks, how, and since when.",
        parents=[_common(defaults=True)],
    )
    top.add_argument(
        "--demo",
        action="store_true",
        help="open the window against the built-in lab (no internet needed)",
    )
    top.add_argument("--minimized", action="store_true", help="start in the tray (as at login)")
    top.add_argument(
        "--screenshot", metavar="PNG", help="after the first round, save the window to PNG and exit"
    )
    top.add_argument(
        "--size",
        metavar="WxH",
        help="the window's size, e.g. 1366x768 (with --screenshot: how it looks on a small screen)",
    )
    top.add_argument(
        "--paused",
        action="store_true",
        help="open the window with the checks paused: the history only, nothing sent",
    )
    top.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default="system",
        help="light or dark colours instead of the system's (with --screenshot: how it looks)",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for module in dict.fromkeys(COMMANDS.values()):
        module.add_parser(sub, common)
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command in SPEAKS:
            speak_the_locale()
        if args.command in COMMANDS:
            return COMMANDS[args.command].run(args)
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
