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

import orjson

from ..gcpause import collector_paused
from ..measurement import Measurement
from ..provider import Provider
from . import latency
from .codes import (
    DAY,
    HOUR,
    MINUTE,
    NETWORK_CODE,
    NETWORK_SERVICE,
    STATUS_CODE,
    STATUS_RANK,
    StoreError,
)
from .retention import Retention
from .rollups import HI, HIST, LEVELS, LO, aggregate, levels
from .states import States


@dataclass(slots=True)
class WriteResult:
    inserted: int = 0
    duplicates: int = 0
    rounds: int = 0


def provider_text(evidence: dict[str, Any]) -> str | None:
    """The round's provider as stored (the contract's object, compact), from a measurement's
    evidence; None when it names none or something else."""
    found = Provider.from_dict(evidence.get("provider")) if type(evidence) is dict else None
    return None if found is None else json.dumps(found.as_dict(), ensure_ascii=False)


def _blob(evidence: dict[str, Any]) -> bytes:
    """The evidence as stored: compact JSON, compressed. orjson writes it several times faster
    than json (the store's thread holds the interpreter less while the window paints);
    what it refuses (an integer beyond 64 bits) json writes. Compressed with a 4 KiB window
    and a small match table: zlib's defaults clear some 256 KiB for each piece of evidence
    (49 us for 169 bytes, against 5 us so), and a measurement's evidence is a few KiB
    compressed as well either way; any zlib reader reads it."""
    try:
        data = orjson.dumps(evidence, option=orjson.OPT_NON_STR_KEYS)
    except (orjson.JSONEncodeError, TypeError):
        data = json.dumps(evidence, ensure_ascii=False, separators=(",", ":")).encode()
    packer = zlib.compressobj(6, zlib.DEFLATED, 12, 4)
    return packer.compress(data) + packer.flush()


HANDSHAKE_KINDS = frozenset(("quic", "ech", "wireguard", "openvpn"))
_OFFLINE = STATUS_CODE["offline"]


class Writing(States):
    retention: Retention

    def write(self, measurements: Iterable[Measurement], now: float | None = None) -> WriteResult:
        """Store measurements in one transaction.

        Idempotent: a measurement already stored (same round, service, capability, kind,
        target) is counted as a duplicate and changes nothing. With `now` (an import of a
        log), the rollup levels the retention no longer keeps at `now` are not written.
        """
        result = WriteResult()
        kept_from: dict[int, int] = {}
        if now is not None:
            for level, keep in ((MINUTE, self.retention.minute), (HOUR, self.retention.hour)):
                if keep is not None:
                    kept_from[level] = int((now - keep) * 1000)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                with collector_paused():
                    self._write(list(measurements), result, kept_from)
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

    def _write(
        self, items: list[Measurement], result: WriteResult, kept_from: dict[int, int]
    ) -> None:
        # The measurements' rows, one after another (insert_flat): those with nothing but
        # their timings and addresses apart, naming only those columns (each empty value
        # bound costs the sqlite3 module an adapter look-up: 8 of the 78 thousand
        # instructions the writing spends per imported line), and the others.
        plain: list[Any] = []
        rows: list[Any] = []
        inserted = 0
        # Per minute where minutes are kept, else per hour (or day): the other levels are made
        # from these at the end (an old log's rows make few aggregates, not one per minute).
        bases: dict[tuple[int, int, str, int], list[Any]] = {}
        first_minute = kept_from.get(MINUTE, 0) // 60_000
        first_hour = kept_from.get(HOUR, 0) // 3_600_000
        # Each round's look at each service: its capabilities' worst status and technique.
        looks: dict[tuple[int, int, int], dict[str, tuple[int, str | None]]] = {}
        judged_services: dict[tuple[int, int], tuple[int, str | None]] = {}
        network_rounds: dict[int, tuple[int, int]] = {}
        targets_last: dict[int, tuple[int | None, int]] = {}
        round_start: dict[str, int] = {}
        probes: dict[tuple[str, str, str, str], tuple[int, int]] = {}
        ids: list[tuple[int, int]] = []  # each item's (service id, target id)
        for m in items:
            if m.t_ms < round_start.get(m.round, m.t_ms + 1):
                round_start[m.round] = m.t_ms
            probe_key = (m.service, m.capability, m.kind, m.target)
            known = probes.get(probe_key)
            if known is None:
                service_id = self._service(m.service, m.service_name, m.region)
                known = probes[probe_key] = (
                    service_id,
                    self._target(service_id, m.capability, m.kind, m.target),
                )
            ids.append(known)
        # Each round's id, time and the targets it holds (stored before, or in this batch).
        rounds: dict[str, tuple[int, int, set[int]]] = {}
        string = self._string
        status_code, network_code = STATUS_CODE, NETWORK_CODE
        # The batch's targets' last status and time, read in a few statements (not one per
        # target), and the evidence written in one statement with ids counted on from the
        # largest (the transaction holds the write lock: no other writer takes an id).
        stored_last = self._targets_last([tid for _, tid in probes.values()])
        details: list[tuple[int, bytes]] = []
        next_detail = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM details")
        next_detail = next_detail.fetchone()[0]
        bin_of = latency.bin_of
        bins: dict[int, int] = {}  # latency (tenths of ms) -> its bin: a batch repeats them
        addresses_of: dict[int, tuple[list[str], list[str], int | None]] = {}
        for m, (service_id, tid) in zip(items, ids, strict=True):
            known_round = rounds.get(m.round)
            if known_round is None:
                network = network_code[m.network_state]
                rid, round_t, created = self._round(
                    m.round,
                    round_start[m.round],
                    network,
                    result,
                    m.tunnel,
                    m.resolver,
                    provider_text(m.evidence),
                )
                if created:  # its network state is counted once
                    network_rounds[rid] = (round_t, network)
                    taken: set[int] = set()
                else:
                    taken = {
                        r[0]
                        for r in self.conn.execute(
                            "SELECT target_id FROM measurements WHERE round_id = ?", (rid,)
                        )
                    }
                known_round = rounds[m.round] = (rid, round_t, taken)
            rid, round_t, taken = known_round
            if tid in taken:
                result.duplicates += 1
                continue
            taken.add(tid)
            status = status_code[m.status]
            effective = status_code[m.effective_status]
            t_ms = m.t_ms
            last = targets_last.get(tid)
            if last is None:
                last = stored_last.get(tid, (None, 0))
            detail = None
            if (status or last[0] is None or last[0] != status) and m.evidence:
                detail = next_detail
                details.append((detail, _blob(m.evidence)))
                next_detail += 1
            if t_ms >= last[1]:
                targets_last[tid] = (status, t_ms)
            dns, tcp, tls, http = m.dns_ms, m.tcp_ms, m.tls_ms, m.http_ms
            tcp_tenths = None if tcp is None else round(tcp * 10)
            # A target's addresses are most often those of its last measurement.
            test, control = m.addresses, m.control_addresses
            before = addresses_of.get(tid)
            if before is not None and before[0] == test and before[1] == control:
                addrs = before[2]
            else:
                addrs = self._addrset(test, control) if test or control else None
                addresses_of[tid] = (test, control, addrs)
            dt = t_ms - round_t
            if dt < 0:
                dt = 0
            dns_tenths = None if dns is None else round(dns * 10)
            tls_tenths = None if tls is None else round(tls * 10)
            http_tenths = None if http is None else round(http * 10)
            inserted += 1
            if (
                effective == status
                and m.technique is None
                and m.failure is None
                and m.failed_step is None
                and m.kbps is None
                and detail is None
            ):  # most rows: a check that went as before, with nothing more to say
                plain.extend(
                    (rid, tid, dt, status, dns_tenths, tcp_tenths, tls_tenths, http_tenths, addrs)
                )
            else:
                rows.extend(
                    (
                        rid,
                        tid,
                        dt,
                        status,
                        None if effective == status else effective,
                        None if m.technique is None else string(m.technique),
                        None if m.failure is None else string(m.failure),
                        None if m.failed_step is None else string(m.failed_step),
                        dns_tenths,
                        tcp_tenths,
                        tls_tenths,
                        http_tenths,
                        None if m.kbps is None else round(m.kbps * 10),
                        addrs,
                        detail,
                    )
                )
            minute = t_ms // 60_000
            if minute >= first_minute:
                key = (MINUTE, service_id, m.capability, minute)
            elif minute // 60 >= first_hour:
                key = (HOUR, service_id, m.capability, minute // 60)
            else:
                key = (DAY, service_id, m.capability, minute // 1440)
            agg = bases.get(key)
            if agg is None:
                agg = bases[key] = aggregate()
            agg[effective] += 1
            # The chart's latency: a connection's (TCP, else the exchange); a DNS answer's time
            # only for a DNS check, and nothing from a round whose connection was down (a
            # local resolver's answer in 2 ms would read as a fast network).
            tenths = (
                tcp_tenths
                if tcp_tenths is not None
                else http_tenths
                if http_tenths is not None
                else dns_tenths
                if m.kind == "dns"
                else tls_tenths
                if m.kind in HANDSHAKE_KINDS  # a QUIC, ECH or VPN exchange: its handshake
                else None
            )
            if tenths is not None and effective != _OFFLINE:
                if agg[LO] is None or tenths < agg[LO]:
                    agg[LO] = tenths
                if agg[HI] is None or tenths > agg[HI]:
                    agg[HI] = tenths
                hist = agg[HIST]
                b = bins.get(tenths)
                if b is None:
                    b = bins[tenths] = bin_of(tenths)
                hist[b] = hist.get(b, 0) + 1
            technique, service_status, service_technique = m.verdicts()
            if service_status is not None:
                judged_services[(rid, service_id)] = (
                    status_code[service_status],
                    service_technique,
                )
            look_key = (round_t, rid, service_id)
            capabilities = looks.get(look_key)
            if capabilities is None:
                capabilities = looks[look_key] = {}
            entry = capabilities.get(m.capability)
            if entry is None or STATUS_RANK[effective] > STATUS_RANK[entry[0]]:
                capabilities[m.capability] = (effective, technique)
        if not inserted:
            return
        self.conn.executemany("INSERT INTO details (id, data) VALUES (?, ?)", details)
        self.insert_flat(
            "INSERT INTO measurements (round_id, target_id, dt_ms, status, dns, tcp, tls, http, addrs)",
            9,
            plain,
        )
        self.insert_flat(
            "INSERT INTO measurements (round_id, target_id, dt_ms, status, effective, technique, "
            "failure, failed_step, dns, tcp, tls, http, kbps, addrs, detail)",
            15,
            rows,
        )
        result.inserted += inserted
        self.conn.executemany(
            "UPDATE targets SET last_status = ?, last_t_ms = ? WHERE id = ? AND coalesce(last_t_ms, 0) <= ?",
            [(s, t, tid, t) for tid, (s, t) in targets_last.items()],
        )
        rollup = levels(bases, kept_from)
        # The network state per round, counted once per new round.
        for round_t, network in network_rounds.values():
            for level, width in LEVELS:
                if round_t < kept_from.get(level, 0):
                    continue
                agg = rollup.setdefault(
                    (level, NETWORK_SERVICE, "network", round_t // width),
                    aggregate(),
                )
                agg[network] += 1
        self.conn.executemany(
            "INSERT INTO rollups (level, service_id, capability, bucket, n0, n1, n2, n3, n4, lat_min, lat_max, hist) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (level, service_id, capability, bucket) DO UPDATE SET "
            "n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3, "
            "n4 = n4 + excluded.n4, "
            "lat_min = coalesce(min(lat_min, excluded.lat_min), lat_min, excluded.lat_min), "
            "lat_max = coalesce(max(lat_max, excluded.lat_max), lat_max, excluded.lat_max), "
            "hist = hist_merge(hist, excluded.hist)",
            [
                (*key, *a[:HIST], latency.encode(a[HIST]) if a[HIST] else None)
                for key, a in rollup.items()
            ],
        )
        self._record_changes(looks, judged_services)

    def _targets_last(self, tids: list[int]) -> dict[int, tuple[int | None, int]]:
        """(last status, its time in ms) of each of these targets that has one."""
        out: dict[int, tuple[int | None, int]] = {}
        for i in range(0, len(tids), 500):
            chunk = tids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for tid, status, t in self.conn.execute(
                f"SELECT id, last_status, last_t_ms FROM targets WHERE id IN ({marks}) "
                "AND last_status IS NOT NULL",
                chunk,
            ):
                out[tid] = (status, t or 0)
        return out

    def set_traffic(self, round_key: str, sent: int, received: int) -> None:
        """The bytes a round measured here moved (after its measurements are written)."""
        with self.conn:
            self.conn.execute(
                "UPDATE rounds SET sent = ?, received = ? WHERE key = ?",
                (sent, received, round_key),
            )

    def _round(
        self,
        key: str,
        t_ms: int,
        network: int,
        result: WriteResult,
        tunnel: str | None = None,
        resolver: str | None = None,
        provider: str | None = None,
    ) -> tuple[int, int, bool]:
        """(round id, round time, created now)."""
        known = self._rounds.get(key)
        if known is not None:
            return known[0], known[1], False
        row = self.conn.execute("SELECT id, t_ms FROM rounds WHERE key = ?", (key,)).fetchone()
        created = row is None
        if created:
            rid = self.insert(
                "INSERT INTO rounds (key, t_ms, network_state, tunnel, resolver, provider) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, t_ms, network, tunnel, resolver, self._string(provider)),
            )
            row = (rid, t_ms)
            result.rounds += 1
        if len(self._rounds) > 10_000:
            self._rounds.clear()
        self._rounds[key] = (row[0], row[1])
        return row[0], row[1], created
