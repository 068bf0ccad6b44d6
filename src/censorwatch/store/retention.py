"""Retention: what the history keeps and for how long, and pruning in short transactions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing the catalog imports the prober: half a second
    from ..catalog import Settings
from .codes import DAY, HOUR, LEVEL_SECONDS, MINUTE
from .db import Database


@dataclass(slots=True)
class Retention:
    """How long each kind of data is kept (seconds); None keeps it for ever."""

    raw: int | None = 30 * 86400
    minute: int | None = 48 * 3600
    hour: int | None = 90 * 86400
    day: int | None = None
    changes: int | None = None


def keep_everything() -> Retention:
    """A history that keeps everything (a shared log's, which is read, never pruned)."""
    return Retention(raw=None, minute=None, hour=None, day=None, changes=None)


def retention_from(settings: Settings) -> Retention:
    """The retention a catalog's settings ask for."""
    return Retention(
        raw=settings.keep_raw_days * 86400,
        minute=settings.keep_minute_hours * 3600,
        hour=settings.keep_hourly_days * 86400,
    )


class Pruning(Database):
    retention: Retention
    _rounds: dict[str, Any]

    def prune(self, now: float | None = None, chunk: int = 2000) -> dict[str, int]:
        """Delete what the retention policy no longer keeps, in short transactions."""
        now_ms = int((now if now is not None else time.time()) * 1000)
        removed = {"measurements": 0, "rounds": 0, "rollups": 0, "changes": 0}
        r = self.retention
        if r.raw is not None:
            cutoff = now_ms - r.raw * 1000
            while True:
                ids = [
                    row[0]
                    for row in self.conn.execute(
                        "SELECT id FROM rounds WHERE t_ms < ? ORDER BY t_ms LIMIT ?",
                        (cutoff, chunk),
                    )
                ]
                if not ids:
                    break
                marks = ",".join("?" * len(ids))
                self.conn.execute("BEGIN IMMEDIATE")
                details = [
                    row[0]
                    for row in self.conn.execute(
                        f"SELECT detail FROM measurements WHERE round_id IN ({marks}) AND detail IS NOT NULL",
                        ids,
                    )
                ]
                if details:
                    self.conn.execute(
                        f"DELETE FROM details WHERE id IN ({','.join('?' * len(details))})", details
                    )
                removed["measurements"] += self.conn.execute(
                    f"DELETE FROM measurements WHERE round_id IN ({marks})", ids
                ).rowcount
                removed["rounds"] += self.conn.execute(
                    f"DELETE FROM rounds WHERE id IN ({marks})", ids
                ).rowcount
                self.conn.execute("COMMIT")
            self._rounds.clear()
        for level, keep in ((MINUTE, r.minute), (HOUR, r.hour), (DAY, r.day)):
            if keep is None:
                continue
            cutoff_bucket = (now_ms - keep * 1000) // (LEVEL_SECONDS[level] * 1000)
            self.conn.execute("BEGIN IMMEDIATE")
            removed["rollups"] += self.conn.execute(
                "DELETE FROM rollups WHERE level = ? AND bucket < ?", (level, cutoff_bucket)
            ).rowcount
            self.conn.execute("COMMIT")
        if r.changes is not None:
            self.conn.execute("BEGIN IMMEDIATE")
            removed["changes"] += self.conn.execute(
                "DELETE FROM changes WHERE t_ms < ?", (now_ms - r.changes * 1000,)
            ).rowcount
            self.conn.execute("COMMIT")
        return removed
