"""Since when: a block interrupted by an outage of the person's own connection (or by rounds
that could not judge it) keeps its real start, the same in the history, `history --json`,
the report, the metrics and the window's grid; the outage is said as a gap inside it."""

from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from censorwatch import localtime
from censorwatch.since import Gap, Held, Stretch, advance, advance_all
from censorwatch.store import Store
from censorwatch.store.db import FILENAME
from tests.conftest import run_cli
from tests.test_store import NOW, measurement

T0 = NOW - 6 * 3600  # the block began six hours ago


def _seq(*steps):
    current = None
    for status, t in steps:
        current, _ = advance(current, status, "udp" if status == "blocked" else None, t)
    return current


_looks = st.lists(
    st.tuples(
        st.integers(0, 40),  # times mostly in order, some older than the last (history)
        st.sampled_from(["ok", "blocked", "degraded", "offline", "unknown"]),
        st.sampled_from([None, "udp", "tcp_reset"]),
    ),
    max_size=30,
).map(lambda xs: sorted(xs, key=lambda x: x[0])[: len(xs) // 2] + xs[len(xs) // 2 :])


@given(
    st.none() | st.builds(lambda: Stretch("blocked", "udp", 3, 5)) | st.just("gap"),
    _looks,
)
@settings(max_examples=400)
def test_advancing_over_many_looks_is_advancing_over_each(start, looks):
    """The history advances each series over a batch's looks at once (a run of one status is
    one step): the same stretch and the same changes as one look at a time."""
    if start == "gap":
        start, _ = advance(Stretch("blocked", "udp", 3, 5), "offline", None, 6)
    current, expected = start, []
    for t, status, technique in looks:
        before = None if current is None else current.status
        current, changed = advance(current, status, technique, t)
        if changed:
            expected.append((t, current, before))
    assert advance_all(start, looks) == (current, expected)


def test_a_gap_does_not_end_a_stretch():
    # blocked, the connection down, blocked again: the block's start stays, the gap is kept.
    s = _seq(("blocked", 0), ("blocked", 5), ("offline", 10), ("offline", 15), ("blocked", 20))
    assert (s.status, s.technique, s.since, s.checked) == ("blocked", "udp", 0, 20)
    assert s.gap == Gap(10, 20, "offline")
    # While in the gap, the interrupted stretch is held with its start.
    inside = _seq(("blocked", 0), ("offline", 10))
    assert inside.since == 10 and inside.held == Held("blocked", "udp", 0, 10, "offline", True)
    # Offline then "cannot tell": one gap, offline at some time in it.
    mixed = _seq(("blocked", 0), ("unknown", 10), ("offline", 12), ("unknown", 14), ("blocked", 20))
    assert mixed.since == 0 and mixed.gap == Gap(10, 20, "offline")
    # Something else after the gap is a new stretch.
    changed = _seq(("blocked", 0), ("offline", 10), ("ok", 20))
    assert changed.since == 20 and changed.gap is None
    # Works across an outage too.
    assert _seq(("ok", 0), ("offline", 10), ("ok", 20)).since == 0
    # A look older than the last changes nothing; a status seen again is no change.
    s0 = Stretch("blocked", "udp", 0, 20)
    assert advance(s0, "ok", None, 5) == (s0, False)
    assert advance(s0, "blocked", "udp", 25)[1] is False


def test_a_state_seen_at_the_first_look_began_then_or_earlier():
    # The first look cannot tell when a block began: "since at least", across a gap too;
    # a state that began after a change of status has a known start.
    from censorwatch.diagnosis.plain import Part, summary

    assert s_first(_seq(("blocked", 0), ("blocked", 5)))
    assert s_first(_seq(("blocked", 0), ("offline", 10), ("blocked", 20)))
    assert not s_first(_seq(("ok", 0), ("blocked", 10)))
    assert not s_first(_seq(("ok", 0), ("offline", 10), ("blocked", 20)))
    at_least = summary("blocked", [Part("calls", "blocked", "udp", T0, True)], now=T0 + 60)
    known = summary("blocked", [Part("calls", "blocked", "udp", T0, False)], now=T0 + 60)
    assert "since at least" in at_least and "since at least" not in known
    # parts that began together are said with one "since"
    both = summary(
        "blocked",
        [Part("web", "blocked", "sni", T0, True), Part("media", "blocked", "sni", T0, True)],
        now=T0 + 60,
    )
    assert both.count("since") == 1, both


def s_first(stretch) -> bool:
    return stretch.first_look


def _history(folder):
    """WhatsApp's calls blocked from T0; the connection down for 20 minutes three hours
    later (rounds that see the network offline); blocked again after it."""
    items = []
    rounds = [(T0 + i * 600, "blocked") for i in range(18)]
    rounds += [(T0 + 18 * 600 + i * 300, "offline") for i in range(4)]
    rounds += [(T0 + 18 * 600 + 1200 + i * 600, "blocked") for i in range(12)]
    for i, (t, status) in enumerate(rounds):
        extra = {}
        if status == "offline":
            extra = {"technique": None, "network_state": "offline"}
        items.append(measurement(t, f"r{i}", service="wa", status=status, **extra))
        items.append(
            measurement(
                t,
                f"r{i}",
                service="wa",
                capability="messages",
                kind="tcp",
                status="ok" if status != "offline" else "offline",
                **({"technique": None, "network_state": "offline"} if status == "offline" else {}),
            )
        )
    with Store(folder) as store:
        store.write(items)
    return T0 + 18 * 600, T0 + 18 * 600 + 1200  # the outage


def _report(folder, env=None) -> str:
    """The HTML report of the whole history, as `censorwatch export` writes it."""
    out = folder / "report.html"
    args = ("export", "--format", "html", "--since", "all", "--data-dir", str(folder))
    result = run_cli(*args, "--output", str(out), env=env)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def _calls(latest):
    wa = next(s for s in latest if s["service"] == "wa")
    return wa, next(c for c in wa["capabilities"] if c["name"] == "calls")


def test_the_block_keeps_its_start_in_the_history_and_history_json(tmp_path):
    down, up = _history(tmp_path)
    with Store(tmp_path, read_only=True) as store:
        wa, calls = _calls(store.latest())
        changes = [c for c in store.changes("wa", 0) if c["capability"] == "calls"]
    start = localtime.from_iso(calls["since"])
    assert calls["status"] == "blocked" and start == localtime.from_unix(T0)
    assert calls["gap"]["status"] == "offline"
    assert (localtime.from_iso(calls["gap"]["from"]), localtime.from_iso(calls["gap"]["to"])) == (
        localtime.from_unix(down),
        localtime.from_unix(up),
    )
    assert localtime.from_iso(wa["since"]) == localtime.from_unix(T0)  # the service too
    # The changes still tell the outage as it happened.
    assert [c["status"] for c in changes][-3:] == ["blocked", "offline", "blocked"]
    result = run_cli("history", "--json", "--data-dir", str(tmp_path), "--since", "365d")
    assert result.returncode == 0, result.stderr
    _, cli_calls = _calls(json.loads(result.stdout)["services"])
    assert cli_calls["since"] == calls["since"] and cli_calls["gap"] == calls["gap"]
    text = run_cli("history", "--data-dir", str(tmp_path)).stdout
    # the history begins with the block: it began then or earlier
    assert (
        f"since at least {localtime.from_unix(T0)}" in text and "your connection was down" in text
    )


def test_the_report_and_the_metrics_give_the_real_start(tmp_path):
    from censorwatch.service.metrics import Metrics

    _history(tmp_path)
    page = _report(tmp_path)
    assert localtime.from_unix(T0) in page and "your connection was down" in page
    with Store(tmp_path, read_only=True) as store:
        metrics = Metrics()
        metrics.seed(store.latest())
    since = [
        line
        for line in metrics.page().decode().splitlines()
        if line.startswith("censorwatch_capability_status_since_timestamp_seconds{")
        and 'capability="calls"' in line
    ]
    assert len(since) == 1 and float(since[0].rsplit(" ", 1)[1]) == T0


def test_the_grid_gives_the_real_start_and_says_the_gap(qtbot, tmp_path):
    from censorwatch import catalog
    from censorwatch.ui.model import StatusGridModel

    _history(tmp_path)
    cat = catalog.Catalog(settings=catalog.Settings(), services=[])
    model = StatusGridModel(cat)
    with Store(tmp_path, read_only=True) as store:
        model.set_history(store.latest(), {})
    cell = model.cell("wa", "calls")
    assert cell is not None and cell.since == T0
    assert "your connection was down" in model._tooltip("Calls", cell)


def test_an_older_history_is_rebuilt_by_the_rule(tmp_path):
    # A history from schema 4 kept the start of the block's last piece only: migrating
    # replays its changes.
    _history(tmp_path)
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as db:
        db.execute("UPDATE states SET since_ms = t_ms")
        for column in (
            "held_status",
            "held_technique",
            "held_since_ms",
            "gap_status",
            "gap_from_ms",
            "gap_to_ms",
        ):
            db.execute(f"ALTER TABLE states DROP COLUMN {column}")
        db.execute("ALTER TABLE rounds DROP COLUMN provider")  # schema 6's
        db.execute("PRAGMA user_version = 4")
    db.close()
    with Store(tmp_path) as store:
        _, calls = _calls(store.latest())
    assert localtime.from_iso(calls["since"]) == localtime.from_unix(T0)
    assert calls["gap"]["status"] == "offline"


def test_history_speaks_russian(tmp_path):
    # The words of `history` in Russian: nothing English but the services' own names and
    # the technique's protocol names.
    import os
    import re

    _history(tmp_path)
    env = {**os.environ, "CENSORWATCH_LANG": "ru"}
    text = run_cli("history", "--data-dir", str(tmp_path), "--since", "all", env=env).stdout
    latin = set(re.findall(r"[A-Za-z]{2,}", text)) - {"WA", "UDP"}
    assert "с " in text and "ваше подключение не работало" in text
    assert not latin, latin


def test_the_report_speaks_russian(tmp_path):
    # The HTML report in Russian: no English word in its text but the services' names,
    # the program's name, the probe kinds and the failure strings (OONI's, kept as they are).
    import html as html_mod
    import os
    import re

    _history(tmp_path)
    env = {**os.environ, "CENSORWATCH_LANG": "ru"}
    page = re.sub(
        r"<style>.*?</style>|<svg.*?</svg>|<script.*?</script>|<[^>]+>",  # the data: no text
        " ",
        _report(tmp_path, env),
        flags=re.S,
    )
    text = html_mod.unescape(page)
    text = re.sub(r"[\w.-]+\.(example|test)(:\d+)?", "", text)  # targets
    text = re.sub(r"\b\w+_\w+\b", "", text)  # OONI failure strings (generic_timeout_error)
    text = re.sub(r"\[redacted-\w+(-\d+)?\]", "", text)  # redaction's tokens (a contract)
    allowed = {"WA", "censorwatch", "stun", "tcp", "udp", "UDP", "UTC"}  # UTC: the zone's name
    latin = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
    assert "ваше подключение не работало" in text
    assert not latin, latin
