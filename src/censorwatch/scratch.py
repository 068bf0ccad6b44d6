"""Temporary folders of one run (the demo's history, shared logs opened in the window):
made under the user's cache folder, named for the process that owns them, removed when they
are closed or the program ends, and removed at the next start when a crash left them behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .applog import log, pid_alive


def root() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("censorwatch", appauthor=False)) / "runs"


def make(kind: str) -> Path:
    """A new folder `<kind>-<pid>-<random>` owned by this process."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-", dir=base))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def owner(folder: Path) -> int | None:
    parts = folder.name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def remove_mine() -> None:
    """At exit: every folder this process made."""
    base = root()
    if base.is_dir():
        for folder in base.iterdir():
            if owner(folder) == os.getpid():
                remove(folder)


def remove_leftovers() -> list[Path]:
    """At start: folders of processes that are gone (a crash, a kill). Returns them."""
    base = root()
    removed: list[Path] = []
    if not base.is_dir():
        return removed
    for folder in base.iterdir():
        pid = owner(folder)
        if pid is None or (pid != os.getpid() and not pid_alive(pid)):
            remove(folder)
            removed.append(folder)
    if removed:
        log.info("removed %d temporary folder(s) left by an earlier run", len(removed))
    return removed
