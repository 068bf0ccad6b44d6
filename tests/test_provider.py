"""Which provider: the AS number, name and country of the public address the STUN probes
see, from the local IP-to-AS table (a real excerpt of iptoasn.com's public-domain table is
bundled), in check --json, the history, every export and the metrics; the address itself
stays redacted."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import json
import os
import threading
import time

import pytest

from censorwatch import catalog, provider
from censorwatch.provider import Provider
from censorwatch.resources import resources_dir
from tests.conftest import run_cli

EXCERPT = resources_dir() / "ip2asn" / provider.EXCERPT
GOOGLE = {"asn": 15169, "name": "GOOGLE - Google LLC", "country": "US"}


def test_the_bundled_table_names_the_provider_of_a_public_address():
    assert provider.lookup("8.8.8.8") == Provider(**GOOGLE)
    # A single address between two ranges of another AS (the table's own line).
    assert provider.lookup("1.1.1.1") == Provider(
        7497, "CSTNET-AS-AP Computer Network Information Center", "CN"
    )
    assert provider.lookup("1.1.1.2").asn == 13335
    assert provider.lookup("198.41.150.3") == Provider(
        202623, "CLOUDFLARENET-LUX CloudFlare, Inc.", "LU"
    )
    assert provider.lookup("8.8.8.8").label == "AS15169 GOOGLE - Google LLC, US"
    # Nothing for what is not a public address, or one the table does not know.
    for address in ("127.0.0.1", "10.1.2.3", "192.168.1.1", "::1", "9.9.9.9", "garbage", "", None):
        assert provider.lookup(address) is None


def test_a_newer_table_in_the_data_folder_is_read_first(tmp_path):
    lines = EXCERPT.read_text(encoding="utf-8").replace("GOOGLE - Google LLC", "GOOGLE-NEWER")
    with gzip.open(tmp_path / provider.TABLE, "wt", encoding="utf-8") as f:
        f.write(lines)
    assert provider.lookup("8.8.8.8", tmp_path).name == "GOOGLE-NEWER"
    assert provider.lookup("8.8.8.8").name == "GOOGLE - Google LLC"  # without the folder
    (tmp_path / provider.TABLE).write_bytes(b"\x1f\x8b damaged")  # a damaged copy: skipped
    assert provider.lookup("8.8.8.8", tmp_path).name == "GOOGLE - Google LLC"


def test_other_peoples_provider_values_are_refused():
    assert Provider.from_dict(GOOGLE) == Provider(**GOOGLE)
    for bad in (
        None,
        [],
        {"asn": True, "name": "x"},
        {"asn": -1, "name": "x"},
        {"asn": 1},
        {"asn": 1, "name": "x", "country": "RUS"},
        {"asn": 2**32, "name": "x"},
    ):
        assert Provider.from_dict(bad) is None
    long = Provider.from_dict({"asn": 1, "name": "\x1b[31m" + "x" * 500, "country": "ru"})
    assert long is not None and len(long.name) <= provider.MAX_NAME and "\x1b" not in long.name
    assert long.country == "RU"


class _Table(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def _serve(body: bytes):
    handler = type("Handler", (_Table,), {"body": body})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{provider.TABLE}"


def test_the_weekly_refresh_replaces_the_table_only_with_a_table(tmp_path):
    assert provider.due(tmp_path)
    table = gzip.compress(EXCERPT.read_bytes() * 8)  # 128 real lines
    server, url = _serve(table)
    try:
        provider.refresh(tmp_path, url)
    finally:
        server.shutdown()
        server.server_close()
    assert (tmp_path / provider.TABLE).read_bytes() == table
    assert not provider.due(tmp_path)
    assert provider.due(tmp_path, now=time.time() + provider.REFRESH_SECONDS + 1)
    server, url = _serve(b"<html>a captive portal</html>")
    try:
        with pytest.raises(OSError, match="not the table"):
            provider.refresh(tmp_path, url)
    finally:
        server.shutdown()
        server.server_close()
    assert (tmp_path / provider.TABLE).read_bytes() == table  # the copy there was is kept
    assert [p.name for p in tmp_path.iterdir()] == [provider.TABLE]  # no temporary left


def test_the_provider_travels_with_every_round_and_never_the_address(lab, tmp_path):
    """Behind the lab's provider NAT (its STUN reflects 8.8.8.8): check --json, the history,
    JSON Lines, the OONI export, a log imported elsewhere and the metrics carry AS15169, US;
    the redacted exports never the address."""
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    args = ("--config", str(lab.config_path), "--data-dir", str(home))
    checked = run_cli("check", "--agree", "--json", "--service", "messenger-ok", *args)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["network"]["provider"] == GOOGLE
    history = run_cli("history", "--json", *args)
    assert json.loads(history.stdout)["provider"] == GOOGLE
    out = {}
    for fmt in ("jsonl", "ooni", "html", "csv"):
        out[fmt] = tmp_path / f"log.{fmt}"
        done = run_cli("export", "--format", fmt, "-o", str(out[fmt]), *args)
        assert done.returncode == 0, done.stderr
        assert "8.8.8.8" not in out[fmt].read_text(encoding="utf-8")
    lines = [json.loads(x) for x in out["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["evidence"]["provider"] == GOOGLE for x in lines)
    ooni = [json.loads(x) for x in out["ooni"].read_text(encoding="utf-8").splitlines()]
    assert {(x["probe_asn"], x["probe_cc"], x["probe_network_name"]) for x in ooni} == {
        ("AS15169", "US", "GOOGLE - Google LLC")
    }
    assert "AS15169" in out["html"].read_text(encoding="utf-8")
    for fmt in ("jsonl", "ooni", "html"):  # read elsewhere, the provider is still known
        target = elsewhere / fmt
        assert run_cli("import", str(out[fmt]), "--data-dir", str(target)).returncode == 0
        again = run_cli("history", "--json", "--data-dir", str(target))
        assert json.loads(again.stdout)["provider"] == GOOGLE, fmt
    raw = tmp_path / "raw.jsonl"
    run_cli("export", "--format", "jsonl", "--no-redact", "-o", str(raw), *args)
    assert '"mapped_address": "8.8.8.8:' in raw.read_text(encoding="utf-8")  # yours, unredacted


def test_the_metrics_name_the_provider(lab):
    from censorwatch.engine import Engine
    from censorwatch.service.metrics import Metrics

    cat = catalog.load(lab.config_path).select(["messenger-ok"])
    rnd = asyncio.run(Engine(cat).run_round())
    metrics = Metrics({})
    metrics.round_finished(rnd)
    page = metrics.page().decode()
    assert (
        'censorwatch_provider_info{asn="AS15169",country="US",name="GOOGLE - Google LLC"} 1.0'
        in page
    )
    assert "8.8.8.8" not in page


def test_the_table_is_not_read_on_the_gui_or_engine_thread_each_round(monkeypatch):
    """Answers are kept per address and table: a round does not scan the table again."""
    provider._cache.clear()
    reads = []
    real = provider._search
    monkeypatch.setattr(provider, "_search", lambda *a: reads.append(a) or real(*a))
    for _ in range(3):
        assert provider.lookup("8.8.8.8").asn == 15169
    assert len(reads) == 1
    assert os.path.basename(str(reads[0][0])) == provider.EXCERPT


def test_the_window_names_the_provider_in_its_status_bar(qtbot, window, lab):
    """The round's provider in the status bar; a later round with no STUN answer keeps it."""
    from censorwatch.engine import Engine

    win, bridge = window
    cat = catalog.load(lab.config_path).select(["messenger-ok"])
    rnd = asyncio.run(Engine(cat).run_round())
    bridge.roundFinished.emit(rnd)
    qtbot.waitUntil(lambda: "provider AS15169 GOOGLE - Google LLC, US" in win.round_label.text())
    rnd.provider = None
    bridge.roundFinished.emit(rnd)
    win._tick()
    assert "provider AS15169" in win.round_label.text()
