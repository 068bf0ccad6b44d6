"""The local history in SQLite: schema and migrations, batched writes, rollups, retention,
queries for charts and the CLI, and import of the JSON Lines contract. No Qt.

One `Store` per thread (sqlite3 connections are not shared); the window writes through
`StoreWriter`, which owns its own connection in a background thread.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import latency
from .schema import CURRENT, MIGRATIONS

FILENAME = "history.sqlite3"
STATUSES = ("ok", "degraded", "offline", "blocked")  # codes 0..3, best to worst
STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
NETWORK_STATES = ("online", "whitelist", "offline")
NETWORK_CODE = {s: i for i, s in enumerate(NETWORK_STATES)}
SERVICE_WIDE = "*"  # the capability name of a service's own state
NETWORK_SERVICE = 0  # rollups of the network state use this service id

MINUTE, HOUR, DAY = 0, 1, 2
LEVEL_SECONDS = {MINUTE: 60, HOUR: 3600, DAY: 86400}
LEVEL_NAMES = {MINUTE: "minute", HOUR: "hour", DAY: "day"}


class StoreError(Exception):
    """The history cannot be used: a clear sentence for a person."""


@dataclass(slots=True)
class Retention:
    """How long each kind of data is kept (seconds); None keeps it for ever."""

    raw: int | None = 30 * 86400
    minute: int | None = 48 * 3600
    hour: int | None = 90 * 86400
    day: int | None = None
    changes: int | None = None


def retention_from(settings) -> Retention:
    """The retention a catalog's settings ask for."""
    return Retention(
        raw=settings.keep_raw_days * 86400,
        minute=settings.keep_minute_hours * 3600,
        hour=settings.keep_hourly_days * 86400,
    )


@dataclass(slots=True)
class WriteResult:
    inserted: int = 0
    duplicates: int = 0
    rounds: int = 0


@dataclass(slots=True)
class Bucket:
    start: float  # unix seconds
    end: float
    counts: dict[str, int] = field(default_factory=dict)
    lat_min_ms: float | None = None
    lat_median_ms: float | None = None
    lat_max_ms: float | None = None

    @property
    def status(self) -> str | None:
        """The worst status seen in the bucket, None when nothing was measured."""
        present = [s for s in STATUSES if self.counts.get(s)]
        return present[-1] if present else None


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("censorwatch", appauthor=False))


def _ms_from_iso(text: str) -> int:
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def iso_from_ms(ms: int) -> str:
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _tenths(value) -> int | None:
    return None if value is None else round(float(value) * 10)


def _latency_tenths(m: dict) -> int | None:
    t = m.get("timings_ms") or {}
    for step in ("tcp", "http", "dns"):
        if t.get(step) is not None:
            return round(float(t[step]) * 10)
    return None


class Store:
    """The history database at `folder/history.sqlite3`."""

    def __init__(
        self, folder: str | Path, retention: Retention | None = None, read_only: bool = False
    ):
        self.folder = Path(folder)
        self.path = self.folder / FILENAME
        self.retention = retention or Retention()
        self.moved_aside: Path | None = None  # set when an unreadable file was moved away
        self.migrated_from: int | None = None
        self.backup: Path | None = None
        if read_only:
            self._open_read_only()
        else:
            self._open()
        self._strings: dict[str, int] = {}
        self._texts: dict[int, str] = {}
        self._services: dict[str, int] = {}
        self._targets: dict[tuple, int] = {}
        self._addrsets: dict[str, int] = {}
        self._rounds: dict[str, tuple[int, int]] = {}
        self._states: dict[tuple[int, str], tuple[int, int | None, int, int]] | None = None

    # --- opening, migrations, damage -----------------------------------------------------

    def _open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the history folder {self.folder}: {exc.strerror or exc}"
            ) from None
        if not os.access(self.folder, os.W_OK):
            raise StoreError(f"the history folder {self.folder} is read-only")
        try:
            self.conn = self._connect()
            version = self._check()
        except sqlite3.DatabaseError:
            self._close_quietly()
            self._move_aside()
            self.conn = self._connect()
            version = 0
        self._tune()
        if version < CURRENT:
            self._migrate(version)

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
            conn.execute("PRAGMA busy_timeout=5000")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the history {self.path}: {exc}") from None
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
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
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
            raise sqlite3.DatabaseError("not a censorwatch history")
        if version > 0 and not {"measurements", "rounds", "rollups"} <= tables:
            raise sqlite3.DatabaseError("censorwatch tables missing")
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
                for statement in _statements(MIGRATIONS[step]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"cannot upgrade the history to schema {step}: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- dictionaries --------------------------------------------------------------------

    def _string(self, text: str | None) -> int | None:
        if text is None:
            return None
        sid = self._strings.get(text)
        if sid is None:
            row = self.conn.execute("SELECT id FROM strings WHERE text = ?", (text,)).fetchone()
            if row is None:
                sid = self.conn.execute("INSERT INTO strings (text) VALUES (?)", (text,)).lastrowid
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
                sid = self.conn.execute(
                    "INSERT INTO services (key, name, region) VALUES (?, ?, ?)", (key, name, region)
                ).lastrowid
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
                else self.conn.execute(
                    "INSERT INTO targets (service_id, capability, kind, target) VALUES (?, ?, ?, ?)",
                    key,
                ).lastrowid
            )
            self._targets[key] = tid
        return tid

    def _addrset(self, test: list, control: list) -> int | None:
        if not test and not control:
            return None
        text = " ".join(test) + "|" + " ".join(control)
        aid = self._addrsets.get(text)
        if aid is None:
            row = self.conn.execute("SELECT id FROM addrsets WHERE text = ?", (text,)).fetchone()
            aid = (
                row[0]
                if row
                else self.conn.execute("INSERT INTO addrsets (text) VALUES (?)", (text,)).lastrowid
            )
            if len(self._addrsets) > 100_000:
                self._addrsets.clear()
            self._addrsets[text] = aid
        return aid

    # --- writing -------------------------------------------------------------------------

    def write(self, measurements: Iterable[dict]) -> WriteResult:
        """Store measurements of the JSON Lines contract in one transaction.

        Idempotent: a measurement already stored (same round, service, capability, kind,
        target) is counted as a duplicate and changes nothing. Each dict may carry
        `effective_status`: the status once the round's network state is applied.
        """
        result = WriteResult()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._write(list(measurements), result)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._forget_caches()
                raise
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if "full" in message:
                raise StoreError(
                    f"the disk holding {self.path} is full; nothing was written"
                ) from None
            if "readonly" in message or "read-only" in message:
                raise StoreError(f"the history {self.path} is read-only") from None
            raise StoreError(f"cannot write the history {self.path}: {message}") from None
        return result

    def _forget_caches(self) -> None:
        self._strings.clear()
        self._texts.clear()
        self._services.clear()
        self._targets.clear()
        self._addrsets.clear()
        self._rounds.clear()
        self._states = None

    def _round(
        self, key: str, t_ms: int, network: int, result: WriteResult, tunnel: str | None = None
    ) -> tuple[int, int, bool]:
        """(round id, round time, created now)."""
        known = self._rounds.get(key)
        if known is not None:
            return known[0], known[1], False
        row = self.conn.execute("SELECT id, t_ms FROM rounds WHERE key = ?", (key,)).fetchone()
        created = row is None
        if created:
            rid = self.conn.execute(
                "INSERT INTO rounds (key, t_ms, network_state, tunnel) VALUES (?, ?, ?, ?)",
                (key, t_ms, network, tunnel),
            ).lastrowid
            row = (rid, t_ms)
            result.rounds += 1
        if len(self._rounds) > 10_000:
            self._rounds.clear()
        self._rounds[key] = (row[0], row[1])
        return row[0], row[1], created

    def _write(self, items: list[dict], result: WriteResult) -> None:
        rows = []
        fresh_rounds: set[int] = set()
        existing: dict[int, set[int]] = {}
        rollup: dict[tuple, list] = {}
        per_capability: dict[
            tuple, list
        ] = {}  # (round, service, capability) -> [t, worst, technique]
        network_rounds: dict[int, tuple[int, int]] = {}
        seen_in_batch: set[tuple[int, int]] = set()
        targets_last: dict[int, tuple[int, int]] = {}
        levels = ((MINUTE, 60_000), (HOUR, 3_600_000), (DAY, 86_400_000))
        times = [m["_t_ms"] if "_t_ms" in m else _ms_from_iso(m["time"]) for m in items]
        round_start: dict[str, int] = {}
        for m, t_ms in zip(items, times, strict=True):
            key = m["round"]
            if t_ms < round_start.get(key, t_ms + 1):
                round_start[key] = t_ms
        for m, t_ms in zip(items, times, strict=True):
            network = NETWORK_CODE.get(m.get("network_state") or "online", 0)
            rid, round_t, created = self._round(
                m["round"], round_start[m["round"]], network, result, m.get("_tunnel")
            )
            if created:
                fresh_rounds.add(rid)
            service_id = self._service(
                m["service"], m.get("service_name") or m["service"], m.get("region") or "foreign"
            )
            capability = m["capability"]
            tid = self._target(service_id, capability, m["kind"], m["target"])
            if (rid, tid) in seen_in_batch:
                result.duplicates += 1
                continue
            if rid not in fresh_rounds:
                if rid not in existing:
                    existing[rid] = {
                        r[0]
                        for r in self.conn.execute(
                            "SELECT target_id FROM measurements WHERE round_id = ?", (rid,)
                        )
                    }
                if tid in existing[rid]:
                    result.duplicates += 1
                    continue
            seen_in_batch.add((rid, tid))
            status = STATUS_CODE[m["status"]]
            effective = STATUS_CODE[m.get("effective_status") or m["status"]]
            last = targets_last.get(tid)
            if last is None:
                row = self.conn.execute(
                    "SELECT last_status, last_t_ms FROM targets WHERE id = ?", (tid,)
                ).fetchone()
                last = (row[0], row[1] or 0) if row and row[0] is not None else (None, 0)
            changed = last[0] is not None and last[0] != status
            detail = None
            if status != 0 or changed or last[0] is None:
                evidence = m.get("evidence")
                if evidence:
                    blob = zlib.compress(
                        json.dumps(evidence, ensure_ascii=False, separators=(",", ":")).encode(), 6
                    )
                    detail = self.conn.execute(
                        "INSERT INTO details (data) VALUES (?)", (blob,)
                    ).lastrowid
            if t_ms >= last[1]:
                targets_last[tid] = (status, t_ms)
            timings = m.get("timings_ms") or {}
            rows.append(
                (
                    rid,
                    tid,
                    max(0, t_ms - round_t),
                    status,
                    None if effective == status else effective,
                    self._string(m.get("technique")),
                    self._string(m.get("failure")),
                    self._string(m.get("failed_step")),
                    _tenths(timings.get("dns")),
                    _tenths(timings.get("tcp")),
                    _tenths(timings.get("tls")),
                    _tenths(timings.get("http")),
                    _tenths(m.get("kbps")),
                    self._addrset(m.get("addresses") or [], m.get("control_addresses") or []),
                    detail,
                )
            )
            lat = _latency_tenths(m)
            lat_bin = None if lat is None else latency.bin_of(lat)
            for level, width in levels:
                key = (level, service_id, capability, t_ms // width)
                agg = rollup.get(key)
                if agg is None:
                    agg = rollup[key] = [0, 0, 0, 0, None, None, {}]
                agg[effective] += 1
                if lat is not None:
                    if agg[4] is None or lat < agg[4]:
                        agg[4] = lat
                    if agg[5] is None or lat > agg[5]:
                        agg[5] = lat
                    hist = agg[6]
                    hist[lat_bin] = hist.get(lat_bin, 0) + 1
            cap_key = (rid, service_id, capability)
            entry = per_capability.get(cap_key)
            technique = m.get("technique")
            if entry is None:
                per_capability[cap_key] = [round_t, effective, technique]
            elif effective > entry[1]:
                entry[1], entry[2] = effective, technique
            network_rounds.setdefault(rid, (round_t, network))
        if not rows:
            return
        self.conn.executemany(
            "INSERT INTO measurements (round_id, target_id, dt_ms, status, effective, technique, "
            "failure, failed_step, dns, tcp, tls, http, kbps, addrs, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        result.inserted += len(rows)
        self.conn.executemany(
            "UPDATE targets SET last_status = ?, last_t_ms = ? WHERE id = ? AND coalesce(last_t_ms, 0) <= ?",
            [(s, t, tid, t) for tid, (s, t) in targets_last.items()],
        )
        # The network state per round, counted once per new round.
        for rid, (round_t, network) in network_rounds.items():
            if rid not in fresh_rounds:
                continue
            for level, width in levels:
                key = (level, NETWORK_SERVICE, "network", round_t // width)
                agg = rollup.setdefault(key, [0, 0, 0, 0, None, None, {}])
                agg[network] += 1
        self.conn.executemany(
            "INSERT INTO rollups (level, service_id, capability, bucket, n0, n1, n2, n3, lat_min, lat_max, hist) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (level, service_id, capability, bucket) DO UPDATE SET "
            "n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3, "
            "lat_min = coalesce(min(lat_min, excluded.lat_min), lat_min, excluded.lat_min), "
            "lat_max = coalesce(max(lat_max, excluded.lat_max), lat_max, excluded.lat_max), "
            "hist = hist_merge(hist, excluded.hist)",
            [
                (*key, a[0], a[1], a[2], a[3], a[4], a[5], latency.encode(a[6]) if a[6] else None)
                for key, a in rollup.items()
            ],
        )
        self._record_changes(per_capability)

    def _load_states(self) -> dict:
        if self._states is None:
            self._states = {
                (r[0], r[1]): (r[2], r[3], r[4], r[5])
                for r in self.conn.execute(
                    "SELECT service_id, capability, status, technique, since_ms, t_ms FROM states"
                )
            }
        return self._states

    def _record_changes(self, per_capability: dict[tuple, list]) -> None:
        """State changes per service and capability (and of the service as a whole)."""
        states = self._load_states()
        by_round: dict[tuple[int, int], list] = {}
        for (rid, service_id, capability), (t, status, technique) in per_capability.items():
            by_round.setdefault((t, rid, service_id), []).append((capability, status, technique))
        changes, updates = [], {}
        for (t, _rid, service_id), caps in sorted(by_round.items()):
            worst = max(caps, key=lambda c: c[1])
            for capability, status, technique in [*caps, (SERVICE_WIDE, worst[1], worst[2])]:
                key = (service_id, capability)
                technique_id = self._string(technique) if status else None
                current = states.get(key)
                if current is not None and t < current[3]:
                    continue  # older than what we know: history, not news
                if current is None or current[0] != status:
                    changes.append(
                        (
                            service_id,
                            capability,
                            t,
                            status,
                            None if current is None else current[0],
                            technique_id,
                        )
                    )
                    states[key] = (status, technique_id, t, t)
                else:
                    states[key] = (
                        status,
                        current[1] if technique_id is None else technique_id,
                        current[2],
                        t,
                    )
                updates[key] = states[key]
        self.conn.executemany(
            "INSERT INTO changes (service_id, capability, t_ms, status, previous, technique) VALUES (?, ?, ?, ?, ?, ?)",
            changes,
        )
        self.conn.executemany(
            "INSERT INTO states (service_id, capability, status, technique, since_ms, t_ms) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (service_id, capability) DO UPDATE SET status = excluded.status, "
            "technique = excluded.technique, since_ms = excluded.since_ms, t_ms = excluded.t_ms",
            [(k[0], k[1], *v) for k, v in updates.items()],
        )

    # --- retention -------------------------------------------------------------------------

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

    # --- queries ---------------------------------------------------------------------------

    def service_ids(self) -> dict[str, tuple[int, str, str]]:
        """key -> (id, name, region)."""
        return {
            r[1]: (r[0], r[2], r[3])
            for r in self.conn.execute("SELECT id, key, name, region FROM services ORDER BY id")
        }

    def _service_id(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM services WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    MAX_ROLLUP_ROWS = 3000  # per series and query: keeps every timeline under ~50 ms

    def pick_level(self, start: float, end: float, buckets: int, now: float | None = None) -> int:
        """The finest rollup that is still kept for `start` and needs few rows."""
        now = now if now is not None else time.time()
        width = (end - start) / max(1, buckets)
        kept = {MINUTE: self.retention.minute, HOUR: self.retention.hour, DAY: self.retention.day}
        for level in (MINUTE, HOUR):
            seconds = LEVEL_SECONDS[level]
            fine_enough = (end - start) / seconds <= self.MAX_ROLLUP_ROWS or seconds >= width
            if fine_enough and (kept[level] is None or start >= now - kept[level]):
                return level
        return DAY

    def timeline(
        self,
        service: str,
        capability: str | None,
        start: float,
        end: float,
        buckets: int,
        level: int | None = None,
        now: float | None = None,
    ) -> list[Bucket]:
        """Counts per status and latency spread in `buckets` equal slices of [start, end)."""
        sid = NETWORK_SERVICE if service == "network" else self._service_id(service)
        out = [
            Bucket(start + i * (end - start) / buckets, start + (i + 1) * (end - start) / buckets)
            for i in range(buckets)
        ]
        if sid is None:
            return out
        level = self.pick_level(start, end, buckets, now) if level is None else level
        width = LEVEL_SECONDS[level]
        query = "SELECT bucket, n0, n1, n2, n3, lat_min, lat_max, hist FROM rollups WHERE level = ? AND service_id = ? AND bucket >= ? AND bucket < ?"
        args: list = [level, sid, int(start // width), int(-(-end // width))]
        if service == "network":
            query += " AND capability = 'network'"
        elif capability is not None:
            query += " AND capability = ?"
            args.append(capability)
        names = NETWORK_STATES if service == "network" else STATUSES
        hists: list[dict[int, int]] = [{} for _ in range(buckets)]
        span = (end - start) / buckets
        for bucket, *counts, lo, hi, hist in self.conn.execute(query, args):
            # A rollup coarser than the slices lands in the slice holding its middle, or the
            # nearest one when its middle lies outside the range it overlaps.
            middle = min(max((bucket + 0.5) * width, start), end - span / 2)
            i = min(buckets - 1, max(0, int((middle - start) // span)))
            b = out[i]
            for name, n in zip(names, counts, strict=False):
                if n:
                    b.counts[name] = b.counts.get(name, 0) + n
            if lo is not None:
                b.lat_min_ms = lo / 10 if b.lat_min_ms is None else min(b.lat_min_ms, lo / 10)
                b.lat_max_ms = hi / 10 if b.lat_max_ms is None else max(b.lat_max_ms, hi / 10)
            for k, n in latency.decode(hist).items():
                hists[i][k] = hists[i].get(k, 0) + n
        for b, h in zip(out, hists, strict=True):
            if h:
                med = latency.median(
                    h, b.lat_min_ms and b.lat_min_ms * 10, b.lat_max_ms and b.lat_max_ms * 10
                )
                b.lat_median_ms = round(med / 10, 1) if med is not None else None
        return out

    def uptime(
        self, service: str, capability: str | None = None, now: float | None = None
    ) -> dict[str, float | None]:
        """Share of measurements that worked over 24 h, 7 d and 30 d ("offline" excluded:
        when the network is down, no service is to blame)."""
        now = now if now is not None else time.time()
        out: dict[str, float | None] = {}
        for label, seconds in (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400)):
            buckets = self.timeline(service, capability, now - seconds, now, 1, level=HOUR)
            c = buckets[0].counts
            judged = c.get("ok", 0) + c.get("degraded", 0) + c.get("blocked", 0)
            out[label] = (
                round(100 * (c.get("ok", 0) + c.get("degraded", 0)) / judged, 2) if judged else None
            )
        return out

    def changes(
        self, service: str | None = None, since: float | None = None, limit: int = 1000
    ) -> list[dict]:
        query = (
            "SELECT s.key, s.name, c.capability, c.t_ms, c.status, c.previous, c.technique "
            "FROM changes c JOIN services s ON s.id = c.service_id WHERE c.t_ms >= ?"
        )
        args: list = [int((since or 0) * 1000)]
        if service:
            query += " AND s.key = ?"
            args.append(service)
        query += " ORDER BY c.t_ms DESC LIMIT ?"
        args.append(limit)
        return [
            {
                "service": r[0],
                "service_name": r[1],
                "capability": r[2],
                "time": iso_from_ms(r[3]),
                "status": STATUSES[r[4]],
                "previous": None if r[5] is None else STATUSES[r[5]],
                "technique": self._text(r[6]),
            }
            for r in self.conn.execute(query, args)
        ]

    def latest(self) -> list[dict]:
        """The current state of every service and capability, with since when."""
        rows = self.conn.execute(
            "SELECT s.key, s.name, s.region, st.capability, st.status, st.technique, st.since_ms, st.t_ms "
            "FROM states st JOIN services s ON s.id = st.service_id ORDER BY s.id, st.capability"
        ).fetchall()
        out: dict[str, dict] = {}
        for key, name, region, capability, status, technique, since, t in rows:
            entry = out.setdefault(
                key, {"service": key, "name": name, "region": region, "capabilities": []}
            )
            item = {
                "status": STATUSES[status],
                "technique": self._text(technique),
                "since": iso_from_ms(since),
                "checked": iso_from_ms(t),
            }
            if capability == SERVICE_WIDE:
                entry.update(item)
            else:
                entry["capabilities"].append({"name": capability, **item})
        return list(out.values())

    def last_probe_status(self) -> dict[tuple[str, str, str, str], str]:
        """(service, capability, kind, target) -> the last stored status, for confirmation."""
        return {
            (r[0], r[1], r[2], r[3]): STATUSES[r[4]]
            for r in self.conn.execute(
                "SELECT s.key, t.capability, t.kind, t.target, t.last_status FROM targets t "
                "JOIN services s ON s.id = t.service_id WHERE t.last_status IS NOT NULL"
            )
        }

    def measurements(
        self, since: float | None = None, until: float | None = None, service: str | None = None
    ) -> Iterable[dict]:
        """Raw measurements in time order, as JSON Lines contract dicts (streamed)."""
        for row in self.raw_measurements(since, until, service):
            (
                rkey,
                rt,
                net,
                skey,
                sname,
                region,
                cap,
                kind,
                target,
                _target_id,
                dtm,
                status,
                tech,
                fail,
                step,
                dns,
                tcp,
                tls,
                http,
                kbps,
                addrs,
                data,
            ) = row
            test, _, control = (addrs or "|").partition("|")
            yield {
                "schema": "censorwatch.measurement/1",
                "time": iso_from_ms(rt + dtm),
                "round": rkey,
                "service": skey,
                "service_name": sname,
                "region": region,
                "capability": cap,
                "kind": kind,
                "target": target,
                "status": STATUSES[status],
                "technique": self._text(tech),
                "failure": self._text(fail),
                "failed_step": self._text(step),
                "timings_ms": {
                    k: (None if v is None else v / 10)
                    for k, v in (("dns", dns), ("tcp", tcp), ("tls", tls), ("http", http))
                },
                "addresses": test.split() if test else [],
                "control_addresses": control.split() if control else [],
                "kbps": None if kbps is None else kbps / 10,
                "network_state": NETWORK_STATES[net],
                "evidence": json.loads(zlib.decompress(data)) if data else {},
            }

    def raw_measurements(
        self, since: float | None = None, until: float | None = None, service: str | None = None
    ):
        """The stored columns of a range, in time order, as the fast exporters read them:
        (round key, round ms, network code, service key, name, region, capability, kind,
        target, target id, dt ms, status code, technique id, failure id, step id, dns, tcp,
        tls, http (tenths of ms), kbps (tenths), addresses text, evidence blob)."""
        query = (
            "SELECT r.key, r.t_ms, r.network_state, s.key, s.name, s.region, t.capability, t.kind, t.target, "
            "t.id, m.dt_ms, m.status, m.technique, m.failure, m.failed_step, m.dns, m.tcp, m.tls, m.http, "
            "m.kbps, a.text, d.data FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN targets t ON t.id = m.target_id JOIN services s ON s.id = t.service_id "
            "LEFT JOIN addrsets a ON a.id = m.addrs LEFT JOIN details d ON d.id = m.detail"
        )
        query, args = _in_range(query, since, until, service)
        cursor = self.conn.execute(query + " ORDER BY r.t_ms, r.id, m.dt_ms, m.target_id", args)
        while batch := cursor.fetchmany(2000):
            yield from batch

    def text_of(self, sid: int | None) -> str | None:
        return self._text(sid)

    def latest_measurements(self, service: str) -> list[dict]:
        """The measurements of the last round that checked `service` (what the person saw)."""
        row = self.conn.execute(
            "SELECT max(r.t_ms) FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN targets t ON t.id = m.target_id JOIN services s ON s.id = t.service_id WHERE s.key = ?",
            (service,),
        ).fetchone()
        if not row or row[0] is None:
            return []
        return list(self.measurements(row[0] / 1000, (row[0] + 1) / 1000, service))

    def evidence_items(
        self, since: float | None = None, until: float | None = None, service: str | None = None
    ) -> Iterable[dict]:
        """Only the stored evidence of a range (what a redactor must read first)."""
        query = (
            "SELECT d.data FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN details d ON d.id = m.detail JOIN targets t ON t.id = m.target_id "
            "JOIN services s ON s.id = t.service_id"
        )
        for (data,) in self.conn.execute(*_in_range(query, since, until, service)):
            yield json.loads(zlib.decompress(data))

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("rounds", "measurements", "rollups", "changes", "details")
        }


def _in_range(query: str, since, until, service) -> tuple[str, list]:
    """Add the time range (and the service) to a query over rounds r and services s."""
    args: list = [int((since or 0) * 1000), int(until * 1000) if until else 2**62]
    query += " WHERE r.t_ms >= ? AND r.t_ms < ?"
    if service:
        query += " AND s.key = ?"
        args.append(service)
    return query, args


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our statements)."""
    cleaned = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in cleaned.split(";") if s.strip()]
