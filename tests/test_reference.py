"""The reference suite: OONI's Web Connectivity QA cases rebuilt in the lab, run through the
real engine (`censorwatch lab` + `censorwatch check`), each row as docs/reference-suite.md
says."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from censorwatch.lab import reference
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]

# Every case of ooni/probe-cli's internal/webconnectivityqa (AllTestCases, and the two
# redirect-chain cases of its newer corpus): none may be missing from the table.
PUBLIC_CASES = {
    "badSSLWithUnknownAuthorityWithConsistentDNS",
    "badSSLWithExpiredCertificate",
    "badSSLWithWrongServerName",
    "badSSLWithUnknownAuthorityWithInconsistentDNS",
    "cloudflareCAPTCHAWithHTTP",
    "cloudflareCAPTCHAWithHTTPS",
    "controlFailureWithSuccessfulHTTPWebsite",
    "controlFailureWithSuccessfulHTTPSWebsite",
    "dnsBlockingAndroidDNSCacheNoData",
    "dnsBlockingBOGON",
    "dnsBlockingNXDOMAIN",
    "dnsHijackingToLocalhostWithHTTP",
    "dnsHijackingToLocalhostWithHTTPS",
    "dnsHijackingToProxyWithHTTPURL",
    "dnsHijackingToProxyWithHTTPSURL",
    "ghostDNSBlockingWithHTTP",
    "ghostDNSBlockingWithHTTPS",
    "httpBlockingConnectionReset",
    "httpDiffWithConsistentDNS",
    "httpDiffWithInconsistentDNS",
    "idnaWithoutCensorshipLowercase",
    "idnaWithoutCensorshipWithFirstLetterUppercase",
    "largeFileWithHTTP",
    "largeFileWithHTTPS",
    "localhostWithHTTP",
    "localhostWithHTTPS",
    "redirectWithBrokenLocationForHTTP",
    "redirectWithBrokenLocationForHTTPS",
    "redirectWithConsistentDNSAndThenConnectionRefusedForHTTP",
    "redirectWithConsistentDNSAndThenConnectionRefusedForHTTPS",
    "redirectWithConsistentDNSAndThenConnectionResetForHTTP",
    "redirectWithConsistentDNSAndThenConnectionResetForHTTPS",
    "redirectWithConsistentDNSAndThenNXDOMAIN",
    "redirectWithConsistentDNSAndThenEOFForHTTP",
    "redirectWithConsistentDNSAndThenEOFForHTTPS",
    "redirectWithConsistentDNSAndThenTimeoutForHTTP",
    "redirectWithConsistentDNSAndThenTimeoutForHTTPS",
    "redirectWithMoreThanTenRedirectsAndHTTP",
    "redirectWithMoreThanTenRedirectsAndHTTPS",
    "successWithHTTP",
    "successWithHTTPS",
    "tcpBlockingConnectTimeout",
    "tcpBlockingConnectionRefusedWithInconsistentDNS",
    "throttlingWithHTTP",
    "throttlingWithHTTPS",
    "tlsBlockingConnectionResetWithConsistentDNS",
    "tlsBlockingConnectionResetWithInconsistentDNS",
    "websiteDownNXDOMAIN",
    "websiteDownNoAddrs",
    "websiteDownTCPConnect",
}
# Claims that stand only over consecutive rounds: the first round says "cannot tell yet".
CONFIRMED_OVER_ROUNDS = {"throttled-address"}


def test_the_table_covers_every_public_case_once():
    names = [c.name for c in reference.CASES]
    assert len(names) == len(set(names)) == len(PUBLIC_CASES)
    assert set(names) == PUBLIC_CASES
    slugs = [c.slug for c in reference.CASES]
    assert len(slugs) == len(set(slugs))


def test_where_we_differ_the_row_says_why_and_we_never_claim_what_ooni_does_not():
    agree, total = reference.figures()
    assert agree >= 45, f"{agree} of {total} agree with OONI"
    for case in reference.CASES:
        assert case.agrees() or len(case.why) > 80, case.name
        if case.ooni.blocking in (False, None):
            assert case.ours[0] not in ("blocked", "degraded"), case.name


def test_the_agreement_rule_can_fail():
    case = next(c for c in reference.CASES if c.name == "successWithHTTPS")
    wrong = reference.Case(case.name, case.slug, case.url, "", case.ooni, ("blocked", "sni"))
    assert not wrong.agrees()
    dns = next(c for c in reference.CASES if c.name == "dnsBlockingNXDOMAIN")
    assert not reference.Case(
        dns.name, dns.slug, dns.url, "", dns.ooni, ("blocked", "sni")
    ).agrees()


def test_the_docs_table_is_the_table():
    render = runpy.run_path(str(ROOT / "tools" / "reference_table.py"))["render"]
    written = (ROOT / "docs" / "reference-suite.md").read_text(encoding="utf-8")
    assert written == render(), "run: python tools/reference_table.py > docs/reference-suite.md"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Two rounds of the whole table, as a person runs them: `censorwatch lab`, then
    `censorwatch check` twice with one history (the second continues what needs rounds)."""
    folder = tmp_path_factory.mktemp("lab-reference")
    data = tmp_path_factory.mktemp("reference-history")
    proc = subprocess.Popen(
        [sys.executable, "-m", "censorwatch", "lab", "--no-vpn", "--folder", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stdout:
            if line.startswith("config: "):
                break
        config = folder / "reference.toml"
        assert config.exists(), "censorwatch lab wrote no reference.toml"
        reports = []
        for _ in range(2):
            result = run_cli(
                "check",
                "--agree",
                "--json",
                "--config",
                str(config),
                "--data-dir",
                str(data),
                timeout=240,
            )
            assert result.returncode == 0, result.stderr
            reports.append({s["id"]: s for s in json.loads(result.stdout)["services"]})
        yield reports
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()


def test_every_row_is_as_the_table_says(rounds):
    first, second = rounds
    wrong = []
    for case in reference.CASES:
        got = (second[case.slug]["status"], second[case.slug]["technique"])
        if got != case.ours:
            wrong.append(f"{case.name}: {got}, the table says {case.ours}")
        before = (first[case.slug]["status"], first[case.slug]["technique"])
        if case.slug in CONFIRMED_OVER_ROUNDS:
            assert before == ("unknown", case.ours[1]), case.name  # "cannot tell yet"
        elif before != case.ours:
            wrong.append(f"{case.name} (first round): {before}")
    assert wrong == []


def test_no_case_ooni_calls_no_censorship_is_claimed(rounds):
    for report in rounds:
        for case in reference.CASES:
            if case.ooni.blocking in (False, None):
                assert report[case.slug]["status"] not in ("blocked", "degraded"), case.name


def _probe(report, slug):
    return report[slug]["probes"][0]


def test_evidence_reads_as_oonis(rounds):
    _first, second = rounds
    # A FIN is eof_error, a reset connection_reset, in the step where it happened.
    fin = _probe(second, "redir-eof-https")
    assert (fin["failure"], fin["failed_step"]) == ("eof_error", "tls")
    reset = _probe(second, "redir-reset-https")
    assert (reset["failure"], reset["failed_step"]) == ("connection_reset", "tls")
    assert (
        _probe(second, "broken-redirect-http")["failure"] == "http_invalid_redirect_location_host"
    )
    loop = _probe(second, "redirects-https")
    assert loop["failure"] == "unknown_failure: stopped after too many redirects"
    assert len([h for h in loop["evidence"]["http"] if not h.get("decoy")]) == 11
    # The comparison behind a claim is named in its sentence.
    assert "another name on the same address" in second["http-reset"]["explanation"]
    assert "independent resolver" in second["refused-lie"]["explanation"]
    assert "over HTTPS" in second["http-diff"]["explanation"]
    # The site's own certificate problem, said plainly.
    assert "expired on 2020-02-01" in second["badssl-expired"]["explanation"]


def test_international_names_go_out_in_their_idna_form(rounds):
    _first, second = rounds
    for slug in ("idna-lowercase", "idna-uppercase"):
        probe = _probe(second, slug)
        assert probe["status"] == "ok"
        assert probe["target"].startswith("http://")
        assert {q["hostname"] for q in probe["evidence"]["dns"]} == {"xn--e1afmkfd.xn--p1ai"}
        assert probe["evidence"]["http"][-1]["url"].startswith("https://xn--e1afmkfd.xn--p1ai:")
    assert "Пример.рф" in _probe(second, "idna-uppercase")["target"]
