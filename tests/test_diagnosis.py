"""Diagnosis on hand-built records: every branch of the per-probe verdict and the network state."""

from __future__ import annotations

from censorwatch import catalog, diagnosis
from censorwatch.diagnosis.fingerprints import Fingerprints
from censorwatch.diagnosis.quality import Quality
from censorwatch.engine import load_fingerprints
from censorwatch.probes.records import (
    Certificate,
    DnsQuery,
    HttpExchange,
    ProbeRecord,
    StunExchange,
    TcpConnect,
    TlsHandshake,
    Transfer,
)

FP = load_fingerprints()
REAL = "93.184.216.34"  # a public address: nothing is ever sent in these tests


def rec(
    kind="https", failure=None, step=None, test=(REAL,), control=(REAL,), test_failure=None, **kw
):
    r = ProbeRecord("web", kind, "https://svc.example/", failure=failure, failed_step=step, **kw)
    r.dns = [
        DnsQuery(
            "udp://192.0.2.53:53",
            "test",
            "svc.example",
            "NOERROR" if not test_failure else "NXDOMAIN",
            list(test),
            test_failure,
        ),
        DnsQuery("https://control/dns-query", "control", "svc.example", "NOERROR", list(control)),
    ]
    return r


# A round on a good network: many DNS exchanges and TCP segments, none lost. Silence (a
# timeout) is evidence only against such a background; see the lossy tests below.
GOOD = Quality(dns_attempts=200, dns_lost=0, tcp_segments=2000, tcp_retransmits=0, step_timeout=10)
LOSSY = Quality(
    dns_attempts=200, dns_lost=40, tcp_segments=2000, tcp_retransmits=200, step_timeout=2
)


def verdict(r, quality=GOOD, earlier=None):
    return diagnosis.probe_verdict(r, FP, quality, earlier)


def test_fingerprints_ship_with_their_source():
    assert len(FP.rows) >= 30
    assert all(row.source for row in FP.rows)


def test_ok():
    v = verdict(rec())
    assert (v.status, v.technique) == ("ok", None)


def test_dns_nxdomain_while_control_answers():
    v = verdict(
        rec(failure="dns_nxdomain_error", step="dns", test=(), test_failure="dns_nxdomain_error")
    )
    assert (v.status, v.technique) == ("blocked", "dns")
    assert "does not exist" in v.explanation


def test_dns_failure_everywhere_is_not_a_block():
    r = rec(
        failure="generic_timeout_error",
        step="dns",
        test=(),
        control=(),
        test_failure="generic_timeout_error",
    )
    r.dns[1].failure = "generic_timeout_error"
    assert verdict(r).status == "offline"


def test_known_dns_blockpage_address_decides_alone():
    v = verdict(rec(test=("95.167.13.50",)))
    assert (v.status, v.technique) == ("blocked", "dns")


def test_bogon_answer_is_evidence_not_a_verdict():
    r = rec(test=("10.10.34.34",), control=(REAL,))
    r.tls = [TlsHandshake("10.10.34.34", 443, "svc.example")]
    v = verdict(r)
    assert v.status == "ok"
    assert any("private addresses" in line for line in v.evidence)


def test_inconsistent_answer_with_wrong_certificate_is_dns():
    r = rec(failure="ssl_invalid_hostname", step="tls", test=("198.51.100.7",))
    r.tls = [TlsHandshake("198.51.100.7", 443, "svc.example", failure="ssl_invalid_hostname")]
    assert verdict(r).technique == "dns"


def test_cdn_answer_that_differs_but_works_is_consistent():
    r = rec(test=("198.51.100.7",))
    r.tls = [TlsHandshake("198.51.100.7", 443, "svc.example")]
    assert diagnosis.dns_consistency(r) == "consistent"


def test_tcp_timeout_is_claimed_and_a_refusal_alone_is_not():
    # Silence that loss cannot explain is a claim; a refusal from one vantage point cannot
    # be told from a server that is down (OONI's websiteDownTCPConnect): said, not claimed.
    r = rec(kind="tcp", failure="generic_timeout_error", step="tcp")
    r.tcp = [TcpConnect(REAL, 443, "generic_timeout_error")]
    assert (verdict(r).status, verdict(r).technique) == ("blocked", "tcp_timeout")
    r = rec(kind="tcp", failure="connection_refused", step="tcp")
    r.tcp = [TcpConnect(REAL, 443, "connection_refused")]
    v = verdict(r)
    assert (v.status, v.technique) == ("unknown", None) and "refused" in v.explanation


def test_a_refusal_at_the_resolvers_lie_is_dns_when_the_independent_address_works():
    # OONI's tcpBlockingConnectionRefusedWithInconsistentDNS: the comparison is the address
    # an independent resolver gave, tried by the probe.
    lie = "151.101.1.1"
    r = rec(kind="tcp", failure="connection_refused", step="tcp", test=(lie,))
    r.tcp = [TcpConnect(lie, 443, "connection_refused"), TcpConnect(REAL, 443, via="control")]
    v = verdict(r)
    assert (v.status, v.technique) == ("blocked", "dns") and REAL in v.explanation
    r.tcp[1].failure = "connection_refused"  # refused there too: the lie does not matter
    assert verdict(r).status == "unknown"


def test_sni_when_the_decoy_completes():
    r = rec(kind="tls", failure="connection_reset", step="tls")
    r.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="connection_reset"),
        TlsHandshake(REAL, 443, "example.org", decoy=True),
    ]
    assert verdict(r).technique == "sni"


def test_tls_reset_and_timeout_when_the_decoy_fails_too():
    for failure, technique in (
        ("connection_reset", "tls_reset"),
        ("generic_timeout_error", "tls_timeout"),
    ):
        r = rec(kind="tls", failure=failure, step="tls")
        r.tls = [
            TlsHandshake(REAL, 443, "svc.example", failure=failure),
            TlsHandshake(REAL, 443, "example.org", decoy=True, failure=failure),
        ]
        assert verdict(r).technique == technique


def test_a_reset_compared_with_a_lost_decoy_is_not_a_reset_for_every_name():
    # At 10 % loss the decoy's handshake may go unanswered: "cut whatever name is asked"
    # would be a wrong technique. Cannot tell on a lossy link; an earlier try whose decoy
    # completed makes it filtering by name.
    def reset_with_silent_decoy():
        r = rec(kind="tls", failure="connection_reset", step="tls")
        r.tls = [
            TlsHandshake(REAL, 443, "svc.example", failure="connection_reset"),
            TlsHandshake(REAL, 443, "example.org", decoy=True, failure="generic_timeout_error"),
        ]
        return r

    assert verdict(reset_with_silent_decoy(), LOSSY).status == "unknown"
    earlier = rec(kind="tls", failure="connection_reset", step="tls")
    earlier.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="connection_reset"),
        TlsHandshake(REAL, 443, "example.org", decoy=True),
    ]
    v = verdict(reset_with_silent_decoy(), LOSSY, earlier=[earlier])
    assert (v.status, v.technique) == ("blocked", "sni")


def test_a_retry_that_only_went_silent_does_not_undo_an_earlier_reset():
    # The first try was reset with either name; the confirmation retry got no answer at all
    # (a congested path, a lost RST): the reset stands, not "stalls whatever name".
    earlier = rec(kind="tls", failure="connection_reset", step="tls")
    earlier.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="connection_reset"),
        TlsHandshake(REAL, 443, "example.org", decoy=True, failure="connection_reset"),
    ]
    retry = rec(kind="tls", failure="generic_timeout_error", step="tls")
    retry.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="generic_timeout_error"),
        TlsHandshake(REAL, 443, "example.org", decoy=True, failure="generic_timeout_error"),
    ]
    v = verdict(retry, earlier=[earlier])
    assert (v.status, v.technique) == ("blocked", "tls_reset")
    # Without the earlier reset the silence is judged as silence.
    assert verdict(retry).technique == "tls_timeout"


def _untrusted(decoy_names=("svc.example",), reason="unable to get local issuer certificate"):
    r = rec(failure="ssl_unknown_authority", step="tls")
    cert = Certificate("CN=svc.example", "CN=Interceptor Root", ["svc.example"], "", "2030-01-01")
    decoy = Certificate("CN=x", "CN=Interceptor Root", list(decoy_names), "", "2030-01-01")
    r.tls = [
        TlsHandshake(
            REAL,
            443,
            "svc.example",
            failure="ssl_unknown_authority",
            certificate=cert,
            verify_error=reason,
        ),
        TlsHandshake(REAL, 443, "example.org", decoy=True, certificate=decoy),
    ]
    return r


def test_an_untrusted_authority_alone_is_not_called_interception():
    # OONI's badSSLWithUnknownAuthorityWithConsistentDNS: the site's own choice, as far as
    # anything shows; said, not claimed.
    v = verdict(_untrusted())
    assert (v.status, v.technique) == ("unknown", None)
    assert "Interceptor Root" in v.explanation and "interception" in v.explanation
    assert verdict(_untrusted(reason="self-signed certificate")).status == "unknown"


def test_mitm_when_the_certificate_is_made_for_any_name_or_signs_other_services():
    # A certificate made for the decoy name too, by the same untrusted authority.
    v = verdict(_untrusted(decoy_names=("example.org",)))
    assert v.technique == "tls_mitm" and "Interceptor Root" in v.explanation
    assert "whatever name" in v.explanation
    # The same untrusted authority signing for other services of the round, a foreign one
    # among them; a national authority signing domestic sites only is not a middlebox.
    r = _untrusted()
    other = _untrusted()
    found = diagnosis.untrusted_issuers([("svc", True, r), ("other", False, other)])
    assert found == {"CN=Interceptor Root"}
    v = diagnosis.probe_verdict(r, FP, GOOD, interceptors=found)
    assert v.technique == "tls_mitm" and "other services" in v.explanation
    assert not diagnosis.untrusted_issuers([("a", False, r), ("b", False, other)])


def test_a_site_certificate_problem_is_said_plainly():
    # OONI's badSSLWithExpiredCertificate and badSSLWithWrongServerName.
    r = rec(failure="ssl_invalid_certificate", step="tls")
    cert = Certificate("CN=svc.example", "CN=Good CA", ["svc.example"], "2019-01-01", "2020-02-01")
    r.tls = [
        TlsHandshake(
            REAL,
            443,
            "svc.example",
            failure="ssl_invalid_certificate",
            certificate=cert,
            verify_error="certificate has expired",
        )
    ]
    v = verdict(r)
    assert (v.status, v.technique) == ("unknown", None)
    assert "expired on 2020-02-01" in v.explanation and "clock" in v.explanation
    r = rec(failure="ssl_invalid_hostname", step="tls")
    cert = Certificate("CN=x", "CN=Good CA", ["wrong-host.example"], "", "2030-01-01")
    r.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="ssl_invalid_hostname", certificate=cert)
    ]
    v = verdict(r)
    assert (v.status, v.technique) == ("unknown", None) and "wrong-host.example" in v.explanation


def test_blockpage_by_location_and_by_body():
    r = rec(kind="http")
    r.http = [
        HttpExchange(
            "http://svc.example/",
            REAL,
            302,
            [("location", "http://blocked.mgts.ru/x")],
            location="http://blocked.mgts.ru/x",
        )
    ]
    assert verdict(r).technique == "http_blockpage"
    r.http = [
        HttpExchange(
            "http://svc.example/",
            REAL,
            200,
            [],
            body="<p>Доступ к ресурсу заблокирован!</p>".encode(),
        )
    ]
    assert verdict(r).technique == "http_blockpage"


def test_http_failure_stall_and_slow_body():
    # A cut request is a claim only when the same request naming the decoy gets an answer.
    r = rec(failure="connection_reset", step="http")
    r.http = [HttpExchange("https://svc.example/", REAL, failure="connection_reset")]
    assert (verdict(r).status, verdict(r).technique) == ("unknown", None)
    r.http.append(HttpExchange("https://example.org/", REAL, 404, decoy=True))
    assert (verdict(r).status, verdict(r).technique) == ("blocked", "http_failure")
    r.http[1] = HttpExchange("https://example.org/", REAL, failure="eof_error", decoy=True)
    v = verdict(r)
    assert (v.status, v.technique) == ("unknown", None) and "whatever name" in v.explanation
    r = rec(failure="generic_timeout_error", step="body")
    r.http = [HttpExchange("https://svc.example/", REAL, 200, [], body_bytes=16384, stalled=True)]
    v = verdict(r)
    assert v.technique == "stall" and "16 KB" in v.explanation
    # Slow, not stopped, with nothing to compare: a slow link looks the same.
    r.http[0].stalled = False
    assert (verdict(r).status, verdict(r).technique) == ("unknown", None)


def _transfer(real, decoy=(), reference=None, **kw):
    return Transfer(
        bytes=40000,
        seconds=3.0,
        kbps=real[0],
        min_kbps=1000,
        real_kbps=list(real),
        decoy_kbps=list(decoy),
        reference_kbps=reference,
        **kw,
    )


def test_throttling_is_the_real_name_slower_than_the_decoy_on_the_same_server():
    r = rec(kind="throughput")
    r.transfer = _transfer([110, 120, 130], [5000, 5200, 4800])
    v = verdict(r)
    assert (v.status, v.technique) == ("degraded", "throttling")
    assert any("110, 120, 130 / 5000, 5200, 4800" in line for line in v.evidence)


def test_a_slow_link_is_not_throttling_and_a_slow_address_is():
    # 800 kbit/s for both names: slow at the address, or the link; only the link's own
    # reference download tells which (never "your connection is slow" without it).
    r = rec(kind="throughput")
    r.transfer = _transfer([790, 810, 800], [820, 780, 800])
    v = verdict(r)
    assert (v.status, v.technique) == ("unknown", None) and "not measured" in v.explanation
    r.transfer = _transfer([790, 810, 800], [820, 780, 800], reference=850)
    v = verdict(r)
    assert (v.status, v.technique) == ("ok", None) and "your connection is slow" in v.explanation
    # The link downloads fast: the address is slowed down, whatever the name; a claim that
    # the round's judge confirms over consecutive comparisons.
    r.transfer = _transfer([790, 810, 800], [820, 780, 800], reference=50000)
    v = verdict(r)
    assert (v.status, v.technique, v.confirm) == ("degraded", "throttling", "new")
    assert "whatever the name" in v.explanation
    # The reference download says the same when there is no decoy to compare with.
    r.transfer = _transfer([790, 810, 800], reference=850)
    assert verdict(r).status == "ok"
    r.transfer = _transfer([120, 130, 110], reference=5000)
    assert verdict(r).technique == "throttling"


def test_throttling_needs_enough_pairs_and_a_comparison():
    r = rec(kind="throughput")
    r.transfer = _transfer([110], [5000])  # one pair: much slower, but not proven
    assert verdict(r).status == "unknown"
    r.transfer = _transfer([300])  # slow, nothing measured to compare with
    assert verdict(r).status == "unknown"
    r.transfer = _transfer([3000])  # above the floor: fine whatever the comparison
    assert verdict(r).status == "ok"
    r.transfer = _transfer([1500], [9000, 9000, 9000], throttle_ratio=0.1)
    assert verdict(r).status == "ok"  # the ratio in the settings decides


def _silent_dns(lost):
    r = rec(
        failure="generic_timeout_error", step="dns", test=(), test_failure="generic_timeout_error"
    )
    r.dns[0].attempts = r.dns[0].lost = lost
    return r


def test_dns_silence_is_tampering_only_when_loss_cannot_explain_it():
    # Three queries unanswered while the resolver answers everything else: tampering.
    assert (verdict(_silent_dns(3)).status, verdict(_silent_dns(3)).technique) == ("blocked", "dns")
    # On a link losing a fifth of exchanges, three lost queries prove nothing...
    v = verdict(_silent_dns(3), LOSSY)
    assert (v.status, v.technique) == ("unknown", None) and "unreliable" in v.explanation
    # ...nor do six (a round judges many lookups: one in a million is the line)...
    v = verdict(_silent_dns(3), LOSSY, earlier=[_silent_dns(3)])
    assert v.status == "unknown"
    # ...but the retries' queries count too: nine in a row is no longer chance.
    v = verdict(_silent_dns(3), LOSSY, earlier=[_silent_dns(3), _silent_dns(3)])
    assert (v.status, v.technique) == ("blocked", "dns")


def test_a_handshake_after_a_lost_syn_had_one_try():
    # A connect that needed its SYN again leaves the kernel's retransmission timer at 3 s:
    # within a 2 s step the ClientHello went out once, and one lost flight proves nothing.
    from dataclasses import replace

    short = replace(GOOD, step_timeout=2)

    def stalled_handshake(connect_ms):
        r = rec(kind="tls", failure="generic_timeout_error", step="tls")
        r.tcp = [TcpConnect(REAL, 443, None, time_ms=connect_ms)]
        r.tls = [
            TlsHandshake(REAL, 443, "svc.example", failure="generic_timeout_error"),
            TlsHandshake(REAL, 443, "example.org", decoy=True),
        ]
        return r

    assert verdict(stalled_handshake(1030), short).status == "unknown"
    assert verdict(stalled_handshake(3), short).technique == "sni"


def test_connect_and_handshake_timeouts_on_a_lossy_link_cannot_tell():
    tcp = rec(kind="tcp", failure="generic_timeout_error", step="tcp")
    tcp.tcp = [TcpConnect(REAL, 443, "generic_timeout_error")]
    assert verdict(tcp, LOSSY).status == "unknown"
    assert verdict(tcp).technique == "tcp_timeout"
    tls = rec(kind="tls", failure="generic_timeout_error", step="tls")
    tls.tls = [
        TlsHandshake(REAL, 443, "svc.example", failure="generic_timeout_error"),
        TlsHandshake(REAL, 443, "example.org", decoy=True),
    ]
    assert verdict(tls, LOSSY).status == "unknown"
    assert verdict(tls).technique == "sni"
    # A reset is an answer, not silence: loss cannot fake it.
    tls.failure = tls.tls[0].failure = "connection_reset"
    assert verdict(tls, LOSSY).technique == "sni"


def test_no_quality_known_means_silence_proves_nothing():
    r = ProbeRecord(
        "calls", "stun", "192.0.2.1:3478", failure="generic_timeout_error", failed_step="udp"
    )
    r.stun = StunExchange("192.0.2.1", 3478, "generic_timeout_error", requests_sent=2)
    assert diagnosis.probe_verdict(r, FP).status == "unknown"


def test_udp():
    r = ProbeRecord(
        "calls", "stun", "192.0.2.1:3478", failure="generic_timeout_error", failed_step="udp"
    )
    r.stun = StunExchange("192.0.2.1", 3478, "generic_timeout_error", requests_sent=4)
    v = verdict(r)
    assert (v.status, v.technique) == ("blocked", "udp")
    assert any("after 4 requests" in line for line in v.evidence)


def test_capability_takes_its_worst_probe():
    ok, bad = diagnosis.Verdict("ok"), diagnosis.Verdict("blocked", "udp")
    assert diagnosis.capability_verdict([ok, bad, diagnosis.Verdict("degraded")]) is bad


def test_network_state():
    Seen = diagnosis.Seen
    working = rec()
    working.tcp = [TcpConnect(REAL, 443)]
    dead = ProbeRecord("web", "https", "x", failure="generic_timeout_error", failed_step="dns")
    dead.dns = [DnsQuery("udp://192.0.2.53:53", "test", "x", failure="generic_timeout_error")]
    offline = [Seen("a", False, [dead], "offline"), Seen("b", True, [dead], "offline")]
    assert diagnosis.network_state(offline)[0] == "offline"
    rounds = [
        Seen("gov", True, [working], "ok"),
        Seen("tg", False, [working], "blocked", "tls_timeout"),
        Seen("yt", False, [working], "blocked", "tls_timeout"),
    ]
    assert diagnosis.network_state(rounds)[0] == "whitelist"
    rounds[1] = Seen("tg", False, [working], "ok")
    assert diagnosis.network_state(rounds)[0] == "online"
    # On a lossy link foreign services may be "cannot tell": that is no white list.
    rounds[1] = Seen("tg", False, [working], "unknown")
    assert diagnosis.network_state(rounds)[0] == "online"
    # A reset or a blockpage is a block of its own, not how a white list fails.
    rounds[1] = Seen("tg", False, [working], "blocked", "tls_reset")
    assert diagnosis.network_state(rounds)[0] == "online"
    # Unlisted domestic controls that all work: no white list, whatever foreign ones do.
    rounds[1] = Seen("tg", False, [working], "blocked", "tls_timeout")
    rounds.append(Seen("habr", False, [working], "ok", domestic=True))
    assert diagnosis.network_state(rounds)[0] == "online"
    # One of them failing as white lists make them fail is enough (another may have been
    # added to a list since the catalog was written).
    rounds.append(Seen("drom", False, [working], "blocked", "tcp_timeout", domestic=True))
    assert diagnosis.network_state(rounds)[0] == "whitelist"


def _tls_failure(step: str | None, failure: str | None) -> ProbeRecord:
    return ProbeRecord("web", "tls", "x:443", failure=failure, failed_step=step)


def test_whitelist_kind_from_failures_and_discriminators():
    Seen = diagnosis.Seen
    from censorwatch.diagnosis.network import whitelist_kind

    by_name = [Seen(s, False, [], "blocked", "tls_timeout") for s in ("a", "b")]
    by_address = [Seen(s, False, [], "blocked", "tcp_timeout") for s in ("a", "b")]
    assert whitelist_kind(by_name, []) == "name"
    assert whitelist_kind(by_address, []) == "address"
    # The discriminators outweigh the shapes: a listed name opens an unlisted address.
    opened = ("listed_sni", _tls_failure(None, None))
    assert whitelist_kind(by_address[:1], [opened]) == "name"
    # A random name on a listed address: silence says "by name", an answer "by address".
    silent = ("random_sni", _tls_failure("tls", "generic_timeout_error"))
    alert = ("random_sni", _tls_failure("tls", "ssl_failed_handshake"))
    assert whitelist_kind([], [silent]) == "name"
    assert whitelist_kind([], [alert]) == "address"
    no_connection = ("listed_sni", _tls_failure("tcp", "generic_timeout_error"))
    assert whitelist_kind([], [no_connection]) == "address"
    assert whitelist_kind([], []) == ""


def test_any_of_group_works_when_one_answers_and_says_the_mildest_failure_otherwise():
    from censorwatch.diagnosis.capability import any_of_verdict

    ok = diagnosis.Verdict("ok", None, "works")
    blocked = diagnosis.Verdict("blocked", "tcp_timeout", "dropped")
    unknown = diagnosis.Verdict("unknown", None, "cannot tell")
    assert any_of_verdict([ok]).status == "ok"
    partly = any_of_verdict([blocked, blocked, ok])
    assert partly.status == "ok" and "2 of the 3" in partly.explanation
    none = any_of_verdict([blocked, blocked])
    assert none.status == "blocked" and none.technique == "tcp_timeout"
    assert "none of the 2" in none.explanation
    # None answered: one conclusive block speaks for the group; silences alone do not.
    assert any_of_verdict([unknown, blocked]).status == "blocked"
    assert any_of_verdict([unknown, unknown]).status == "unknown"
    offline = diagnosis.Verdict("offline", None, "unreachable")
    assert any_of_verdict([offline, unknown]).status == "unknown"


def test_a_control_turns_udp_silence_into_a_claim_or_into_cannot_tell():
    silent = diagnosis.Verdict("blocked", "udp", "call servers did not answer over UDP")
    answers = diagnosis.Verdict("ok", None, "works")
    quiet = diagnosis.Verdict("blocked", "udp", "no answer")
    v, pattern = diagnosis.with_controls(silent, [answers], messages_work=True)
    assert (v.status, v.technique, pattern) == ("blocked", "udp", True)
    assert "calls restricted" in v.explanation
    v, pattern = diagnosis.with_controls(silent, [quiet], messages_work=True)
    assert (v.status, pattern) == ("unknown", False)
    v, pattern = diagnosis.with_controls(silent, [answers], messages_work=False)
    assert v.status == "blocked" and "calls restricted" not in v.explanation
    # Without controls, or when the failure is not UDP silence, the verdict stands.
    assert diagnosis.with_controls(silent, [], True) == (silent, False)
    dns = diagnosis.Verdict("blocked", "dns", "lies")
    assert diagnosis.with_controls(dns, [answers], True) == (dns, False)


def test_empty_fingerprints_never_match():
    assert Fingerprints().match_http([("location", "http://warning.rt.ru")], b"") is None


def test_the_field_truth_covers_the_lab(lab):
    # The field tests and benchmark score verdicts against lab/truth.py: every service of
    # the lab's config needs its truth there.
    from censorwatch.lab.truth import TRUTH

    assert {s.id for s in catalog.load(lab.config_path).services} == set(TRUTH)


def test_the_banner_says_how_good_the_network_is():
    from censorwatch.diagnosis.wording import quality_words

    good, poor = quality_words({"loss_percent": 0.0, "rtt_ms": 0.2, "reference_kbps": 6_600_000})
    assert not poor
    assert "no packet loss" in good and "under 1 ms" in good and "6.6 Gbit/s" in good
    lossy, poor = quality_words({"loss_percent": 11.4, "rtt_ms": 42, "reference_kbps": 25_000})
    assert poor and "poor" in lossy and "11 %" in lossy and "42 ms" in lossy
    assert "25 Mbit/s" in lossy and "cannot tell" in lossy
    slow, poor = quality_words({"loss_percent": 0.0, "rtt_ms": 300, "reference_kbps": 655})
    assert poor and "slow (655 kbit/s)" in slow and "not throttling" in slow
    paused, _ = quality_words({}, "over_budget")
    assert "paused for today" in paused
    assert quality_words({}) == ("", False)  # nothing measured: nothing said


def test_a_silence_the_retry_did_not_repeat_counts_as_loss():
    # A connect that timed out and went through one retry later was loss (a burst), not a
    # block: its SYNs count in the round's loss, which working connections alone would hide.
    from censorwatch.diagnosis.quality import add_silences_retries_undid

    silent = rec(kind="tcp", failure="generic_timeout_error", step="tcp")
    silent.tcp = [TcpConnect(REAL, 443, "generic_timeout_error")]
    worked = rec(kind="tcp")
    worked.tcp = [TcpConnect(REAL, 443, time_ms=30, retransmits=0, segments=2)]
    q = Quality(tcp_segments=100, tcp_retransmits=0, step_timeout=5)
    add_silences_retries_undid(q, [([silent], worked)])
    assert (q.tcp_segments, q.tcp_retransmits) == (103, 3)  # three SYNs within 5 s
    # A retry that failed at that step again is no evidence of loss.
    q = Quality(tcp_segments=100, tcp_retransmits=0, step_timeout=5)
    add_silences_retries_undid(q, [([silent], silent)])
    assert (q.tcp_segments, q.tcp_retransmits) == (100, 0)
