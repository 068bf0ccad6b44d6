"""The internet's ordinary shapes, through the real engine against the lab: a resolver that
is down, names with several addresses (one dead or refusing, both orders), IPv6, servers
that refuse a name with an alert of their own. None of them may become a claim of
censorship; a block behind them must still be named."""

from __future__ import annotations

import json

import jsonschema
import pytest

from censorwatch import catalog
from censorwatch.engine import Engine
from censorwatch.engine.reports import round_measurements
from censorwatch.service.metrics import Metrics
from censorwatch.store import Store
from tests.conftest import run, run_cli
from tests.test_check_e2e import ROOT

CLAIMS = ("blocked", "degraded")


def _round(lab, config: str, services: list[str] | None = None):
    cat = catalog.load(lab.config(config))
    if services:
        cat = cat.select(services)
    return run(Engine(cat).run_round())


def _service(rnd, sid):
    return next(s for s in rnd.services if s.service.id == sid)


@pytest.mark.parametrize("config", ["resolver-silent", "resolver-servfail"])
def test_a_resolver_that_answers_nothing_blames_no_service(lab, tmp_path, config):
    rnd = _round(lab, config)
    assert rnd.resolver == "not_answering"
    for s in rnd.services:
        if s.service.id == "messenger-calls-blocked":
            # Its calls go to a literal address: still judged, still restricted.
            calls = next(c for c in s.capabilities if c.name == "calls")
            assert (calls.verdict.status, calls.verdict.technique) == ("blocked", "udp")
            continue
        assert s.verdict.status not in CLAIMS, (s.service.id, s.verdict.explanation)
    web = _service(rnd, "dns-nxdomain").probes[0]
    assert web.verdict.status == "offline"
    assert "resolver is not answering" in web.verdict.explanation
    # The history keeps the outage with its round; the metrics say it.
    with Store(tmp_path) as store:
        store.write(round_measurements(rnd))
        assert len(store.resolver_outages()) == 1
    metrics = Metrics()
    metrics.round_finished(rnd)
    assert b"censorwatch_resolver_answering 0.0" in metrics.page()


def test_the_resolvers_state_is_in_check_json(lab):
    result = run_cli("check", "--agree", "--json", "--config", str(lab.config("resolver-servfail")))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    schema = json.loads((ROOT / "docs" / "schemas" / "check.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)
    resolver = report["network"]["resolver"]
    assert resolver["state"] == "not_answering" and "not answering" in resolver["explanation"]
    good = run_cli(
        "check", "--agree", "--json", "--config", str(lab.config_path), "--service", "open-site"
    )
    assert json.loads(good.stdout)["network"]["resolver"] == {
        "state": "answering",
        "explanation": "",
    }


def test_every_address_both_families_as_a_browser_tries_them(lab):
    services = [
        "many-addresses",
        "many-addresses-reversed",
        "one-address-refused",
        "ipv6-only",
        "ip-timeout",
    ]
    rnd = _round(lab, "lab", services)
    for sid in services[:4]:
        s = _service(rnd, sid)
        assert (s.verdict.status, s.verdict.technique) == ("ok", None), s.verdict.explanation
    # Every attempt is in the evidence: the dead address, when it came first (resolvers
    # rotate their answers), abandoned once the other connected; never a failure.
    for sid in ("many-addresses", "many-addresses-reversed"):
        tcp = [t for t in _service(rnd, sid).probes[0].record.tcp if not t.via]
        assert [t.address for t in tcp if t.connected] == ["127.77.1.1"], tcp
        assert all(t.abandoned for t in tcp if t.address == "127.77.2.1"), tcp
    refused = _service(rnd, "one-address-refused").probes[0].record
    assert {t.address: t.failure for t in refused.tcp if not t.abandoned}.get(
        "127.77.2.2", "connection_refused"
    ) == "connection_refused"
    assert [t.address for t in refused.tcp if t.connected] == ["127.77.1.1"]
    v6 = _service(rnd, "ipv6-only").probes[0].record
    assert v6.addresses == ["::1"] and v6.tcp[0].address == "::1"
    # An address-level block is claimed when every address fails the same way.
    timeout = _service(rnd, "ip-timeout")
    assert timeout.verdict.technique == "tcp_timeout"


def test_a_server_that_refuses_the_decoy_with_an_alert_still_shows_a_block_by_name(lab):
    rnd = _round(lab, "lab", ["sni-reset-alerting", "server-alert"])
    blocked = _service(rnd, "sni-reset-alerting")
    assert (blocked.verdict.status, blocked.verdict.technique) == ("blocked", "sni")
    decoy = next(t for t in blocked.probes[0].record.tls if t.decoy)
    assert (decoy.failure, decoy.alert) == ("ssl_failed_handshake", "unrecognized name")
    # The server's own alert for the real name: its setting, not a block.
    own = _service(rnd, "server-alert")
    assert own.verdict.status == "unknown" and "alert of its own" in own.verdict.explanation


def test_a_silence_loss_might_explain_is_tried_once_more(lab):
    # One SYN a try (a 0.9 s step) and a round too small to measure its loss: each try of the
    # dropped address stays "cannot tell" (the prior's 2 % loss could explain it), so it is
    # tried once more than the settings' retries; a refusal, which loss cannot make, is not.
    cat = catalog.load(lab.config("lab")).select(["ip-timeout", "ip-refused"])
    cat.settings.timeout = 0.9
    rnd = run(Engine(cat).run_round())
    dropped = _service(rnd, "ip-timeout").probes[0]
    assert dropped.verdict.status == "unknown" and dropped.verdict.loss_like
    assert [r.failed_step for r in [*dropped.earlier, dropped.record]] == ["tcp"] * 3
    refused = _service(rnd, "ip-refused").probes[0]
    assert not refused.verdict.loss_like and len(refused.earlier) == 1
    cat.settings.retries = 0  # no retries asked for: none, not even for a silence
    rnd = run(Engine(cat).run_round())
    assert _service(rnd, "ip-timeout").probes[0].earlier == []


def test_a_silence_the_whole_round_still_explains_gets_its_last_try(lab):
    # During the round a silence may be judged on an early, kinder estimate of the loss
    # and stop at the settings' retries; judged again at the round's end, with all of the
    # round's exchanges, it may become "cannot tell": then it gets the try it was owed.
    cat = catalog.load(lab.config("lab")).select(["ip-timeout"])
    cat.settings.timeout = 0.9
    cat.settings.retry_delay = 0.1
    engine = Engine(cat)
    rnd = run(engine.run_round())
    dropped = _service(rnd, "ip-timeout").probes[0]
    assert len(dropped.earlier) == 2  # three tries: the settings' one retry and the extra
    dropped.earlier.pop()  # as if the round had stopped at the settings' retry
    assert run(engine._last_tries([dropped])) is True
    assert len(dropped.earlier) == 2 and dropped.record.failed_step == "tcp"
    assert run(engine._last_tries([dropped])) is False  # owed one try, not more
