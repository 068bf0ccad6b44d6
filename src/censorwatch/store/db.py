"""Opening the history file: creating it, checking it is ours, moving a damaged or foreign
file aside (never overwriting it), leaving a newer schema untouched, and running the
version-gated migrations with a copy of the file kept first."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from . import latency
from .codes import StoreError
from .schema import CURRENT, MIGRATIONS

FILENAME = "history.sqlite3"

# Python 3.11's sqlite3 looks for an adapter for every None it binds by raising and clearing
# an AttributeError: some 2,000 machine instructions for each empty column (200,040 rows of
# 15 columns, 9 of them empty: 0.71 s, against 0.39 s with an adapter; 3.13 no longer
# raises). With one registered for None it finds it at once: a dictionary's own `get`,
# called in C, gives None back.
sqlite3.register_adapter(type(None), cast(Callable[[None], None], {}.get))


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("censorwatch", appauthor=False))


# A history in use by another program is waited for: each try waits busy_timeout.
BUSY_TIMEOUT_MS = 3000
BUSY_TRIES = 3
# SQLite's primary result codes (the low byte of an extended code).
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class NotOurs(sqlite3.DatabaseError):
    """A database, but not a censorwatch history (its tables say so)."""


def _trouble(exc: sqlite3.DatabaseError) -> str:
    """ "damaged" (corrupt, not a database, not ours: to be moved aside), "busy" (another
    program holds it), or "other" (permissions, a failing disk: to be reported)."""
    if isinstance(exc, NotOurs):
        return "damaged"
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _BUSY:
        return "busy"
    return "damaged" if code in _DAMAGED else "other"


class Database:
    """The connection to `folder/history.sqlite3`, checked and migrated."""

    conn: sqlite3.Connection

    def __init__(self, folder: str | Path, read_only: bool = False):
        self.folder = Path(folder)
        self.path = self.folder / FILENAME
        self.moved_aside: Path | None = None  # set when an unreadable file was moved away
        self.migrated_from: int | None = None
        self.backup: Path | None = None
        if read_only:
            self._open_read_only()
        else:
            self._open()

    def _open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the history folder {self.folder}: {exc.strerror or exc}"
            ) from None
        if not os.access(self.folder, os.W_OK):
            raise StoreError(f"the history folder {self.folder} is read-only")
        version = self._open_checked()
        if version < CURRENT:
            self._migrate(version)

    def _open_checked(self) -> int:
        """Connect, check and tune; the schema version. Only a file SQLite calls corrupt or
        not a database, or a database that is not ours, is moved aside (and a new one made);
        a history in use (locked, busy) is waited for, then reported and left as it is, as is
        one this process may not read or write (permissions, a failing disk)."""
        for attempt in range(BUSY_TRIES):
            try:
                self.conn = self._connect()
                version = self._check()
                self._tune()
                # Writable? A file this process may only read opens read-only quietly, and
                # would fail at the first round's write: a write undone says so now.
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    self.conn.execute(f"PRAGMA user_version = {version}")
                finally:
                    self.conn.execute("ROLLBACK")
                return version
            except sqlite3.DatabaseError as exc:
                self._close_quietly()
                kind = _trouble(exc)
                if kind == "busy" and attempt + 1 < BUSY_TRIES:
                    continue  # each try waited busy_timeout already
                if kind == "busy":
                    raise StoreError(
                        f"the history {self.path} is in use by another program (it is locked); "
                        "it is left as it is: close that program, or try again later"
                    ) from None
                if kind != "damaged":
                    raise StoreError(
                        f"cannot use the history {self.path}: {exc}; it is left as it is"
                    ) from None
                self._move_aside()
        self.conn = self._connect()
        self._tune()
        return 0

    def _open_read_only(self) -> None:
        """For readers beside the writer (charts): never creates, migrates or moves."""
        if not self.path.exists():
            self.conn = sqlite3.connect(":memory:", check_same_thread=False)
            for step in range(1, CURRENT + 1):
                for statement in _statements(MIGRATIONS[step]):
                    self.conn.execute(statement)
        else:
            uri = f"file:{self.path}?mode=ro"
            self.conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False
            )
            self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.create_function("hist_merge", 2, latency.merge, deterministic=True)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the history {self.path}: {exc}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sqlite3.DatabaseError:
            conn.close()  # a file that is not a database fails here, not at connect
            raise
        conn.create_function("hist_merge", 2, latency.merge, deterministic=True)
        return conn

    def _tune(self) -> None:
        # WAL: readers never wait for the writer, and a killed writer loses at most the
        # transaction it was in.
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def _check(self) -> int:
        """The schema version; raises DatabaseError when the file is not ours or damaged,
        StoreError when a newer censorwatch wrote it (then it is left untouched)."""
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > CURRENT:
            self.conn.close()
            raise StoreError(
                f"{self.path} was written by a newer censorwatch (schema {version}); "
                "it is left untouched"
            )
        tables = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if version == 0 and tables:
            raise NotOurs("not a censorwatch history")
        if version > 0 and not {"measurements", "rounds", "rollups"} <= tables:
            raise NotOurs("censorwatch tables missing")
        if version > 0:
            self.conn.execute("SELECT count(*) FROM rounds WHERE id = 1").fetchone()
        return version

    def _close_quietly(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - the file is being set aside anyway
            pass

    def _move_aside(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{FILENAME}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                shutil.move(src, Path(str(target) + suffix))
        self.moved_aside = target

    def _migrate(self, version: int) -> None:
        if version > 0:
            # Keep a copy of the database as it was before any migration step runs.
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
            self.backup = self.path.with_name(f"{FILENAME}.v{version}-{stamp}.bak")
            with sqlite3.connect(self.backup) as copy:
                self.conn.backup(copy)
            copy.close()
            self.migrated_from = version
        for step in range(version + 1, CURRENT + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                # Another program may have opened the same new history a moment before (the
                # window's writer and an import): a step it applied is not applied again.
                if self.conn.execute("PRAGMA user_version").fetchone()[0] >= step:
                    self.conn.execute("COMMIT")
                    continue
                for statement in _statements(MIGRATIONS[step]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"cannot upgrade the history to schema {step}: {exc}") from None

    def insert(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        """Run an INSERT and return the id of the new row."""
        rowid = self.conn.execute(sql, args).lastrowid
        if rowid is None:
            raise StoreError(f"the history {self.path} did not store a row")
        return rowid

    def insert_flat(self, head: str, width: int, values: list[Any]) -> None:
        """INSERT rows given one after another in one flat list (`width` values each),
        many rows per statement: SQLite binds the same values a third faster so than one
        row at a time (`executemany`). `head`: the statement up to VALUES."""
        one = "(" + ",".join("?" * width) + ")"
        size = _ROWS_PER_STATEMENT * width
        whole = len(values) // size * size
        if whole:
            sql = f"{head} VALUES {','.join([one] * _ROWS_PER_STATEMENT)}"
            for i in range(0, whole, size):
                self.conn.execute(sql, values[i : i + size])
        if whole < len(values):
            rest = (len(values) - whole) // width
            self.conn.execute(f"{head} VALUES {','.join([one] * rest)}", values[whole:])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_ROWS_PER_STATEMENT = 100  # of a flat insert; SQLite takes up to 32,766 values


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our statements)."""
    cleaned = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in cleaned.split(";") if s.strip()]
