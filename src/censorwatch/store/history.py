"""The history itself: one `Store` per thread (sqlite3 connections are not shared), made of
its parts — opening (db), dictionaries (interning), writing, retention, queries. The window
writes through `StoreWriter`, which owns its own Store in a background thread."""

from __future__ import annotations

from pathlib import Path

from .queries import Queries
from .retention import Pruning, Retention
from .write import Writing


class Store(Writing, Queries, Pruning):
    """The history database at `folder/history.sqlite3`."""

    def __init__(
        self, folder: str | Path, retention: Retention | None = None, read_only: bool = False
    ):
        super().__init__(folder, read_only)
        self.retention = retention or Retention()
        if self.migrated_from is not None and self.migrated_from < 5:
            self.rebuild_states()  # since when, by the rule that survives gaps

    def __enter__(self) -> Store:
        return self
