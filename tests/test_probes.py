"""Every probe kind against the lab: success and every failure mode, with the OONI failure
string and the failed step."""

from __future__ import annotations

import pytest

from censorwatch import catalog, diagnosis
from censorwatch.engine import load_fingerprints, probe_settings
from censorwatch.lab import hosts
from censorwatch.probes import Network, measure, throughput
from censorwatch.probes.records import ProbeRecord
from tests.conftest import run

D = hosts.DOMAIN


def probe(lab, kind, capability="web", **kw):
    settings = probe_settings(catalog.load(lab.config_path))

    async def go():
        network = Network(settings)
        try:
            return await measure(network, capability, kind, **kw)
        finally:
            await network.aclose()

    return run(go())


def https(lab, host, path="/"):
    return f"https://{host}:{lab.ports['https']}{path}"


def plain(lab, host, path="/"):
    return f"http://{host}:{lab.ports['http']}{path}"


def test_https_success_records_every_step(lab):
    r = probe(lab, "https", url=https(lab, f"open.{D}"))
    assert (r.failure, r.failed_step) == (None, None)
    assert r.addresses == [hosts.OPEN]
    assert hosts.OPEN in r.control_addresses
    assert {q.role for q in r.dns} == {"test", "control"}
    assert all(r.timings_ms[step] is not None for step in ("dns", "tcp", "tls", "http"))
    exchange = r.http[-1]
    assert exchange.status == 200 and exchange.body_complete
    assert b"censorwatch lab" in exchange.body
    cert = r.tls[0].certificate
    assert cert is not None and "censorwatch lab CA" in cert.issuer
    assert f"*.{D}" in cert.names


def test_a_lost_dns_datagram_is_sent_again_and_counted(lab):
    # The lab drops the first query for this name, as a lossy link does: the stub resolver
    # asks again after its first wait and the answer counts; the lost try is in the evidence.
    r = probe(lab, "dns", host=f"lossy-first.{D}")
    assert r.failure is None
    test = r.dns[0]
    assert test.role == "test" and test.addresses == [hosts.OPEN]
    assert (test.attempts, test.lost) == (4, 2)  # A and AAAA, each lost once, then answered
    assert test.bytes_sent > 0 and test.bytes_received > 0


def test_a_late_dns_answer_is_not_a_lost_one(lab):
    # The answer comes after the first wait (a queued, slow link): the query is sent again,
    # but the late answer to the first try is taken, and nothing is counted as lost.
    r = probe(lab, "dns", host=f"late.{D}")
    assert r.failure is None
    test = r.dns[0]
    assert test.addresses == [hosts.OPEN]
    assert (test.attempts, test.lost) == (2, 0)  # A and AAAA, each answered late


def test_dns_probe_asks_the_first_control_that_answers(lab):
    r = probe(lab, "dns", host=f"open.{D}")
    assert r.failure is None
    # The control resolvers are a chain: the first answered, the next was not asked.
    assert [q.role for q in r.dns] == ["test", "control"]
    assert all(q.addresses == [hosts.OPEN] for q in r.dns)
    assert r.dns[1].resolver.startswith("https://")  # the DoH control


def test_a_silent_control_resolver_hands_over_to_the_next_in_the_chain(lab):
    # As under the 2025 white lists, where 1.1.1.1 went unanswered and 8.8.8.8 worked.
    settings = probe_settings(catalog.load(lab.config_path))
    silent = f"udp://{hosts.UDP_BLACKHOLE}:{lab.ports['stun']}"
    settings.control_resolvers = [silent, *settings.control_resolvers]

    async def go():
        network = Network(settings)
        try:
            first = await measure(network, "web", "dns", host=f"open.{D}")
            second = await measure(network, "web", "dns", host=f"im.{D}")
            return first, second
        finally:
            await network.aclose()

    first, second = run(go())
    assert first.failure is None
    controls = [q for q in first.dns if q.role == "control"]
    # The silent one was left behind after a second; the next answered.
    assert controls[-1].addresses == [hosts.OPEN] and controls[-1].resolver != silent
    assert all(q.resolver != silent or not q.addresses for q in controls)
    assert first.control_addresses == [hosts.OPEN]
    # Within the round, the control that answered is asked first from then on.
    assert [q.resolver for q in second.dns if q.role == "control"] == [controls[-1].resolver]


@pytest.mark.parametrize(
    ("name", "failure"),
    [
        (hosts.DNS_NXDOMAIN, "dns_nxdomain_error"),
        (hosts.DNS_SILENT, "generic_timeout_error"),
        (hosts.DNS_EMPTY, "dns_no_answer"),
    ],
)
def test_dns_lies(lab, name, failure):
    r = probe(lab, "https", url=https(lab, name))
    assert (r.failed_step, r.failure) == ("dns", failure)
    assert r.control_addresses == [hosts.OPEN]
    assert not r.tcp


def test_dns_poisoned_to_blockpage_address(lab):
    r = probe(lab, "https", url=https(lab, hosts.DNS_POISON))
    assert r.addresses == [hosts.BLOCKPAGE]
    assert r.control_addresses == [hosts.OPEN]
    assert (r.failed_step, r.failure) == ("tls", "ssl_invalid_hostname")
    assert r.tls[0].certificate.subject.endswith("blocked.isp.test")


def test_tcp_success_and_literal_address(lab):
    r = probe(lab, "tcp", host=hosts.OPEN, port=lab.ports["https"])
    assert r.failure is None and not r.dns
    assert r.addresses == [hosts.OPEN] and r.tcp[0].time_ms is not None


@pytest.mark.parametrize(
    ("host", "failure"),
    [(f"tcp-timeout.{D}", "generic_timeout_error"), (f"tcp-refused.{D}", "connection_refused")],
)
def test_tcp_failures(lab, host, failure):
    r = probe(lab, "tcp", host=host, port=lab.ports["https"])
    assert (r.failed_step, r.failure) == ("tcp", failure)


@pytest.mark.parametrize(
    ("host", "failure", "decoy_failure"),
    [
        (hosts.SNI_RESET, "connection_reset", None),
        (hosts.SNI_DROP, "generic_timeout_error", None),
        (f"tls-reset.{D}", "connection_reset", "connection_reset"),
        (f"tls-drop.{D}", "generic_timeout_error", "generic_timeout_error"),
    ],
)
def test_tls_failures_and_decoy(lab, host, failure, decoy_failure):
    r = probe(lab, "tls", host=host, port=lab.ports["https"])
    assert (r.failed_step, r.failure) == ("tls", failure)
    decoys = [t for t in r.tls if t.decoy]
    assert len(decoys) == 1
    assert decoys[0].sni == f"decoy.{D}"
    assert decoys[0].address == r.tls[0].address
    assert decoys[0].failure == decoy_failure


def test_tls_success_has_no_decoy(lab):
    r = probe(lab, "tls", host=f"chat.{D}", port=lab.ports["https"])
    assert r.failure is None
    assert [t.decoy for t in r.tls] == [False]
    assert r.tls[0].version.startswith("TLS")


def test_tls_unknown_authority_keeps_the_certificate(lab):
    r = probe(lab, "https", url=https(lab, f"mitm.{D}"))
    assert (r.failed_step, r.failure) == ("tls", "ssl_unknown_authority")
    assert "Interception Inc" in r.tls[0].certificate.issuer
    # The decoy name's certificate is read too: the lab's interceptor makes one for any name.
    decoy = next(t for t in r.tls if t.decoy)
    assert decoy.certificate is not None and "Interception Inc" in decoy.certificate.issuer


def test_http_blockpage_redirect_is_recorded_and_followed_through_the_resolver(lab):
    r = probe(lab, "http", url=plain(lab, hosts.BLOCKPAGE_REDIRECT))
    first = r.http[0]
    assert first.status == 302
    assert first.location.startswith("http://warning.rt.ru")
    # The blocking host is resolved through the resolver under test, which does not know it.
    assert any(q.hostname == "warning.rt.ru" for q in r.dns)
    assert (r.failed_step, r.failure) == ("dns", "dns_nxdomain_error")


def test_http_blockpage_body(lab):
    r = probe(lab, "http", url=plain(lab, hosts.BLOCKPAGE_BODY))
    assert r.failure is None and r.http[0].status == 200
    assert "Федеральными законами" in r.http[0].body.decode()


def test_reset_after_handshake_is_an_http_failure(lab):
    r = probe(lab, "https", url=https(lab, hosts.HTTP_RESET))
    assert (r.failed_step, r.failure) == ("http", "connection_reset")
    assert r.tls[0].failure is None


def test_freeze_mid_body_is_seen(lab):
    r = probe(lab, "https", url=https(lab, hosts.FREEZE, "/bytes/1000000"))
    h = r.http[0]
    assert (r.failed_step, r.failure) == ("body", "generic_timeout_error")
    assert h.status == 200 and h.stalled
    assert h.body_bytes == hosts.FREEZE_AFTER


def test_throughput_throttled_and_unthrottled(lab):
    slow = probe(
        lab,
        "throughput",
        url=https(lab, hosts.SLOW, "/bytes/20000000"),
        min_kbps=1000,
        max_seconds=2,
    )
    fast = probe(
        lab,
        "throughput",
        url=https(lab, f"fast.{D}", "/bytes/4000000"),
        min_kbps=1000,
        max_seconds=2,
    )
    assert slow.failure is None and not slow.transfer.stalled
    assert 0 < slow.kbps < 1000 and slow.transfer.bytes < 1_000_000
    # The same object from the same address under the decoy name, in turn: three pairs.
    t = slow.transfer
    assert len(t.real_kbps) == len(t.decoy_kbps) == throughput.PAIRS
    assert min(t.decoy_kbps) > 10 * max(t.real_kbps)
    # A fast download stops at its cap, and needs no comparison (it cannot be throttled).
    assert fast.failure is None
    assert throughput.SAMPLE_CAP <= fast.transfer.bytes < throughput.SAMPLE_CAP + 64 * 1024
    assert fast.transfer.decoy_kbps == [] and fast.kbps > 10 * slow.kbps
    # It asked for only that much (a Range), so the server sent no more: the wire carried
    # the sample, not a receive buffer's worth of the rest of a large object.
    assert fast.http[-1].status == 206
    assert fast.wire_bytes[1] < throughput.SAMPLE_CAP + 32 * 1024
    # Every download was paid for.
    assert slow.wire_bytes[1] > sum(1 for _ in t.real_kbps) * 1000


def test_upload_throttled_by_name_and_unthrottled(lab):
    # POSTs of the same size to the same address, with the real name and the decoy in turn,
    # rated by the bytes the server acknowledged: the lab reads the throttled name slowly.
    def upload(host):
        return probe(
            lab,
            "throughput",
            url=https(lab, host, "/upload"),
            min_kbps=1000,
            max_seconds=3,
            upload=True,
        )

    slow, fast = upload(hosts.SLOW), upload(f"fast.{D}")
    assert slow.failure is None and fast.failure is None
    t = slow.transfer
    assert t.direction == "upload" and not t.stalled
    assert len(t.real_kbps) == len(t.decoy_kbps) == throughput.PAIRS
    assert max(t.real_kbps) < 2000 < min(t.decoy_kbps)
    # The uploads are counted on the wire: more sent than received, and at least their samples
    # (a comparison with the kbps figures depended on the machine's speed: a kbps sum is no size).
    assert slow.wire_bytes[0] > slow.wire_bytes[1] and slow.wire_bytes[0] > 256 * 1024
    # The unthrottled upload completes its sample and the server says it got all of it.
    assert fast.transfer.direction == "upload" and fast.transfer.kbps > 10 * slow.kbps
    assert fast.http[-1].status == 200 and fast.http[-1].body_complete
    verdict = diagnosis.probe_verdict(slow, load_fingerprints())
    assert (verdict.status, verdict.technique) == ("degraded", "throttling")
    assert "upload" in verdict.explanation


def test_a_comparison_stops_once_the_names_are_clearly_alike(lab):
    # Above no floor (a very high one): the comparison itself must say when to stop. The
    # real name as fast as the decoy after two real and one decoy download: no more data.
    settings = probe_settings(catalog.load(lab.config_path))

    async def go():
        network = Network(settings)
        try:
            record = ProbeRecord("media", "throughput", "")
            url = https(lab, f"fast.{D}", "/bytes/4000000")
            await throughput.compare(
                record, network, url, min_kbps=0, max_seconds=4, floor_kbps=1e9, ratio=0.3
            )
            return record
        finally:
            await network.aclose()

    t = run(go()).transfer
    assert (len(t.real_kbps), len(t.decoy_kbps)) == (2, 1)


def test_stun_answer_and_black_hole(lab):
    ok = probe(lab, "stun", "calls", host=hosts.OPEN, port=lab.ports["stun"])
    assert ok.failure is None
    assert ok.stun.mapped_address.startswith("127.0.0.1:")
    dead = probe(lab, "stun", "calls", host=hosts.UDP_BLACKHOLE, port=lab.ports["stun"])
    assert (dead.failed_step, dead.failure) == ("udp", "generic_timeout_error")
    assert dead.stun.requests_sent >= 2  # retransmitted as RFC 5389 says


# --- hostile servers: caps and timeouts, never a hang ---------------------------------------


def test_endless_headers_hit_the_header_cap(lab):
    r = probe(lab, "https", url=https(lab, hosts.ENDLESS_HEADERS))
    assert r.failed_step == "http"
    assert r.failure.startswith("unknown_failure") and "KiB" in r.failure


def test_one_gigabyte_body_stops_at_the_body_cap(lab):
    r = probe(lab, "https", url=https(lab, hosts.HUGE_BODY))
    h = r.http[0]
    assert r.failure is None and h.status == 200
    # The read stops at the cap: what arrived in the last read counts (it crossed the
    # wire), at most one read (64 KiB) more; what is kept is exactly the cap.
    assert 64 * 1024 <= h.body_bytes <= 2 * 64 * 1024 and len(h.body) == 64 * 1024


def test_thousands_of_dns_records_are_capped(lab):
    r = probe(lab, "dns", host=hosts.MANY_RECORDS)
    test = r.dns[0]
    assert r.failure is None and test.truncated
    assert len(test.addresses) == 64


def test_garbage_stun_replies_are_rejected(lab):
    r = probe(lab, "stun", "calls", host=hosts.STUN_GARBAGE, port=lab.ports["stun"])
    assert r.failed_step == "udp"
    assert r.failure == "unknown_failure: invalid STUN responses"
    assert r.stun.invalid_replies >= 2 and r.stun.mapped_address is None


def test_trust_handshake_judges_a_private_ca_on_the_handshake(lab):
    # Services with their own CA (Signal) must not read as interception.
    r = probe(lab, "tls", host=f"mitm.{D}", port=lab.ports["https"], trust="handshake")
    assert r.failure is None
    assert "Interception Inc" in r.tls[0].certificate.issuer  # still recorded as evidence
    checked = probe(lab, "tls", host=f"mitm.{D}", port=lab.ports["https"])
    assert checked.failure == "ssl_unknown_authority"


def test_trust_signal_adds_signals_own_roots_and_still_refuses_an_interceptor(lab):
    # Signal's servers present certificates of Signal's own CA (OONI ts-029 embeds its two
    # roots): trust = "signal" verifies against them beside the system's roots, so an
    # interceptor's certificate still reads as interception.
    settings = probe_settings(catalog.load(lab.config_path))
    network = Network(settings)
    subjects = [
        dict(pair[0] for pair in c["subject"]) for c in network.context("signal").get_ca_certs()
    ]
    assert {"commonName": "Signal Messenger"}.items() <= next(
        s for s in subjects if s.get("commonName") == "Signal Messenger"
    ).items()
    assert not any(
        s.get("commonName") == "Signal Messenger"
        for s in (
            dict(pair[0] for pair in c["subject"]) for c in network.context("system").get_ca_certs()
        )
    )
    intercepted = probe(lab, "tls", host=f"mitm.{D}", port=lab.ports["https"], trust="signal")
    assert intercepted.failure == "ssl_unknown_authority"
    # The config's own CA (the lab's) still counts: the lab's servers verify.
    works = probe(lab, "https", url=https(lab, f"chat.{D}"), trust="signal")
    assert works.failure is None and works.http[-1].status == 200


def test_a_sloppy_blockpage_with_bare_line_feeds_is_read_and_recognised(lab):
    from censorwatch.diagnosis import probe_verdict
    from censorwatch.engine import load_fingerprints

    r = probe(lab, "http", url=plain(lab, hosts.LF_ONLY))
    assert r.failure is None and r.http[0].status == 200  # was: eof_error
    assert probe_verdict(r, load_fingerprints()).technique == "http_blockpage"


def test_folded_headers_are_unfolded_and_two_lengths_are_refused(lab):
    folded = probe(lab, "http", url=plain(lab, hosts.FOLDED))
    assert ("x-block-reason", "court order no. 2-1234/2025") in folded.http[0].headers
    assert [name for name, _ in folded.http[0].headers] == ["x-block-reason", "content-length"]
    two = probe(lab, "http", url=plain(lab, hosts.TWO_LENGTHS))
    assert two.failed_step == "http"
    assert (
        two.failure == "unknown_failure: invalid HTTP response: conflicting Content-Length headers"
    )


def test_a_fault_of_censorwatch_is_never_a_verdict_about_the_network(lab, monkeypatch, caplog):
    # A bug inside a probe (here: the TLS step raising what no network causes) ends that
    # probe only: "cannot tell", its traceback in the log, no failed step named.
    from censorwatch.probes import transport

    async def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in censorwatch")

    monkeypatch.setattr(transport, "tls", broken)
    r = probe(lab, "https", url=https(lab, f"open.{D}"))
    assert r.internal_error == "RuntimeError: a bug in censorwatch"
    assert r.failed_step is None and r.failure.startswith("unknown_failure: censorwatch")
    assert "a bug in censorwatch" in caplog.text and "Traceback" in caplog.text
    v = diagnosis.probe_verdict(r, load_fingerprints())
    assert (v.status, v.technique) == ("unknown", None)
    assert "could not run this check" in v.explanation
    assert r.evidence()["internal_error"] == "RuntimeError: a bug in censorwatch"


def test_redirects_as_a_browser_reads_them():
    from censorwatch.probes import failures
    from censorwatch.probes.urls import next_hop, split_url

    assert next_hop("http://a.test/x", "http://") == (
        failures.HTTP_INVALID_REDIRECT_LOCATION_HOST,
        "http://",
    )
    assert next_hop("https://a.test/x", "/y?z=1") == (None, "https://a.test/y?z=1")
    assert next_hop("https://a.test/x", "tg://resolve?domain=x")[0] == (
        failures.HTTP_INVALID_REDIRECT_LOCATION
    )
    assert next_hop("https://a.test/", "https://при мер.рф/")[0] == (
        failures.HTTP_INVALID_REDIRECT_LOCATION
    )
    # The host in its IDNA form (upper case mapped), a Cyrillic path percent-encoded.
    assert split_url("http://Пример.рф:8080/новости?q=да") == (
        "http",
        "xn--e1afmkfd.xn--p1ai",
        8080,
        "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8?q=%D0%B4%D0%B0",
    )


def test_a_records_evidence_is_what_asdict_gives_and_shares_nothing(lab):
    """The evidence is made without dataclasses.asdict (its deep copies held the interpreter
    for tens of milliseconds at each round's end): the same data, and nothing of the record
    itself handed out (a later change to the evidence leaves the record as it was)."""
    import copy
    from dataclasses import asdict

    from censorwatch.probes.records import to_data

    records = [
        probe(lab, "https", url=https(lab, f"open.{D}")),  # a certificate, headers, a body
        probe(lab, "throughput", url=https(lab, hosts.SLOW, "/"), min_kbps=1000, max_seconds=2),
        probe(lab, "stun", "calls", host=hosts.OPEN, port=lab.ports["stun"]),
        probe(lab, "dns", host=f"open.{D}"),
    ]
    parts = [p for r in records for p in (*r.dns, *r.tcp, *r.tls, *r.http, r.transfer, r.stun)]
    parts = [p for p in parts if p is not None]
    assert any(type(p).__name__ == "TlsHandshake" and p.certificate for p in parts)
    assert any(type(p).__name__ == "Transfer" and p.real_kbps for p in parts)
    for part in parts:
        before = copy.deepcopy(part)
        data = to_data(part)
        assert data == asdict(part)
        for value in data.values():  # every list and record handed out is a new one
            if isinstance(value, list):
                value.append("changed")
            elif isinstance(value, dict):
                value.clear()
        assert part == before
