"""A log travels in any format censorwatch writes and opens again (#25): the HTML report
carries its measurements (the JSON Lines export, redacted alike, in an inert block), the
OONI export reads back with its verdicts, and a spreadsheet export or anything else is said
in one sentence — by `censorwatch import` and by the window's Open a shared log."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from censorwatch.export.shared import kind_of, read_shared
from censorwatch.measurement import UnreadableLog, encode
from censorwatch.store import Store
from tests.conftest import run_cli
from tests.test_export import SERVICES, exported, home  # noqa: F401 - the module's fixture

HOSTILE = "</script><script>alert(1)</script><!-- "


def _lines(path) -> list[str]:
    problems: list[tuple[int, str]] = []
    out = [encode(m) for m in read_shared(path, lambda n, r: problems.append((n, r)))]
    assert problems == []
    return out


def test_the_report_carries_its_measurements_and_opens_as_the_json_lines_do(home, tmp_path):  # noqa: F811
    report = exported(home, tmp_path, "html", "--since", "all")
    jsonl = exported(home, tmp_path, "jsonl", "--since", "all")
    assert kind_of(report) == "report" and kind_of(jsonl) == "jsonl"
    assert _lines(report) == _lines(jsonl)  # every measurement, as the export writes it
    text = report.read_text(encoding="utf-8")
    assert text.count("</script>") == 1  # nothing inside can close the block
    other = tmp_path / "helpline"
    result = run_cli("import", str(report), "--data-dir", str(other))
    assert result.returncode == 0, result.stderr
    assert f"imported {len(_lines(jsonl))} measurements" in result.stdout
    assert "0 lines skipped" in result.stdout

    # The helpline's history of the report is the sender's: states, since when, changes.
    def history(folder) -> dict:
        done = run_cli("history", "--json", "--since", "30d", "--data-dir", str(folder))
        assert done.returncode == 0, done.stderr
        doc = json.loads(done.stdout)
        for s in doc["services"]:
            s.pop("uptime")  # weighted up to the moment it is asked
        return doc

    def ordered(doc: dict) -> dict:  # the services in the order each history met them
        doc["services"].sort(key=lambda s: s["service"])
        doc["changes"].sort(key=lambda c: (c["time"], c["service"], c["capability"]))
        return doc

    assert ordered(history(other)) == ordered(history(home))


def test_the_report_is_redacted_as_the_export_is(home, tmp_path):  # noqa: F811
    plain = exported(home, tmp_path, "html", "--since", "all", "--no-redact")
    hidden = exported(home, tmp_path, "html", "--since", "all")
    jsonl_hidden = exported(home, tmp_path, "jsonl", "--since", "all")
    assert _lines(hidden) == _lines(jsonl_hidden)
    assert len(_lines(plain)) == len(_lines(hidden))


def test_a_page_that_would_end_the_block_stays_inside_it(tmp_path):
    from censorwatch.export import export
    from censorwatch.measurement import Measurement, iso_time

    t = 1_790_000_000_000
    with Store(tmp_path / "h") as store:
        store.write(
            [
                Measurement(
                    time=iso_time(t), t_ms=t, round="r-1", service="x", service_name="X",
                    region="foreign", capability="web", kind="https",
                    target="https://x.test/", status="blocked", technique="http_blockpage",
                    failure=None, failed_step="http",
                    evidence={"http": [{"url": "https://x.test/", "status": 200, "body": HOSTILE}]},
                )
            ]
        )  # fmt: skip
        out = tmp_path / "report.html"
        export(store, "html", out, since=0, redact=False)
    text = out.read_text(encoding="utf-8")
    assert text.count("</script>") == 1 and "<!--" not in text.split("x-ndjson", 1)[1]
    (back,) = list(read_shared(out, lambda n, r: pytest.fail(r)))
    assert back.evidence["http"][0]["body"] == HOSTILE


def test_the_ooni_export_reads_back_with_its_verdicts(home, tmp_path):  # noqa: F811
    ooni = exported(home, tmp_path, "ooni", "--since", "all")
    jsonl = exported(home, tmp_path, "jsonl", "--since", "all")
    assert kind_of(ooni) == "ooni"
    back = list(read_shared(ooni, lambda n, r: pytest.fail(r)))
    first = [json.loads(line) for line in _lines(jsonl)]
    key = ("service", "capability", "kind", "target", "status", "technique", "region", "round")
    assert sorted(tuple(getattr(m, k) for k in key) for m in back) == sorted(
        tuple(m[k] for k in key) for m in first
    )
    assert {m.service for m in back} == set(SERVICES)


def test_a_spreadsheet_or_anything_else_is_one_sentence(home, tmp_path):  # noqa: F811
    csv_file = exported(home, tmp_path, "csv", "--since", "all")
    with pytest.raises(UnreadableLog, match="spreadsheet export"):
        list(read_shared(csv_file, lambda n, r: pytest.fail(r)))
    notes = tmp_path / "notes.txt"
    notes.write_text("dear helpline,\nmy calls stopped\n", encoding="utf-8")
    with pytest.raises(UnreadableLog, match="not a log censorwatch wrote"):
        list(read_shared(notes, lambda n, r: pytest.fail(r)))
    other_json = tmp_path / "other.jsonl"
    other_json.write_text('{"hello": 1}\n{"hello": 2}\n', encoding="utf-8")
    with pytest.raises(UnreadableLog, match="first line is not a measurement"):
        list(read_shared(other_json, lambda n, r: pytest.fail(r)))
    result = run_cli("import", str(csv_file), "--data-dir", str(tmp_path / "x"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "spreadsheet" in result.stderr


def test_the_window_opens_a_report_with_no_warning_per_line(qtbot, window, home, tmp_path):  # noqa: F811
    win, _bridge = window
    report = exported(home, tmp_path, "html", "--since", "all")
    win.open_shared(report)
    qtbot.waitUntil(lambda: len(win.shared_windows) == 1, timeout=30_000)
    shared = win.shared_windows[0]
    assert shared.model.rowCount() > len(SERVICES)  # the services and their groups
    assert not any("not JSON" in w for w in shared.banner.warnings)
    csv_file = exported(home, tmp_path, "csv", "--since", "all")
    win.open_shared(csv_file)
    qtbot.waitUntil(lambda: any("spreadsheet" in w for w in win.banner.warnings), timeout=30_000)
    said = [w for w in win.banner.warnings if "log.csv" in w]
    assert len(said) == 1 and said[0].count(".") <= 3  # one sentence, not a line each
    assert len(win.shared_windows) == 1


def _three_minutes(tmp_path):
    """A log of three one-minute rounds made four days ago: messages of a messenger work
    throughout, its calls stop at the second round; the provider NAT's AS in every line."""
    import time as _time

    from censorwatch.export.report import write_html
    from censorwatch.measurement import validate
    from censorwatch.store import iso_from_ms

    start = (_time.time() - 4 * 86400) // 60 * 60
    provider = {"asn": 15169, "name": "GOOGLE - Google LLC", "country": "US"}
    items = []
    for i in range(4):
        t = start + i * 60
        calls = "ok" if i == 0 else "blocked"
        for capability, kind, status in (("messages", "tcp", "ok"), ("calls", "stun", calls)):
            items.append(
                validate(
                    {
                        "time": iso_from_ms(int(t * 1000) + (0 if kind == "tcp" else 500)),
                        "round": f"r-{i}",
                        "service": "whatsapp",
                        "service_name": "WhatsApp",
                        "capability": capability,
                        "kind": kind,
                        "target": "g.whatsapp.net:443" if kind == "tcp" else "203.0.113.7:3478",
                        "status": status,
                        "technique": "udp" if status == "blocked" else None,
                        "failure": "generic_timeout_error" if status == "blocked" else None,
                        "failed_step": "udp" if status == "blocked" else None,
                        "timings_ms": {"dns": 3.0, "tcp": 40.0 if kind == "tcp" else None},
                        "evidence": {"provider": provider, "capability_status": status},
                    }
                )
            )
    with Store(tmp_path / "sender") as store:
        store.write(items)
        path = tmp_path / "whatsapp-report.html"
        with path.open("w", encoding="utf-8") as out:
            write_html(store, out, since=start - 3600, until=start + 3 * 60 + 30)
    return path, start


def test_the_shared_log_window_is_about_the_log(qtbot, window, tmp_path):
    """Three minutes, four days old: the window says the period, who made it and where, the
    provider; the chart is fitted to those minutes; "since" is the log's own change; Copy
    diagnosis works; nothing says a first round is starting."""
    from PySide6.QtGui import QGuiApplication

    from censorwatch import localtime

    win, _bridge = window
    path, start = _three_minutes(tmp_path)
    win.open_shared(path)
    qtbot.waitUntil(lambda: len(win.shared_windows) == 1, timeout=30_000)
    shared = win.shared_windows[0]
    shared.resize(1366, 768)
    said = " ".join(shared.banner.notes)
    assert shared.banner.warnings == []  # facts of the log, nothing to warn of
    assert f"It covers {localtime.from_unix(start)} – {localtime.from_unix(start + 180)}" in said
    assert "(3 minutes;" in said
    assert "by censorwatch 0." in said and "Made " in said and "provider AS15169 GOOGLE" in said
    assert shared.round_label.text().startswith("Shared log " + localtime.from_unix(start))
    assert "First round" not in shared.round_label.text()
    assert "Checking your connection" not in shared.banner.text()
    shared.grid.setCurrentIndex(shared.model.cell_index("whatsapp", "calls"))
    qtbot.waitUntil(lambda: (shared.chart._data or {}).get("capability") == "calls", timeout=30_000)
    data = shared.chart._data
    assert data["end"] - data["start"] < 15 * 60  # the chart is the log's minutes, not a day
    assert not any(b.isChecked() for b in shared.chart.buttons.buttons())  # "24 h" is not it
    counted = sum(sum(b.counts.values()) for b in data["buckets"])
    assert (data["capability"], counted) == ("calls", 4), (data["capability"], counted)
    with qtbot.waitSignal(shared.detail.copied, timeout=10_000):
        shared.detail.copy_diagnosis()
    pasted = QGuiApplication.clipboard().text()
    assert pasted.startswith("censorwatch ") and len(pasted) <= 2000
    from censorwatch.diagnosis.plain import when

    # Since the log's second round, when the calls stopped: not its first line.
    assert f"Calls don't connect since {when(start + 60.5)}" in pasted
    assert "Provider: AS15169 GOOGLE - Google LLC, US" in pasted
    # The window's own summary says the same, from the log's history.
    qtbot.waitUntil(
        lambda: (
            shared.summary_model.data(shared.summary_model.index(0, 0)) is not None
            and "Calls don't connect since"
            in shared.summary_model.data(shared.summary_model.index(0, 0))
        ),
        timeout=10_000,
    )
    shots = os.environ.get("CENSORWATCH_SHOTS")  # docs/screenshots/shared-log-en-light.png
    shared.grab().save(
        str(Path(shots) / "shared-log-en-light.png" if shots else tmp_path / "s.png")
    )
