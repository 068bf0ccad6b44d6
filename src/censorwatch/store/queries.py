"""Reading the history: timelines from rollups (for charts and uptime), state changes,
the latest states, and stored measurements as rows with named fields, streamed."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..measurement import Measurement
from .codes import (
    HOUR,
    LEVEL_SECONDS,
    NETWORK_STATES,
    SERVICE_WIDE,
    STATUSES,
    iso_from_ms,
)
from .retention import Retention
from .rows import StoredRow
from .series import Series, in_range


class Queries(Series):
    retention: Retention

    def service_ids(self) -> dict[str, tuple[int, str, str]]:
        """key -> (id, name, region)."""
        return {
            r[1]: (r[0], r[2], r[3])
            for r in self.conn.execute("SELECT id, key, name, region FROM services ORDER BY id")
        }

    def traffic(self, since: float, until: float | None = None) -> tuple[int, int, int]:
        """(bytes sent, bytes received, rounds) of the rounds measured here in [since, until)."""
        row = self.conn.execute(
            "SELECT coalesce(sum(sent), 0), coalesce(sum(received), 0), count(sent) FROM rounds "
            "WHERE t_ms >= ? AND t_ms < ?",
            (int(since * 1000), int((until if until is not None else 2**40) * 1000)),
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def uptime(
        self, service: str, capability: str | None = None, now: float | None = None
    ) -> dict[str, float | None]:
        """The share of time it worked fully over 24 h, 7 d and 30 d, time-weighted by the
        hour (one hour counts once, however many checks it had): per capability, or for
        the service its worst capability each hour (calls blocked half the time is 50 %,
        however many web checks worked). Slowed down is not working fully. Hours when
        nothing could be judged (offline, cannot tell, not running) count neither way.
        `hours`: the hours with data in the last 24 h; 7 d and 30 d are None until the data
        spans that long (nine tenths of it), 24 h until it spans an hour."""
        now = now if now is not None else time.time()
        sid = self._service_id(service)
        width = LEVEL_SECONDS[HOUR]
        starts = [int((now - seconds) // width) for seconds in (86400, 7 * 86400, 30 * 86400)]
        # Each hour's share (its worst capability's), then the sums over 24 h, 7 d and 30 d,
        # in SQL: a year's history of a hundred services was tens of thousands of rows
        # through Python after every round, while the window painted.
        row: tuple[Any, ...] = (None, 0, 0, 0, 0, 0, 0)
        if sid is not None:
            where = "level = ? AND service_id = ? AND bucket >= ? AND bucket <= ?"
            args: list[Any] = [HOUR, sid, starts[2], int(now // width)]
            if capability is not None:
                where += " AND capability = ?"
                args.append(capability)
            args += [starts[0], starts[0], starts[1], starts[1]]
            row = self.conn.execute(
                "WITH hours AS (SELECT bucket, min(CAST(n0 AS REAL) / (n0 + n1 + n3)) AS share "
                f"FROM rollups WHERE {where} AND n0 + n1 + n3 > 0 GROUP BY bucket) "
                "SELECT min(bucket), total(CASE WHEN bucket >= ? THEN share END), "
                "count(CASE WHEN bucket >= ? THEN 1 END), "
                "total(CASE WHEN bucket >= ? THEN share END), "
                "count(CASE WHEN bucket >= ? THEN 1 END), total(share), count(*) FROM hours",
                args,
            ).fetchone()
        oldest, sums = row[0], row[1:]
        out: dict[str, float | None] = {}
        for i, (label, seconds) in enumerate(
            (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400))
        ):
            total, hours = sums[2 * i], sums[2 * i + 1]
            needed = width if label == "24h" else 0.9 * seconds
            spans = oldest is not None and now - oldest * width >= needed
            out[label] = round(100 * total / hours, 1) if hours and spans else None
        out["hours"] = float(sums[1])
        return out

    def changes(
        self, service: str | None = None, since: float | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        query = (
            "SELECT s.key, s.name, c.capability, c.t_ms, c.status, c.previous, c.technique "
            "FROM changes c JOIN services s ON s.id = c.service_id WHERE c.t_ms >= ?"
        )
        args: list[Any] = [int((since or 0) * 1000)]
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

    def latest(self) -> list[dict[str, Any]]:
        """The current state of every service and capability, with since when (the start of
        the stretch, across gaps: censorwatch/since.py); `gap`: the last time inside it when
        nothing could be judged (the connection down, or cannot tell); while in such a gap,
        `interrupted`: the state it interrupted, with its own since."""
        rows = self.conn.execute(
            "SELECT s.key, s.name, s.region, st.capability, st.status, st.technique, st.since_ms, "
            "st.t_ms, st.held_status, st.held_technique, st.held_since_ms, st.gap_status, "
            "st.gap_from_ms, st.gap_to_ms "
            "FROM states st JOIN services s ON s.id = st.service_id ORDER BY s.id, st.capability"
        ).fetchall()
        # A stretch that began at the series' first recorded change began then or earlier.
        first = {
            (key, capability): t_ms
            for key, capability, t_ms in self.conn.execute(
                "SELECT s.key, c.capability, min(c.t_ms) FROM changes c "
                "JOIN services s ON s.id = c.service_id GROUP BY c.service_id, c.capability"
            )
        }
        out: dict[str, dict[str, Any]] = {}
        for key, name, region, capability, status, technique, since, t, *gaps in rows:
            began = first.get((key, capability), since)
            entry = out.setdefault(
                key, {"service": key, "name": name, "region": region, "capabilities": []}
            )
            item: dict[str, Any] = {
                "status": STATUSES[status],
                "technique": self._text(technique),
                "since": iso_from_ms(since),
                "checked": iso_from_ms(t),
                "first_look": since <= began,
            }
            h_status, h_technique, h_since, g_status, g_from, g_to = gaps
            if h_status is not None:
                item["interrupted"] = {
                    "status": STATUSES[h_status],
                    "technique": self._text(h_technique),
                    "since": iso_from_ms(h_since),
                    "until": iso_from_ms(g_from),  # when the gap began
                    "first_look": h_since <= began,
                }
            elif g_status is not None:
                item["gap"] = {
                    "status": STATUSES[g_status],
                    "from": iso_from_ms(g_from),
                    "to": iso_from_ms(g_to),
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
    ) -> Iterator[Measurement]:
        """Stored measurements in time order (streamed)."""
        text = self._text
        for row in self.raw_measurements(since, until, service):
            test, _, control = (row.addresses or "|").partition("|")
            t = row.time_ms
            yield Measurement(
                time=iso_from_ms(t),
                round=row.round_key,
                service=row.service,
                service_name=row.service_name,
                region=row.region,
                capability=row.capability,
                kind=row.kind,
                target=row.target,
                status=STATUSES[row.status],
                technique=text(row.technique),
                failure=text(row.failure),
                failed_step=text(row.failed_step),
                dns_ms=None if row.dns is None else row.dns / 10,
                tcp_ms=None if row.tcp is None else row.tcp / 10,
                tls_ms=None if row.tls is None else row.tls / 10,
                http_ms=None if row.http is None else row.http / 10,
                addresses=test.split() if test else [],
                control_addresses=control.split() if control else [],
                kbps=None if row.kbps is None else row.kbps / 10,
                network_state=NETWORK_STATES[row.network],
                evidence=row.evidence_json(),
                t_ms=t,
            )

    def raw_measurements(
        self, since: float | None = None, until: float | None = None, service: str | None = None
    ) -> Iterator[StoredRow]:
        """The stored rows of a range, in time order, as the fast exporters read them."""
        query = (
            "SELECT r.key, r.t_ms, r.network_state, s.key, s.name, s.region, t.capability, t.kind, t.target, "
            "t.id, m.dt_ms, m.status, m.technique, m.failure, m.failed_step, m.dns, m.tcp, m.tls, m.http, "
            "m.kbps, a.text, d.data, p.text FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN targets t ON t.id = m.target_id JOIN services s ON s.id = t.service_id "
            "LEFT JOIN addrsets a ON a.id = m.addrs LEFT JOIN details d ON d.id = m.detail "
            "LEFT JOIN strings p ON p.id = r.provider"
        )
        query, args = in_range(query, since, until, service)
        cursor = self.conn.execute(query + " ORDER BY r.t_ms, r.id, m.dt_ms, m.target_id", args)
        make = StoredRow._make
        while batch := cursor.fetchmany(2000):
            for row in batch:
                yield make(row)

    def targets(self) -> list[tuple[str, str, str, str, str, str]]:
        """Every probe the history knows: (service, name, region, capability, kind, target),
        services by name."""
        return self.conn.execute(
            "SELECT s.key, s.name, s.region, t.capability, t.kind, t.target FROM targets t "
            "JOIN services s ON s.id = t.service_id ORDER BY s.name COLLATE NOCASE, t.id"
        ).fetchall()

    def resolver_outages(self, since_ms: int = 0) -> list[tuple[int, int]]:
        """(start, end) in ms of the stretches of rounds whose resolver under test answered
        no name, oldest first (an open stretch ends at its last round)."""
        rows = self.conn.execute(
            "SELECT t_ms, resolver FROM rounds WHERE t_ms >= ? AND resolver IS NOT NULL "
            "ORDER BY t_ms",
            (since_ms,),
        ).fetchall()
        out: list[tuple[int, int]] = []
        start = last = None
        for t_ms, state in rows:
            if state == "not_answering":
                start = t_ms if start is None else start
                last = t_ms
            elif start is not None and last is not None:
                out.append((start, last))
                start = last = None
        if start is not None and last is not None:
            out.append((start, last))
        return out

    def last_round(self) -> tuple[float, str] | None:
        """(unix time, network state) of the newest round, or None for an empty history."""
        row = self.conn.execute(
            "SELECT t_ms, network_state FROM rounds ORDER BY t_ms DESC LIMIT 1"
        ).fetchone()
        return (row[0] / 1000, NETWORK_STATES[row[1]]) if row else None

    def round_span(self, since: float, until: float) -> tuple[float, float] | None:
        """(first, last) round times (Unix seconds) within [since, until), or None."""
        row = self.conn.execute(
            "SELECT min(t_ms), max(t_ms) FROM rounds WHERE t_ms >= ? AND t_ms < ?",
            (int(since * 1000), int(until * 1000)),
        ).fetchone()
        return None if row is None or row[0] is None else (row[0] / 1000, row[1] / 1000)

    def last_provider(self, until: float | None = None) -> dict[str, Any] | None:
        """The provider of the newest round (before `until`) that found one, as the contract
        writes it ({"asn", "name", "country"}), or None."""
        row = self.conn.execute(
            "SELECT s.text FROM rounds r JOIN strings s ON s.id = r.provider "
            "WHERE r.provider IS NOT NULL AND r.t_ms < ? ORDER BY r.t_ms DESC LIMIT 1",
            (int(until * 1000) if until is not None else 2**62,),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def text_of(self, sid: int | None) -> str | None:
        return self._text(sid)

    def latest_measurements(self, service: str) -> list[Measurement]:
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
    ) -> Iterable[dict[str, Any]]:
        """Only the stored evidence of a range (what a redactor must read first)."""
        query = (
            "SELECT d.data FROM rounds r JOIN measurements m ON m.round_id = r.id "
            "JOIN details d ON d.id = m.detail JOIN targets t ON t.id = m.target_id "
            "JOIN services s ON s.id = t.service_id"
        )
        for (data,) in self.conn.execute(*in_range(query, since, until, service)):
            yield json.loads(zlib.decompress(data))

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("rounds", "measurements", "rollups", "changes", "details")
        }
