"""`censorwatch install-desktop` and `uninstall-desktop`: the menu entry and icon for the
current user, after `pipx install` (which puts only the command on the PATH)."""

from __future__ import annotations

import sys

from .. import desktop
from .common import EXIT_OK, EXIT_USAGE


def add_parser(sub, common) -> None:
    sub.add_parser("install-desktop", parents=[common], help="put the menu entry and icon in place")
    sub.add_parser(
        "uninstall-desktop",
        parents=[common],
        help="remove the menu entry, the icon and starting at login",
    )


def run(args) -> int:
    if args.command == "install-desktop":
        try:
            written = desktop.install()
        except desktop.NotOnThisSystem as exc:
            print(f"censorwatch: {exc}", file=sys.stderr)
            return EXIT_USAGE
        for path in written:
            print(f"wrote {path}")
    else:
        for path in desktop.uninstall():
            print(f"removed {path}")
        desktop.set_autostart(False)
    return EXIT_OK
