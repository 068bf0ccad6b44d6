"""The history on real SQLite files: idempotent writes, rollups against a brute-force recount,
retention, migrations, damaged files, read-only folders, kill -9, import and history."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from censorwatch.measurement import Measurement, encode, validate
from censorwatch.store import (
    DAY,
    FILENAME,
    HOUR,
    MINUTE,
    Store,
    StoreError,
    iso_from_ms,
    latency,
)
from censorwatch.store.schema import CURRENT, MIGRATIONS
from censorwatch.store.writer import StoreWriter
from censorwatch.vocabulary import STATUSES
from tests.conftest import run_cli

NOW = 1_790_002_800.0  # a fixed "now" on the hour (2026-09-21): no test depends on the clock
CAPS = (("web", "https"), ("messages", "tcp"), ("calls", "stun"))


def measurement(
    t: float,
    rnd: str,
    service="tg",
    capability="calls",
    kind="stun",
    status="ok",
    lat=None,
    **extra,
) -> Measurement:
    """A measurement of the contract, through the contract's own validation."""
    return validate(
        {
            "schema": "censorwatch.measurement/1",
            "time": iso_from_ms(int(t * 1000)),
            "round": rnd,
            "service": service,
            "service_name": service.upper(),
            "region": "foreign",
            "capability": capability,
            "kind": kind,
            "target": f"{service}.example:443",
            "status": status,
            "technique": None if status == "ok" else "udp",
            "failure": None if status == "ok" else "generic_timeout_error",
            "failed_step": None if status == "ok" else "udp",
            "timings_ms": {"dns": 1.5, "tcp": lat, "tls": None, "http": None},
            "addresses": ["203.0.113.5"],
            "control_addresses": ["203.0.113.5"],
            "kbps": None,
            "network_state": "online",
            "evidence": {"note": "x"} if status != "ok" else {},
            **extra,
        }
    )


def rounds(start: float, count: int, every: float, rng: random.Random, services=("tg", "wa")):
    out = []
    for i in range(count):
        t = start + i * every
        for s in services:
            for cap, kind in CAPS:
                status = rng.choice(["ok", "ok", "ok", "degraded", "blocked", "offline"])
                lat = round(rng.lognormvariate(3, 0.8), 1) if rng.random() < 0.9 else None
                out.append(measurement(t + rng.random(), f"r{i}", s, cap, kind, status, lat))
    return out


def test_write_is_idempotent_and_round_trips(tmp_path):
    data = rounds(NOW - 3600, 30, 60, random.Random(1))
    with Store(tmp_path) as store:
        first = store.write(data)
        again = store.write(data)
        assert (first.inserted, first.duplicates, first.rounds) == (len(data), 0, 30)
        assert (again.inserted, again.duplicates, again.rounds) == (0, len(data), 0)
        back = list(store.measurements())
    assert len(back) == len(data)
    by_key = {(m.round, m.service, m.capability): m for m in data}
    for m in back:
        original = by_key[(m.round, m.service, m.capability)]
        for k in (
            "time",
            "status",
            "technique",
            "failure",
            "failed_step",
            "timings_ms",
            "addresses",
            "evidence",
        ):
            assert getattr(m, k) == getattr(original, k), k


def test_rollups_match_a_brute_force_recount(tmp_path):
    rng = random.Random(2)
    data = rounds(NOW - 3 * 86400, 400, 600, rng)  # ~2.8 days, 10-minute rounds
    with Store(tmp_path) as store:
        # Written in uneven batches, so buckets are merged across transactions.
        for i in range(0, len(data), 517):
            store.write(data[i : i + 517])
        rows = store.conn.execute(
            "SELECT level, s.key, capability, bucket, n0, n1, n2, n3, lat_min, lat_max, hist "
            "FROM rollups r JOIN services s ON s.id = r.service_id"
        ).fetchall()
    assert rows
    expected: dict[tuple, list] = {}
    for m in data:
        moment = dt.datetime.fromisoformat(m.time.replace("Z", "+00:00"))
        t_ms = round(moment.timestamp() * 1000)
        timings = m.timings_ms
        # The latency of a probe: its TCP connect, else its request, else (a DNS check) its
        # lookup; none from a round whose connection was down.
        steps = ("tcp", "http", "dns") if m.kind == "dns" else ("tcp", "http")
        lat = next((timings[k] for k in steps if timings[k] is not None), None)
        if m.effective_status == "offline":
            lat = None
        for level, width in ((MINUTE, 60_000), (HOUR, 3_600_000), (DAY, 86_400_000)):
            key = (level, m.service, m.capability, t_ms // width)
            e = expected.setdefault(key, [[0, 0, 0, 0], []])
            e[0][["ok", "degraded", "offline", "blocked"].index(m.status)] += 1
            if lat is not None:
                e[1].append(lat)
    assert {r[:4] for r in rows} == set(expected)
    for level, service, cap, bucket, n0, n1, n2, n3, lo, hi, hist in rows:
        counts, lats = expected[(level, service, cap, bucket)]
        assert [n0, n1, n2, n3] == counts
        if lats:
            assert lo == round(min(lats) * 10) and hi == round(max(lats) * 10)
            approx = latency.median(latency.decode(hist), lo, hi) / 10
            true = statistics.median_low(lats)
            assert true / 1.2 <= approx <= statistics.median_high(lats) * 1.2
        else:
            assert lo is None and hist is None


def test_timeline_and_uptime(tmp_path):
    data = []
    for i in range(120):  # two hours, 1-minute rounds: blocked during the second hour
        status = "ok" if i < 60 else "blocked"
        data.append(measurement(NOW - 7200 + i * 60, f"r{i}", status=status, lat=20.0 + i))
    with Store(tmp_path) as store:
        store.write(data)
        buckets = store.timeline("tg", "calls", NOW - 7200, NOW, 2, now=NOW)
        assert [b.status for b in buckets] == ["ok", "blocked"]
        assert buckets[0].counts == {"ok": 60} and buckets[1].counts == {"blocked": 60}
        assert buckets[0].lat_min_ms == 20.0 and buckets[0].lat_max_ms == 79.0
        assert store.pick_level(NOW - 7200, NOW, 120, now=NOW) == MINUTE
        assert store.pick_level(NOW - 7 * 86400, NOW, 300, now=NOW) == HOUR
        assert store.pick_level(NOW - 365 * 86400, NOW, 300, now=NOW) == DAY
        up = store.uptime("tg", now=NOW)
        assert up["24h"] == 50.0 and up["hours"] == 2.0
        assert up["7d"] is None and up["30d"] is None  # two hours of data: no week's figure
        changes = store.changes("tg")
        calls = [c for c in changes if c["capability"] == "calls"]
        assert [c["status"] for c in calls] == ["blocked", "ok"]  # newest first
        assert calls[0]["time"] == data[60].time and calls[0]["previous"] == "ok"
        latest = store.latest()[0]
        assert latest["status"] == "blocked" and latest["since"] == data[60].time
        assert store.last_probe_status()[("tg", "calls", "stun", "tg.example:443")] == "blocked"


def test_network_state_blames_no_service(tmp_path):
    data = [
        measurement(NOW - 120, "r1", status="blocked", network_state="offline"),
        measurement(NOW - 60, "r2", status="ok"),
    ]
    with Store(tmp_path) as store:
        store.write(data)
        states = [c["status"] for c in store.changes("tg") if c["capability"] == "calls"]
        assert states == ["ok", "offline"]
        net = store.timeline("network", None, NOW - 180, NOW, 1, now=NOW)[0]
        assert net.counts == {"offline": 1, "online": 1}


def test_retention(tmp_path):
    day = 86400
    data = []
    for i, age in enumerate((200 * day, 60 * day, 10 * day, 3 * day, 3600)):
        data.append(measurement(NOW - age, f"r{i}", status="blocked" if i % 2 else "ok", lat=5.0))
    with Store(tmp_path) as store:
        store.write(data)
        before = store.counts()
        store.prune(now=NOW)
        after = store.counts()
        kept = [m.round for m in store.measurements()]
        levels = dict(
            store.conn.execute(
                "SELECT level, count(*) FROM rollups WHERE service_id != 0 GROUP BY level"
            )
        )
    assert kept == ["r2", "r3", "r4"]  # raw: 30 days
    assert levels[MINUTE] == 1  # minute rollups: 48 hours
    assert levels[HOUR] == 4  # hourly: 90 days (only the 200-day-old one is gone)
    assert levels[DAY] == 5  # daily: for ever
    assert after["changes"] == before["changes"]  # state changes: for ever
    assert after["details"] < before["details"]


def _rollups(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT level, service_id, capability, bucket, n0, n1, n2, n3, n4, lat_min, lat_max, "
        "hist FROM rollups ORDER BY 1, 2, 3, 4"
    ).fetchall()


def test_an_import_writes_only_the_rollups_retention_keeps(tmp_path):
    """An import of an older log leaves out the rollup levels the next pruning would delete
    (minutes older than 48 hours, hours older than 90 days): the same rollups as writing
    everything and pruning."""
    day = 86400
    data = []
    for i, age in enumerate((200 * day, 60 * day, 10 * day, 3 * day, 3600)):
        data.append(measurement(NOW - age, f"r{i}", status="blocked" if i % 2 else "ok", lat=5.0))

    with Store(tmp_path / "pruned") as store:
        store.write(data)
        store.prune(now=NOW)
        expected = _rollups(store)
    with Store(tmp_path / "imported") as store:
        store.write(data, now=NOW)
        got = _rollups(store)
        assert len(list(store.measurements())) == 5  # raw rows are pruning's to drop
    assert got == expected
    assert [r[0] for r in got if r[1] != 0].count(MINUTE) == 1


def test_an_import_across_the_retention_boundaries_matches_writing_all_and_pruning(tmp_path):
    """Many rounds an hour on both sides of the 48-hour and 90-day boundaries, the minute
    boundary in the middle of an hour, written in uneven batches: an import's rollups (made
    per hour or per day where minutes or hours are not kept) are those of writing every
    level and pruning."""
    rng = random.Random(5)
    now = NOW + 1234  # 20 minutes into an hour
    old = rounds(now - 91 * 86400, 30, 420, rng)  # days only: hours are kept 90 days
    recent = rounds(now - 50 * 3600, 80, 420, rng)  # hours, and minutes for the last 48 h
    data = [replace(m, round=f"a{m.round}") for m in old] + recent

    with Store(tmp_path / "pruned") as store:
        store.write(data)
        store.prune(now=now)
        expected = _rollups(store)
    with Store(tmp_path / "imported") as store:
        for i in range(0, len(data), 211):
            store.write(data[i : i + 211], now=now)
        got = _rollups(store)
    assert got == expected
    levels = {r[0] for r in got}
    assert levels == {MINUTE, HOUR, DAY}


def test_each_column_a_row_may_add_is_kept(tmp_path):
    """Rows that say nothing but their timings and addresses are stored naming fewer columns
    (SQLite writes them faster so); a row that adds a throughput, a technique, a failure,
    a failed step, evidence, or a status the round's network changes keeps each of them."""
    t = NOW - 600
    plain = measurement(t, "r1", service="aa", lat=12.3)
    added = [
        replace(measurement(t, "r1", service="bb", lat=4.0), kbps=1234.5),
        replace(measurement(t, "r1", service="cc"), technique="throttling"),
        replace(measurement(t, "r1", service="dd"), failure="connection_reset"),
        replace(measurement(t, "r1", service="ee"), failed_step="tls"),
        replace(measurement(t, "r1", service="ff"), evidence={"note": "first look"}),
    ]
    whitelist = measurement(t + 60, "r2", service="gg", status="blocked", network_state="whitelist")
    later = measurement(t + 60, "r2", service="aa", lat=15.0)
    data = [plain, *added, whitelist, later]
    with Store(tmp_path) as store:
        store.write(data)
        back = {(m.round, m.service): m for m in store.measurements()}
        effective = store.conn.execute(
            "SELECT s.key, m.status, m.effective FROM measurements m "
            "JOIN targets t ON t.id = m.target_id JOIN services s ON s.id = t.service_id"
        ).fetchall()
    for m in data:
        stored = back[(m.round, m.service)]
        for k in ("status", "technique", "failure", "failed_step", "kbps", "timings_ms"):
            assert getattr(stored, k) == getattr(m, k), (m.service, k)
        assert stored.evidence == m.evidence and stored.addresses == m.addresses
    assert whitelist.effective_status == "offline"
    codes = {key: (status, eff) for key, status, eff in effective}
    # blocked, counted offline: a foreign service under a white list
    assert codes["gg"] == (STATUSES.index("blocked"), STATUSES.index("offline"))
    assert all(eff is None for key, (_, eff) in codes.items() if key != "gg")


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    for statement in [s for s in MIGRATIONS[1].split(";") if s.strip()]:
        conn.execute(statement)
    conn.execute("INSERT INTO rounds (key, t_ms, network_state) VALUES ('r-old', 1, 0)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_migration_from_an_older_schema_keeps_a_copy(tmp_path):
    _make_v1(tmp_path / FILENAME)
    with Store(tmp_path) as store:
        assert store.migrated_from == 1
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT
        assert store.conn.execute("SELECT key, tunnel FROM rounds").fetchall() == [("r-old", None)]
        backup = store.backup
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()


def test_a_file_that_is_not_a_history_is_moved_aside(tmp_path):
    (tmp_path / FILENAME).write_bytes(b"this is not a database" * 100)
    with Store(tmp_path) as store:
        aside = store.moved_aside
        store.write([measurement(NOW, "r1")])
    assert aside.read_bytes() == b"this is not a database" * 100
    result = run_cli("history", "--data-dir", str(tmp_path))  # the good one opens quietly
    assert result.returncode == 0 and "moved aside" not in result.stderr
    (tmp_path / FILENAME).unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / FILENAME) + suffix).unlink(missing_ok=True)
    other = sqlite3.connect(tmp_path / FILENAME)
    other.execute("CREATE TABLE photos (id INTEGER)")
    other.commit()
    other.close()
    result = run_cli("history", "--data-dir", str(tmp_path))
    assert result.returncode == 0
    assert "could not be read; it was moved aside to" in result.stderr


def test_a_history_from_a_newer_version_is_left_untouched(tmp_path):
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = (tmp_path / FILENAME).read_bytes()
    with pytest.raises(StoreError, match="newer censorwatch"):
        Store(tmp_path)
    assert (tmp_path / FILENAME).read_bytes() == before
    result = run_cli("history", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "newer censorwatch" in result.stderr


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    # root ignores permissions: use a read-only mount instead.
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot make a read-only folder as root here: {mounted.stderr.decode().strip()}"
        )
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_read_only_folder_gives_a_clear_error(read_only_folder):
    with pytest.raises(StoreError, match="read-only"):
        Store(read_only_folder)
    result = run_cli("history", "--data-dir", str(read_only_folder))
    assert result.returncode == 2
    assert "read-only" in result.stderr and "Traceback" not in result.stderr


def test_writer_thread_batches_and_flushes(tmp_path):
    errors = []
    writer = StoreWriter(tmp_path, on_error=errors.append)
    now = time.time()  # recent data: the writer prunes by the real clock
    for i in range(50):
        writer.submit([measurement(now - 3000 + i * 60, f"r{i}")])
    assert writer.flush()
    writer.close()
    with Store(tmp_path) as store:
        assert store.counts()["measurements"] == 50
    assert errors == []


def _jsonl(path: Path, data: list[Measurement]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for m in data:
            out.write(encode(m) + "\n")


def test_import_reports_bad_lines_and_adds_nothing_twice(tmp_path):
    data = rounds(NOW - 3600, 10, 60, random.Random(3))
    log = tmp_path / "log.jsonl"
    _jsonl(log, data)
    with log.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
        first_line = data[0].to_dict()
        out.write(json.dumps({**first_line, "status": "weird"}) + "\n")
        out.write(json.dumps({k: v for k, v in first_line.items() if k != "round"}) + "\n")
    home = tmp_path / "home"
    first = run_cli("import", str(log), "--data-dir", str(home))
    assert first.returncode == 0, first.stderr
    n = len(data)
    assert f"imported {n} measurements" in first.stdout and "3 lines skipped" in first.stdout
    assert f"{log}:{n + 1}: skipped: not JSON" in first.stderr
    assert f"{log}:{n + 2}: skipped: status: unknown 'weird'" in first.stderr
    assert f"{log}:{n + 3}: skipped: round: must be a string, got NoneType" in first.stderr
    second = run_cli("import", str(log), "--data-dir", str(home))
    assert (
        "imported 0 measurements" in second.stdout
        and f"{n} already in the history" in second.stdout
    )


def _running_with(argument: str) -> list[int]:
    """The processes (a zombie has no command line) whose command line holds `argument`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                words = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue  # gone meanwhile
            if argument.encode() in words:
                found.append(int(entry.name))
    return found


def test_kill_9_mid_import_loses_at_most_the_last_batch(tmp_path):
    data = rounds(NOW - 40 * 3600, 4000, 30, random.Random(4))  # 24,000 measurements
    log = tmp_path / "big.jsonl"
    _jsonl(log, data)
    home = tmp_path / "home"
    proc = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "import", str(log), "--data-dir", str(home)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = home / FILENAME
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                try:
                    seen = reader.execute("SELECT count(*) FROM measurements").fetchone()[0]
                finally:
                    reader.close()  # also when the table is not there yet (Python 3.13 warns)
            except sqlite3.Error:
                seen = 0
            if seen:
                break
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The decoding process beside it ends as well, at its next batch, and lets go of the
    # history's files: none is left waiting forever on a pipe no one reads.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _running_with(str(log)):
        time.sleep(0.05)
    assert not _running_with(str(log)), "the decoding process outlived the import"
    with Store(home) as store:
        assert store.moved_aside is None
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = store.counts()["measurements"]
        # Batches end at round boundaries: every stored round is whole.
        sizes = {
            n for (n,) in store.conn.execute("SELECT count(*) FROM measurements GROUP BY round_id")
        }
    assert kept >= seen and sizes <= {6}
    again = run_cli("import", str(log), "--data-dir", str(home))
    assert again.returncode == 0
    assert f"{kept} already in the history" in again.stdout
    with Store(home) as store:
        assert store.counts()["measurements"] == len(data)


def test_check_stores_the_round_and_history_answers(lab, tmp_path):
    home = tmp_path / "home"
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--service",
        "messenger-calls-blocked",
        "--data-dir",
        str(home),
    )
    assert result.returncode == 0, result.stderr
    history = run_cli("history", "--json", "--data-dir", str(home))
    report = json.loads(history.stdout)
    service = report["services"][0]
    assert service["service"] == "messenger-calls-blocked" and service["status"] == "blocked"
    caps = {c["name"]: c for c in service["capabilities"]}
    assert caps["calls"]["technique"] == "udp" and caps["messages"]["status"] == "ok"
    assert any(c["capability"] == "calls" and c["status"] == "blocked" for c in report["changes"])
    text = run_cli("history", "--data-dir", str(home))
    assert "UDP blocked" in text.stdout and "Changes in the last 24h" in text.stdout


def _hold_exclusively(path: Path):
    """Another program holding the history with an exclusive lock (as a backup tool or a
    second program may): a process of its own, holding until its stdin closes."""
    script = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "c.execute('SELECT count(*) FROM rounds').fetchone()\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_locked_history_is_reported_and_never_moved_aside(tmp_path):
    with Store(tmp_path) as store:
        store.write([measurement(NOW, "r1")])
    holder = _hold_exclusively(tmp_path / FILENAME)
    try:
        result = run_cli("history", "--data-dir", str(tmp_path))
        assert result.returncode == 2, result.stderr
        assert "in use by another program" in result.stderr and "left as it is" in result.stderr
        assert "Traceback" not in result.stderr
        with pytest.raises(StoreError, match="in use by another program"):
            Store(tmp_path)
        assert not list(tmp_path.glob("*.unreadable-*"))
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()
    with Store(tmp_path) as store:  # once released, all of it is still there
        assert store.moved_aside is None and store.counts()["measurements"] == 1


def test_a_history_it_may_not_write_is_reported_and_left_as_it_is(tmp_path):
    with Store(tmp_path) as store:
        store.write([measurement(NOW, "r1")])
    path = tmp_path / FILENAME
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    before = path.read_bytes()
    # Root writes any file that is merely read-only: an immutable one it may not write.
    root = os.geteuid() == 0
    lock = ["chattr", "+i", str(path)] if root else None
    if lock:
        subprocess.run(lock, check=True)
    else:
        path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="left as it is"):
            Store(tmp_path)
        result = run_cli("history", "--data-dir", str(tmp_path))
        assert result.returncode == 2, result.stderr
        assert "left as it is" in result.stderr and "Traceback" not in result.stderr
    finally:
        if lock:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(0o644)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.unreadable-*"))


def test_a_corrupt_history_is_moved_aside_and_reported(tmp_path):
    with Store(tmp_path) as store:
        store.write([measurement(NOW, f"r{i}") for i in range(50)])
    path = tmp_path / FILENAME
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * 3996  # the schema page garbled: SQLITE_CORRUPT
    path.write_bytes(bytes(data))
    result = run_cli("history", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "could not be read; it was moved aside to" in result.stderr
    (aside,) = tmp_path.glob("*.unreadable-*")
    assert aside.read_bytes() == bytes(data)


def test_uptime_is_per_capability_and_weighted_by_time(tmp_path):
    # Ten hours: web checked every minute and always fine; calls checked every ten minutes
    # and blocked for the last five hours; video slowed down the whole time. By checks the
    # service would be 95 % up; by time, calls say 50 %, video 0 % (slowed is not fully).
    data = []
    for i in range(600):
        t = NOW - 36000 + i * 60
        data.append(measurement(t, f"r{i}", capability="web", kind="https", status="ok"))
        if i % 10 == 0:
            calls = "ok" if i < 300 else "blocked"
            data.append(measurement(t, f"r{i}", status=calls))
            data.append(
                measurement(
                    t,
                    f"r{i}",
                    service="yt",
                    capability="media",
                    kind="https",
                    status="degraded",
                    technique="throttling",
                )
            )
    with Store(tmp_path) as store:
        store.write(data)
        assert store.uptime("tg", "web", now=NOW)["24h"] == 100.0
        assert store.uptime("tg", "calls", now=NOW)["24h"] == 50.0
        assert store.uptime("tg", now=NOW)["24h"] == 50.0  # the worst part, hour by hour
        assert store.uptime("yt", now=NOW)["24h"] == 0.0
        assert store.uptime("tg", now=NOW)["hours"] == 10.0


def test_the_collector_runs_again_when_the_last_pause_ends(tmp_path):
    """Writing pauses the cyclic garbage collector; pauses nest and overlap (the window's
    writer and an import), and the collector runs again only when the last one ends, and
    only if it ran before."""
    import gc

    from censorwatch.gcpause import collector_paused

    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # overlapping, not nested: the second still holds it
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    with Store(tmp_path) as store:
        store.write([measurement(NOW, "r-1")])
        assert gc.isenabled()
        gc.disable()  # a program that keeps it off: a write does not turn it on
        try:
            store.write([measurement(NOW + 60, "r-2")])
            assert not gc.isenabled()
        finally:
            gc.enable()
