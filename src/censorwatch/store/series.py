"""The history's series for charts: which rollup level answers a range, timelines of counts
and latency in equal slices, where a series begins, and the speed or freeze point of each
check of a part."""

from __future__ import annotations

import json
import time
import zlib
from typing import Any

from . import latency
from .codes import DAY, HOUR, LEVEL_SECONDS, MINUTE, NETWORK_SERVICE, NETWORK_STATES, STATUSES
from .interning import Interning
from .retention import Retention
from .rows import Bucket


class Series(Interning):
    retention: Retention

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
            keep = kept[level]
            if fine_enough and (keep is None or start >= now - keep):
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
        query = "SELECT bucket, n0, n1, n2, n3, n4, lat_min, lat_max, hist FROM rollups WHERE level = ? AND service_id = ? AND bucket >= ? AND bucket < ?"
        args: list[Any] = [level, sid, int(start // width), int(-(-end // width))]
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
                    h,
                    None if b.lat_min_ms is None else round(b.lat_min_ms * 10),
                    None if b.lat_max_ms is None else round(b.lat_max_ms * 10),
                )
                b.lat_median_ms = round(med / 10, 1) if med is not None else None
        return out

    def first_time(self, service: str, capability: str | None) -> float | None:
        """When the series' kept history begins (unix seconds), from the finest rollup level
        that still reaches back that far; None when nothing is kept."""
        sid = NETWORK_SERVICE if service == "network" else self._service_id(service)
        if sid is None:
            return None
        cap = "network" if service == "network" else capability
        first: dict[int, float] = {}
        for level in (MINUTE, HOUR, DAY):
            query = "SELECT min(bucket) FROM rollups WHERE level = ? AND service_id = ?"
            args: list[Any] = [level, sid]
            if cap is not None:
                query += " AND capability = ?"
                args.append(cap)
            row = self.conn.execute(query, args).fetchone()
            if row and row[0] is not None:
                first[level] = row[0] * LEVEL_SECONDS[level]
        for finer, coarser in ((MINUTE, HOUR), (HOUR, DAY)):
            # a coarser level starting earlier than its own width means the finer is pruned
            if finer in first and first.get(coarser, 0) >= first[finer] - LEVEL_SECONDS[coarser]:
                return first[finer]
        return first.get(DAY)

    def kinds(self, service: str, capability: str | None) -> set[str]:
        """The probe kinds the history knows for a service (or one capability of it)."""
        query = "SELECT DISTINCT t.kind FROM targets t JOIN services s ON s.id = t.service_id WHERE s.key = ?"
        args: list[Any] = [service]
        if capability is not None:
            query += " AND t.capability = ?"
            args.append(capability)
        return {row[0] for row in self.conn.execute(query, args)}

    def measure_points(
        self, service: str, capability: str | None, kind: str, start: float, end: float
    ) -> list[tuple[float, float]]:
        """(unix time, value) of each `kind` check in [start, end): the download speed in
        kbit/s for throughput, the kilobytes received before the transfer ended for freeze."""
        query = (
            "SELECT r.t_ms + m.dt_ms, m.kbps, d.data FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN targets t ON t.id = m.target_id JOIN services s ON s.id = t.service_id "
            "LEFT JOIN details d ON d.id = m.detail"
        )
        query, args = in_range(query, start, end, service)
        query += " AND t.kind = ?"
        args.append(kind)
        if capability is not None:
            query += " AND t.capability = ?"
            args.append(capability)
        out: list[tuple[float, float]] = []
        for t_ms, kbps, data in self.conn.execute(query + " ORDER BY r.t_ms, m.dt_ms", args):
            if kind == "throughput" and kbps is not None:
                out.append((t_ms / 1000, kbps / 10))
            elif kind == "freeze" and data:
                http = json.loads(zlib.decompress(data)).get("http") or []
                received = sum(
                    h.get("body_bytes") or 0
                    for h in http
                    if isinstance(h, dict) and not h.get("decoy") and not h.get("via")
                )
                out.append((t_ms / 1000, round(received / 1024, 1)))
        return out


def in_range(
    query: str, since: float | None, until: float | None, service: str | None
) -> tuple[str, list[Any]]:
    """Add the time range (and the service) to a query over rounds r and services s."""
    args: list[Any] = [int((since or 0) * 1000), int(until * 1000) if until else 2**62]
    query += " WHERE r.t_ms >= ? AND r.t_ms < ?"
    if service:
        query += " AND s.key = ?"
        args.append(service)
    return query, args
