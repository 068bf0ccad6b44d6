"""The systemd units shipped with censorwatch (resources/systemd), filled in for this
installation: which `censorwatch` runs, with which arguments, and where the unit goes."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from ..resources import resources_dir

USER_UNIT = "censorwatch.service"
SYSTEM_TEMPLATE = "censorwatch-system.service"
SYSTEM_CONFIG = Path("/etc/censorwatch/config.toml")


class NotOnThisSystem(Exception):
    pass


def executable() -> list[str]:
    """How systemd should start this censorwatch: the command beside this Python (a venv's
    or pipx's), else on the PATH, else this Python running the package."""
    beside = Path(sys.executable).with_name("censorwatch")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("censorwatch")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "censorwatch"]


def render(system: bool, args: list[str], command: list[str] | None = None) -> str:
    template = SYSTEM_TEMPLATE if system else USER_UNIT
    text = (resources_dir() / "systemd" / template).read_text(encoding="utf-8")
    command = command or executable()
    return text.replace("@CENSORWATCH@", shlex.join(command)).replace(
        " @ARGS@", (" " + shlex.join(args)) if args else ""
    )


def unit_dir(system: bool) -> Path:
    if not sys.platform.startswith("linux"):
        raise NotOnThisSystem("systemd units are for Linux; see docs/watching.md for others")
    if system:
        return Path("/etc/systemd/system")
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def install(system: bool, args: list[str], folder: Path | None = None) -> Path:
    """Write the unit (atomically); returns its path."""
    target = (folder or unit_dir(system)) / USER_UNIT
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render(system, args), encoding="utf-8")
    os.replace(tmp, target)
    return target


def enable_commands(system: bool) -> list[str]:
    if system:
        return [
            "sudo systemctl daemon-reload",
            "sudo systemctl enable --now censorwatch.service",
            "journalctl -u censorwatch -f",
        ]
    return [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now censorwatch.service",
        "loginctl enable-linger $USER   # optional: keep watching while you are logged out",
        "journalctl --user -u censorwatch -f",
    ]
