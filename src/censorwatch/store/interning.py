"""The history's dictionaries: strings, services, targets, address sets and rounds are
stored once and referred to by number; each is cached in memory, bounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..since import Stretch
from .db import Database


class Interning(Database):
    """Number <-> value lookups with caches, for the writer and the readers."""

    def __init__(self, folder: str | Path, read_only: bool = False):
        super().__init__(folder, read_only)
        self._strings: dict[str, int] = {}
        self._texts: dict[int, str] = {}
        self._services: dict[str, int] = {}
        self._targets: dict[tuple[Any, ...], int] = {}
        self._addrsets: dict[str, int] = {}
        self._rounds: dict[str, tuple[int, int]] = {}
        # (service id, capability) -> its stretch, in status codes, string ids and ms.
        self._states: dict[tuple[int, str], Stretch] | None = None

    def _string(self, text: str | None) -> int | None:
        if text is None:
            return None
        sid = self._strings.get(text)
        if sid is None:
            row = self.conn.execute("SELECT id FROM strings WHERE text = ?", (text,)).fetchone()
            if row is None:
                sid = self.insert("INSERT INTO strings (text) VALUES (?)", (text,))
            else:
                sid = row[0]
            self._strings[text] = sid
        return sid

    def _text(self, sid: int | None) -> str | None:
        if sid is None:
            return None
        text = self._texts.get(sid)
        if text is None:
            row = self.conn.execute("SELECT text FROM strings WHERE id = ?", (sid,)).fetchone()
            if row:
                text = self._texts[sid] = row[0]
        return text

    def _service(self, key: str, name: str, region: str) -> int:
        sid = self._services.get(key)
        if sid is None:
            row = self.conn.execute("SELECT id FROM services WHERE key = ?", (key,)).fetchone()
            if row is None:
                sid = self.insert(
                    "INSERT INTO services (key, name, region) VALUES (?, ?, ?)", (key, name, region)
                )
            else:
                sid = row[0]
                self.conn.execute(
                    "UPDATE services SET name = ?, region = ? WHERE id = ?", (name, region, sid)
                )
            self._services[key] = sid
        return sid

    def _target(self, service_id: int, capability: str, kind: str, target: str) -> int:
        key = (service_id, capability, kind, target)
        tid = self._targets.get(key)
        if tid is None:
            row = self.conn.execute(
                "SELECT id FROM targets WHERE service_id=? AND capability=? AND kind=? AND target=?",
                key,
            ).fetchone()
            tid = (
                row[0]
                if row
                else self.insert(
                    "INSERT INTO targets (service_id, capability, kind, target) VALUES (?, ?, ?, ?)",
                    key,
                )
            )
            self._targets[key] = tid
        return tid

    def _addrset(self, test: list[Any], control: list[Any]) -> int | None:
        if not test and not control:
            return None
        text = " ".join(test) + "|" + " ".join(control)
        aid = self._addrsets.get(text)
        if aid is None:
            row = self.conn.execute("SELECT id FROM addrsets WHERE text = ?", (text,)).fetchone()
            aid = row[0] if row else self.insert("INSERT INTO addrsets (text) VALUES (?)", (text,))
            if len(self._addrsets) > 100_000:
                self._addrsets.clear()
            self._addrsets[text] = aid
        return aid

    def _forget_caches(self) -> None:
        self._strings.clear()
        self._texts.clear()
        self._services.clear()
        self._targets.clear()
        self._addrsets.clear()
        self._rounds.clear()
        self._states = None
