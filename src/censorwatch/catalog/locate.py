"""Where each key of a TOML config stands (table path and key -> line number), so an error
can name the line a person must fix."""

from __future__ import annotations

import re
from typing import Any

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class KeyLines:
    """Where each key of the TOML stands: (table path, key) -> line number."""

    def __init__(self, text: str):
        self.keys: dict[tuple[Any, ...], int] = {}
        self.tables: dict[tuple[Any, ...], int] = {}
        counts: dict[str, int] = {}
        current: tuple[Any, ...] = ()
        service = -1
        for number, line in enumerate(text.splitlines(), 1):
            m = _TABLE.match(line)
            if m:
                name = m.group(2).replace('"', "")
                if m.group(1) == "[[":
                    if name == "services":
                        service += 1
                        counts["probes"] = -1
                        current = ("services", service)
                    elif name == "services.probes":
                        counts["probes"] = counts.get("probes", -1) + 1
                        current = ("services", service, "probes", counts["probes"])
                    else:
                        current = (name,)
                else:
                    current = (name,)
                self.tables.setdefault(current, number)
                continue
            m = _KEY.match(line)
            if m:
                self.keys.setdefault((*current, m.group(1)), number)

    def line(self, path: tuple[Any, ...], key: str | None = None) -> int | None:
        if key is not None and (*path, key) in self.keys:
            return self.keys[(*path, key)]
        return self.tables.get(path)
