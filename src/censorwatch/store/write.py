"""Writing measurements into the history: one transaction per batch, duplicates skipped,
evidence kept only where a probe failed or changed, rollups per minute, hour and day updated
as rows arrive, and the state changes of every service and capability recorded."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import latency
from .codes import (
    DAY,
    HOUR,
    MINUTE,
    NETWORK_CODE,
    NETWORK_SERVICE,
    SERVICE_WIDE,
    STATUS_CODE,
    StoreError,
    ms_from_iso,
)
from .interning import Interning


@dataclass(slots=True)
class WriteResult:
    inserted: int = 0
    duplicates: int = 0
    rounds: int = 0


def _tenths(value: float | str | None) -> int | None:
    return None if value is None else round(float(value) * 10)


def _latency_tenths(m: dict[str, Any]) -> int | None:
    t = m.get("timings_ms") or {}
    for step in ("tcp", "http", "dns"):
        if t.get(step) is not None:
            return round(float(t[step]) * 10)
    return None


class Writing(Interning):
    def write(self, measurements: Iterable[dict[str, Any]]) -> WriteResult:
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

    def _write(self, items: list[dict[str, Any]], result: WriteResult) -> None:
        rows = []
        fresh_rounds: set[int] = set()
        existing: dict[int, set[int]] = {}
        rollup: dict[tuple[Any, ...], list[Any]] = {}
        per_capability: dict[
            tuple[int, int, str], list[Any]
        ] = {}  # (round, service, capability) -> [t, worst, technique]
        network_rounds: dict[int, tuple[int, int]] = {}
        seen_in_batch: set[tuple[int, int]] = set()
        targets_last: dict[int, tuple[int | None, int]] = {}
        levels = ((MINUTE, 60_000), (HOUR, 3_600_000), (DAY, 86_400_000))
        times = [m["_t_ms"] if "_t_ms" in m else ms_from_iso(m["time"]) for m in items]
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
            last: tuple[int | None, int] | None = targets_last.get(tid)
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
                    detail = self.insert("INSERT INTO details (data) VALUES (?)", (blob,))
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

    def _load_states(self) -> dict[tuple[int, str], tuple[int, int | None, int, int]]:
        if self._states is None:
            self._states = {
                (r[0], r[1]): (r[2], r[3], r[4], r[5])
                for r in self.conn.execute(
                    "SELECT service_id, capability, status, technique, since_ms, t_ms FROM states"
                )
            }
        return self._states

    def _record_changes(self, per_capability: dict[tuple[int, int, str], list[Any]]) -> None:
        """State changes per service and capability (and of the service as a whole)."""
        states = self._load_states()
        by_round: dict[tuple[int, int, int], list[Any]] = {}
        for (rid, service_id, capability), (t, status, technique) in per_capability.items():
            by_round.setdefault((t, rid, service_id), []).append((capability, status, technique))
        changes: list[tuple[Any, ...]] = []
        updates: dict[tuple[int, str], tuple[int, int | None, int, int]] = {}
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
            rid = self.insert(
                "INSERT INTO rounds (key, t_ms, network_state, tunnel) VALUES (?, ?, ?, ?)",
                (key, t_ms, network, tunnel),
            )
            row = (rid, t_ms)
            result.rounds += 1
        if len(self._rounds) > 10_000:
            self._rounds.clear()
        self._rounds[key] = (row[0], row[1])
        return row[0], row[1], created
