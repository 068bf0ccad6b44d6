"""The built-in catalog's methods, each against its lab twin, end to end: endpoints reached
many ways (any_of), calls with a control on the same port (claimed over two rounds, also
across `check` runs through the history), Signal's own roots, throttling keyed on the SNI on
a shared address, the 16 KB freeze on one keep-alive connection, white lists by name and by
address told apart, and the history counting a capability as the round judged it."""

from __future__ import annotations

import json

import pytest

from censorwatch import catalog
from censorwatch.engine import Engine, round_measurements
from censorwatch.lab.twins import TWIN_TRUTH
from censorwatch.probes import freeze
from censorwatch.store import Store
from tests.conftest import run, run_cli


@pytest.fixture(scope="module")
def two_rounds(lab):
    """Two rounds of the catalog twin with one engine, as the window runs them."""
    engine = Engine(catalog.load(lab.config("catalog")))
    first = run(engine.run_round())
    second = run(engine.run_round())
    return first, second


def _service(rnd, sid):
    return next(s for s in rnd.services if s.service.id == sid)


def _capability(rnd, sid, name):
    return next(c for c in _service(rnd, sid).capabilities if c.name == name)


def test_every_twin_verdict_after_two_rounds(two_rounds):
    _first, second = two_rounds
    assert second.network_state == "online"
    for sid, (status, technique) in TWIN_TRUTH.items():
        verdict = _service(second, sid).verdict
        assert verdict.status == status, (sid, verdict)
        if technique is not None:
            assert verdict.technique == technique, (sid, verdict)


def test_any_of_works_when_one_endpoint_answers_and_then_asks_that_one_first(two_rounds):
    first, second = two_rounds
    tried = _service(first, "dc-one-answers").probes
    assert [p.record.failure is None for p in tried].count(True) == 1 and len(tried) == 3
    messages = _capability(first, "dc-one-answers", "messages").verdict
    assert messages.status == "ok" and "2 of the 3 endpoints" in messages.explanation
    # The next round asks the endpoint that answered, alone: one exchange.
    again = _service(second, "dc-one-answers").probes
    assert len(again) == 1 and again[0].record.failure is None
    assert again[0].spec.target == next(p.spec.target for p in tried if p.record.failure is None)
    none = _capability(second, "dc-none-answers", "messages").verdict
    assert none.status == "blocked" and "none of the 2 endpoints" in none.explanation


def test_calls_with_a_control_are_claimed_on_the_second_round_only(two_rounds):
    first, second = two_rounds
    once = _capability(first, "calls-restricted", "calls").verdict
    assert once.status == "unknown" and "1 of the 2" in once.explanation
    twice = _capability(second, "calls-restricted", "calls").verdict
    assert (twice.status, twice.technique) == ("blocked", "udp")
    assert "calls restricted" in twice.explanation and "messages work" in twice.explanation
    assert _capability(second, "calls-restricted", "messages").verdict.status == "ok"
    # The control itself is a probe of the round, reported as one.
    control = next(p for p in _service(second, "calls-restricted").probes if p.spec.role)
    assert control.spec.role == "control" and control.record.failure is None
    # When the control stays silent too, nothing is claimed: UDP itself may be dead.
    dead = _capability(second, "calls-udp-dead", "calls").verdict
    assert dead.status == "unknown" and "control STUN server" in dead.explanation


def test_signal_roots_and_an_interceptor(two_rounds):
    _first, second = two_rounds
    assert _service(second, "signal-roots").verdict.status == "ok"
    mitm = _service(second, "signal-intercepted").verdict
    assert (mitm.status, mitm.technique) == ("blocked", "tls_mitm")


def test_throttling_keyed_on_the_sni_of_a_shared_address(two_rounds):
    first, _second = two_rounds
    slow = _service(first, "video-sni-throttled").probes[0].record
    fast = _service(first, "video-sni-fast").probes[0].record
    # The same address and the same object; only the name in the handshake differs.
    assert slow.addresses == fast.addresses
    t = slow.transfer
    assert t is not None and t.decoy_kbps and t.real_kbps
    assert max(t.real_kbps) * 3 < min(t.decoy_kbps)
    assert any(h.sni == "slow.cw.test" for h in slow.tls)


def test_the_freeze_is_found_in_bytes_on_one_keep_alive_connection(two_rounds):
    first, _second = two_rounds
    frozen = _service(first, "hosting-freezes").probes[0]
    r = frozen.record
    assert (r.failed_step, r.failure) == ("body", "generic_timeout_error")
    assert len(r.tcp) == 1 and len(r.http) >= 3  # one connection, a series of requests
    assert 12 * 1024 <= freeze.frozen_at(r) <= 16 * 1024
    assert r.http[-1].stalled and "froze after 14 KB" in frozen.verdict.explanation
    ok = _service(first, "hosting-ok").probes[0].record
    assert ok.failure is None and len(ok.tcp) == 1
    assert freeze.frozen_at(ok) >= freeze.TOTAL  # far past the point, on one connection
    assert all(h.status == 206 for h in ok.http)
    small = _service(first, "hosting-small-page").probes[0].record
    assert small.failure is None and len(small.tcp) == 1 and len(small.http) == len(freeze.SERIES)


def test_the_history_counts_a_capability_as_the_round_judged_it(two_rounds, tmp_path):
    first, second = two_rounds
    with Store(tmp_path) as store:
        store.write(round_measurements(first))
        store.write(round_measurements(second))
        latest = {s["service"]: s for s in store.latest()}
    # A group with failed members that worked is "ok", not its worst member's "blocked".
    dc = latest["dc-one-answers"]
    assert dc["status"] == "ok"
    calls = next(c for c in latest["calls-restricted"]["capabilities"] if c["name"] == "calls")
    assert (calls["status"], calls["technique"]) == ("blocked", "udp")


def test_a_check_from_cron_confirms_through_the_history(lab, tmp_path):
    args = ["check", "--agree", "--config", str(lab.config("catalog")), "--data-dir", str(tmp_path)]
    args += ["--service", "calls-restricted", "--json"]
    first = json.loads(run_cli(*args).stdout)
    second = json.loads(run_cli(*args).stdout)
    calls = [
        next(c for c in r["services"][0]["capabilities"] if c["name"] == "calls")
        for r in (first, second)
    ]
    assert calls[0]["status"] == "unknown" and calls[0]["technique"] == "udp"
    assert (calls[1]["status"], calls[1]["technique"]) == ("blocked", "udp")
    control = next(p for p in second["services"][0]["probes"] if p["evidence"].get("role"))
    assert control["evidence"]["role"] == "control"


@pytest.mark.parametrize(
    ("config", "kind"),
    [("whitelist", "approved names"), ("whitelist-address", "approved addresses")],
)
def test_white_lists_by_name_and_by_address_are_told_apart(lab, config, kind):
    result = run_cli("check", "--agree", "--config", str(lab.config(config)), "--json")
    report = json.loads(result.stdout)
    assert report["network"]["state"] == "whitelist"
    assert kind in report["network"]["explanation"]
    unlisted = {"telegram", "youtube", "wikipedia", "unlisted-shop"}
    for s in report["services"]:
        assert s["status"] == ("offline" if s["id"] in unlisted else "ok"), s
    test = next(s for s in report["services"] if s["id"] == "whitelist-kind")
    roles = sorted(p["evidence"]["role"] for p in test["probes"] if "role" in p["evidence"])
    assert roles == ["listed_sni", "random_sni"]
    # The discriminators are evidence, not the test service's verdict.
    assert [c["name"] for c in test["capabilities"]] == ["web"]


def test_the_detail_panel_and_the_diagnosis_say_what_a_control_and_a_group_are(
    qtbot, two_rounds, tmp_path
):
    from censorwatch.engine import round_measurements
    from censorwatch.export.diagnosis import diagnosis_text
    from censorwatch.store import Store
    from censorwatch.ui.detail import DetailPanel

    _first, second = two_rounds
    panel = DetailPanel()
    qtbot.addWidget(panel)
    calls = _service(second, "calls-restricted")
    panel.show_service(calls.service, calls, second)
    text = panel.evidence.toPlainText()
    assert "control: another operator's STUN server on the same port" in text
    assert "Calls restricted" in panel.verdict.text()
    with Store(tmp_path) as store:
        store.write(round_measurements(second))
        text = diagnosis_text(store, first="calls-restricted", limit=100_000)
    assert "compared with control: another operator's STUN server" in text
    group = _service(second, "dc-none-answers")
    panel.show_service(group.service, group, second)
    assert "one of several ways to the same service" in panel.evidence.toPlainText()


def test_a_white_list_test_that_fails_never_turns_its_service_red_in_the_history(lab, tmp_path):
    # The random name sent to a listed address is dropped under a white list by name: the
    # probe fails, as meant; the reference's web capability still works, in the history too.
    rnd = run(Engine(catalog.load(lab.config("whitelist"))).run_round())
    kind = _service(rnd, "whitelist-kind")
    dropped = next(p for p in kind.probes if p.spec.role == "random_sni")
    assert dropped.record.failure is not None
    assert _capability(rnd, "whitelist-kind", "web").verdict.status == "ok"
    with Store(tmp_path) as store:
        store.write(round_measurements(rnd))
        latest = {s["service"]: s for s in store.latest()}
    assert latest["whitelist-kind"]["status"] == "ok"


def test_the_grid_does_not_flash_red_for_a_failed_group_member(qapp, two_rounds, lab):
    from censorwatch.ui.model import StatusGridModel

    first, _second = two_rounds
    model = StatusGridModel(catalog.load(lab.config("catalog")))
    service = _service(first, "dc-one-answers")
    model.round_started([service.service])
    failed = next(p for p in service.probes if p.record.failure == "connection_refused")
    assert failed.verdict.status == "unknown"  # a refusal alone claims nothing
    model.probe_finished(failed)
    assert model.cell("dc-one-answers", "messages").status not in ("blocked", "unknown")
    model.round_finished(first)
    assert model.cell("dc-one-answers", "messages").status == "ok"


def test_a_round_without_references_asks_them_when_it_sees_a_new_failure(lab):
    # A messenger's own round (a shorter interval) has no white-list reference in it; a new
    # failure there brings the references in, so a white list is named as such, and stays so
    # in the next messenger round instead of flipping to "blocked".
    cat = catalog.load(lab.config("whitelist"))
    engine = Engine(cat)
    telegram = [s for s in cat.services if s.id == "telegram"]
    first = run(engine.run_round(telegram))
    assert first.network_state == "whitelist"
    assert {s.service.id for s in first.services} >= {"telegram", "domestic-gov", "unlisted-shop"}
    assert _service(first, "telegram").verdict.status == "offline"
    second = run(engine.run_round(telegram))
    assert second.network_state == "whitelist"
    assert _service(second, "telegram").verdict.status == "offline"
    # On an open network an ongoing failure costs no references.
    open_net = catalog.load(lab.config_path)
    engine = Engine(open_net)
    blocked = [s for s in open_net.services if s.id == "sni-reset"]
    assert len(run(engine.run_round(blocked)).services) > 1  # new: the references come
    assert [s.service.id for s in run(engine.run_round(blocked)).services] == ["sni-reset"]


def test_a_listed_foreign_service_reads_alike_in_check_the_window_and_the_history(
    qapp, lab, tmp_path
):
    # The person marks a foreign service as listed (it is on their operator's white list):
    # the engine judges it during a white list instead of blaming the network. One rule
    # decides, and the window and the history read the engine's verdict, never their own.
    import json

    from censorwatch.ui.model import StatusGridModel

    config = tmp_path / "whitelist.toml"
    text = lab.config("whitelist").read_text(encoding="utf-8")
    marker = 'id = "youtube"\nname = "YouTube"\nregion = "foreign"\n'
    assert marker in text
    config.write_text(text.replace(marker, marker + "listed = true\n"), encoding="utf-8")
    data = tmp_path / "h"
    checked = run_cli(
        "check", "--agree", "--json", "--config", str(config), "--data-dir", str(data)
    )
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["network"]["state"] == "whitelist"
    youtube = next(s for s in report["services"] if s["id"] == "youtube")
    telegram = next(s for s in report["services"] if s["id"] == "telegram")
    assert youtube["status"] != "offline" and telegram["status"] == "offline"
    history = run_cli("history", "--json", "--config", str(config), "--data-dir", str(data))
    stored = {s["service"]: s for s in json.loads(history.stdout)["services"]}
    for s in (youtube, telegram):
        assert stored[s["id"]]["status"] == s["status"], s["id"]
        assert stored[s["id"]]["capabilities"][0]["status"] == s["capabilities"][0]["status"]
    cat = catalog.load(config)
    rnd = run(Engine(cat).run_round())
    model = StatusGridModel(cat)
    model.round_started([s.service for s in rnd.services])
    model.round_finished(rnd)
    assert model.service_cell("youtube").status == _service(rnd, "youtube").verdict.status
    assert model.cell("telegram", "web").status == "offline"
