"""Living on the desktop: the menu entry and icon, and starting at login (XDG autostart on
Linux, the Run key on Windows, a LaunchAgent on macOS). No Qt; writes only the person's files."""

from __future__ import annotations

import os
import plistlib
import shutil
import sys
from pathlib import Path

from .resources import resources_dir

APP_ID = "censorwatch"
# Windows: programs started at login (a raw string: one backslash between keys). Untested here.
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def _xdg(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / default)


def executable() -> str:
    """The command that starts censorwatch, as installed next to this Python."""
    candidate = Path(sys.executable).parent / (
        "censorwatch.exe" if os.name == "nt" else "censorwatch"
    )
    return str(candidate) if candidate.exists() else (shutil.which("censorwatch") or "censorwatch")


def entry_text(exec_line: str, extra: str = "") -> str:
    text = (resources_dir() / "censorwatch.desktop").read_text(encoding="utf-8")
    return text.replace("Exec=censorwatch", f"Exec={exec_line}") + extra


class NotOnThisSystem(OSError):
    """Menu entries are written for Linux desktops (XDG) only."""


def install(data_home: Path | None = None) -> list[Path]:
    """The menu entry and icon for the current user; returns the files written."""
    if sys.platform in ("win32", "darwin"):
        raise NotOnThisSystem(
            "menu entries are made for Linux desktops; on Windows and macOS, pin the program"
            " from where you unpacked it"
        )
    data_home = data_home or _xdg("XDG_DATA_HOME", ".local/share")
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(
        entry_text(f'"{executable()}"' if " " in executable() else executable()), encoding="utf-8"
    )
    shutil.copyfile(resources_dir() / "censorwatch.svg", icon)
    return [entry, icon]


def uninstall(data_home: Path | None = None) -> list[Path]:
    data_home = data_home or _xdg("XDG_DATA_HOME", ".local/share")
    removed = []
    for path in (
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    ):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def autostart_path(config_home: Path | None = None) -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents" / "org.censorwatch.plist"
    return (config_home or _xdg("XDG_CONFIG_HOME", ".config")) / "autostart" / f"{APP_ID}.desktop"


def set_autostart(enabled: bool, config_home: Path | None = None) -> None:
    """Start at login, minimised to the tray — or not."""
    command = executable()
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import winreg

        key = winreg.OpenKey(
            winreg.HKEY_CURRENT_USER,
            RUN_KEY,
            0,
            winreg.KEY_SET_VALUE,
        )
        with key:
            if enabled:
                winreg.SetValueEx(key, APP_ID, 0, winreg.REG_SZ, f'"{command}" --minimized')
            else:
                try:
                    winreg.DeleteValue(key, APP_ID)
                except FileNotFoundError:
                    pass
        return
    path = autostart_path(config_home)
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":  # pragma: no cover - macOS only (untested here)
        # plistlib escapes the path (a folder named "R&D" must not break the agent).
        agent = {
            "Label": "org.censorwatch",
            "ProgramArguments": [command, "--minimized"],
            "RunAtLoad": True,
        }
        path.write_bytes(plistlib.dumps(agent))
        return
    exec_line = (f'"{command}"' if " " in command else command) + " --minimized"
    path.write_text(entry_text(exec_line, "X-GNOME-Autostart-enabled=true\n"), encoding="utf-8")


def autostart_enabled(config_home: Path | None = None) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, APP_ID)
                return True
        except OSError:
            return False
    return autostart_path(config_home).exists()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["install"]:
        for path in install():
            print(f"wrote {path}")
        return 0
    if argv == ["uninstall"]:
        for path in uninstall():
            print(f"removed {path}")
        set_autostart(False)
        return 0
    print("usage: python -m censorwatch.desktop install|uninstall", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
