"""The reference suite: every public Web Connectivity QA case of OONI (ooni/probe-cli,
`internal/webconnectivityqa`, 50 cases) rebuilt in the lab (reference_world.py), with the
result OONI expects, the verdict censorwatch gives, and where the two differ on purpose, why.
`censorwatch lab` writes `reference.toml` (one service per case, named as OONI names it);
tests/test_reference.py runs it through the real engine; docs/reference-suite.md is written
from this table (tools/reference_table.py) and checked against it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..vocabulary import CLAIMS  # the statuses that say "censored"
from . import configs
from . import reference_world as w

# OONI's XBlockingFlags (webconnectivitylte): the kinds of blocking a measurement showed.
DNS, TCP_IP, TLS, HTTP, HTTP_DIFF = 1, 2, 4, 8, 16
# Our techniques in each of OONI's kinds.
KINDS = {
    DNS: {"dns"},
    TCP_IP: {"tcp_timeout", "tcp_refused"},
    TLS: {"tls_reset", "tls_timeout", "sni", "tls_mitm"},
    HTTP: {"http_failure", "stall", "throttling"},
    HTTP_DIFF: {"http_blockpage"},
}
# OONI's `blocking` strings, as kinds. LTE calls every failure after the DNS "http-failure"
# (its flags tell TCP, TLS and HTTP apart).
BLOCKING = {
    "dns": DNS,
    "tcp_ip": TCP_IP,
    "tls": TLS,
    "http-failure": TLS | HTTP,
    "http-diff": HTTP_DIFF,
}


@dataclass(frozen=True, slots=True)
class Ooni:
    """What OONI expects: `blocking` (a kind, False: not blocked, None: cannot tell),
    `accessible`, and the flags of the kinds of blocking seen."""

    blocking: str | bool | None
    accessible: bool | None
    flags: int = 0


@dataclass(frozen=True, slots=True)
class Case:
    name: str  # OONI's, kept so that anyone can compare
    slug: str  # the service id here, and the host's first label in the lab
    url: str  # {port}: the world's port; {closed}: a port where nothing listens
    rebuilt: str  # how the lab rebuilds it
    ooni: Ooni
    ours: tuple[str, str | None]  # (status, technique) censorwatch gives
    why: str = ""  # where we differ on purpose

    def agrees(self) -> bool:
        """Does our verdict say what OONI's expected result says? A claim agrees with a
        claim of the same kind (by OONI's `blocking` or its flags); "no claim" agrees with
        "not blocked" when the site's accessibility matches (ok for accessible, anything
        but ok for not accessible), and with OONI's "cannot tell" whatever we say short of a
        claim."""
        status, technique = self.ours
        claim = status in CLAIMS
        blocking = self.ooni.blocking
        if blocking is False or blocking is None:
            if claim:
                return False
            if blocking is None or self.ooni.accessible is None:
                return True
            return (status == "ok") == self.ooni.accessible
        kinds = BLOCKING[str(blocking)] | self.ooni.flags
        allowed = set().union(*(techs for kind, techs in KINDS.items() if kinds & kind))
        return claim and technique in allowed


def _s(slug: str, scheme: str = "https", path: str = "/") -> str:
    return f"{scheme}://{w.name(slug)}:{{port}}{path}"


def _short(slug: str) -> str:
    return f"https://{w.SHORTENER}:{{port}}/{slug}"


OK, UNKNOWN = ("ok", None), ("unknown", None)
NOT_BLOCKED = Ooni(False, False)
WORKS = Ooni(False, True, 32)
ALONE = (
    "a refusal from one vantage point cannot be told from a server that is down "
    "(websiteDownTCPConnect is the same refusal, and OONI calls it not blocked); OONI tells "
    "them apart with its test helper connecting from elsewhere, which a monitor on one "
    "computer does not have: we say what we saw and claim nothing"
)
OWN_REDIRECT = (
    "the broken Location comes from the site itself{over}: OONI's simulated site sends it "
    "only to the probe's address (its test helper gets a good one), which is the site's "
    "choice, not a censor's; with one vantage point a site's own answer cannot be told from "
    "a censor's, so we say the redirect is broken and claim nothing"
)

CASES: tuple[Case, ...] = (
    Case(
        "badSSLWithUnknownAuthorityWithConsistentDNS",
        "badssl-untrusted",
        _s("badssl-untrusted"),
        "every resolver gives the badssl address, which presents a certificate for the name from an authority nobody trusts",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "badSSLWithExpiredCertificate",
        "badssl-expired",
        _s("badssl-expired"),
        "a certificate of the lab's trusted authority for the name, expired on 2020-02-01",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "badSSLWithWrongServerName",
        "badssl-wrong-host",
        _s("badssl-wrong-host"),
        "a certificate of the lab's trusted authority made for another name (wrong-host)",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "badSSLWithUnknownAuthorityWithInconsistentDNS",
        "badssl-untrusted-lie",
        _s("badssl-untrusted-lie"),
        "the resolver under test gives the badssl address (a certificate from an untrusted authority); the independent ones give the real site",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "cloudflareCAPTCHAWithHTTP",
        "captcha-http",
        _s("captcha-http", "http"),
        "the site answers HTTP 503 with a CAPTCHA page (OONI's test helper gets the real page)",
        Ooni("http-diff", False, HTTP_DIFF),
        ("ok", None),
        "OONI's own comment says its result is forced (ooni/probe#2661): a CAPTCHA is the "
        "site's answer, and the same page arrives over HTTPS, which nobody on the way can "
        "change; we say the site answers with an error page of its own",
    ),
    Case(
        "cloudflareCAPTCHAWithHTTPS",
        "captcha-https",
        _s("captcha-https"),
        "the same CAPTCHA page over HTTPS",
        WORKS,
        OK,
    ),
    Case(
        "controlFailureWithSuccessfulHTTPWebsite",
        "control-down-http",
        _s("control-down-http", "http"),
        "the independent resolvers fail for the name (DoH reset, UDP silent); the site works over HTTP",
        Ooni(None, None),
        OK,
    ),
    Case(
        "controlFailureWithSuccessfulHTTPSWebsite",
        "control-down-https",
        _s("control-down-https"),
        "the independent resolvers fail for the name; the site works over HTTPS",
        Ooni(False, True, 32),
        OK,
    ),
    Case(
        "dnsBlockingAndroidDNSCacheNoData",
        "android-nodata",
        _s("android-nodata"),
        "the resolver under test says the name does not exist (on Android getaddrinfo reports it as android_dns_cache_no_data, which no other system produces; the probes ask the resolver directly)",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "dnsBlockingBOGON",
        "bogon",
        _s("bogon"),
        "the resolver under test answers a private address outside the lab's internet (127.0.0.2; OONI's 10.10.34.35 would leave this machine)",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "dnsBlockingNXDOMAIN",
        "nxdomain",
        _s("nxdomain"),
        "the resolver under test says the name does not exist",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "dnsHijackingToLocalhostWithHTTP",
        "localhost-lie-http",
        _s("localhost-lie-http", "http"),
        "the resolver under test answers 127.0.0.1; the independent ones give the real site",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "dnsHijackingToLocalhostWithHTTPS",
        "localhost-lie-https",
        _s("localhost-lie-https"),
        "the same, over HTTPS",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "dnsHijackingToProxyWithHTTPURL",
        "proxy-http",
        _s("proxy-http", "http"),
        "the resolver under test gives the provider's transparent proxy, which serves the real page",
        WORKS,
        OK,
    ),
    Case(
        "dnsHijackingToProxyWithHTTPSURL",
        "proxy-https",
        _s("proxy-https"),
        "the same over HTTPS: the proxy passes the handshake through (a valid certificate)",
        WORKS,
        OK,
    ),
    Case(
        "ghostDNSBlockingWithHTTP",
        "ghost-http",
        _s("ghost-http", "http"),
        "the independent resolvers say the name does not exist; the resolver under test gives a blockpage server",
        Ooni("dns", False, HTTP_DIFF),
        ("blocked", "dns"),
    ),
    Case(
        "ghostDNSBlockingWithHTTPS",
        "ghost-https",
        _s("ghost-https"),
        "the same over HTTPS: the blockpage server speaks plain HTTP only, and closes a handshake (OONI's refuses the port)",
        Ooni("dns", False),
        ("blocked", "dns"),
    ),
    Case(
        "httpBlockingConnectionReset",
        "http-reset",
        _s("http-reset", "http"),
        "the censor resets a plain request whose Host names the site",
        Ooni("http-failure", False, HTTP),
        ("blocked", "http_failure"),
    ),
    Case(
        "httpDiffWithConsistentDNS",
        "http-diff",
        _s("http-diff", "http"),
        "the censor answers a plain request whose Host names the site with its own page",
        Ooni("http-diff", False, HTTP_DIFF),
        ("blocked", "http_blockpage"),
    ),
    Case(
        "httpDiffWithInconsistentDNS",
        "http-diff-lie",
        _s("http-diff-lie", "http"),
        "the resolver under test gives the transparent proxy, and the censor answers plain requests for the name with its own page at either address",
        Ooni("dns", False, DNS | HTTP_DIFF),
        ("blocked", "http_blockpage"),
    ),
    Case(
        "idnaWithoutCensorshipLowercase",
        "idna-lowercase",
        f"http://{w.IDN}:{{port}}/",
        "an international name (пример.рф): the plain page moves to HTTPS, as yandex's does",
        WORKS,
        OK,
    ),
    Case(
        "idnaWithoutCensorshipWithFirstLetterUppercase",
        "idna-uppercase",
        f"http://{w.IDN.capitalize()}:{{port}}/",
        "the same name written with a capital letter (Пример.рф)",
        WORKS,
        OK,
    ),
    Case(
        "largeFileWithHTTP",
        "largefile-http",
        _s("largefile-http", "http"),
        "a 32 MiB page over plain HTTP",
        WORKS,
        OK,
    ),
    Case(
        "largeFileWithHTTPS",
        "largefile-https",
        _s("largefile-https"),
        "a 32 MiB page over HTTPS",
        WORKS,
        OK,
    ),
    Case(
        "localhostWithHTTP",
        "localhost-http",
        _s("localhost-http", "http"),
        "every resolver answers 127.0.0.1: the site's DNS is misconfigured",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "localhostWithHTTPS",
        "localhost-https",
        _s("localhost-https"),
        "the same, over HTTPS",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "redirectWithBrokenLocationForHTTP",
        "broken-redirect-http",
        _s("broken-redirect-http", "http", "/broken-redirect-http"),
        "the site redirects to `http://`, a Location without a host",
        Ooni("http-failure", False, HTTP),
        UNKNOWN,
        OWN_REDIRECT.format(
            over=" (the same redirect comes over HTTPS, which nobody on the way can change)"
        ),
    ),
    Case(
        "redirectWithBrokenLocationForHTTPS",
        "broken-redirect-https",
        _s("broken-redirect-https", "https", "/broken-redirect-https"),
        "the site redirects to `https://`, over HTTPS",
        Ooni("http-failure", False, HTTP),
        UNKNOWN,
        OWN_REDIRECT.format(over=", over HTTPS, where nobody on the way can change it"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenConnectionRefusedForHTTP",
        "redir-refused-http",
        _short("redir-refused-http"),
        "a link shortener redirects to a plain-HTTP site whose address refuses connections",
        Ooni("http-failure", False, TCP_IP),
        UNKNOWN,
        ALONE,
    ),
    Case(
        "redirectWithConsistentDNSAndThenConnectionRefusedForHTTPS",
        "redir-refused-https",
        _short("redir-refused-https"),
        "the same to an HTTPS site",
        Ooni("http-failure", False, TCP_IP),
        UNKNOWN,
        ALONE,
    ),
    Case(
        "redirectWithConsistentDNSAndThenConnectionResetForHTTP",
        "redir-reset-http",
        _short("redir-reset-http"),
        "the shortener redirects to a plain-HTTP site; the censor resets requests whose Host names it",
        Ooni("http-failure", False, TLS | HTTP),
        ("blocked", "http_failure"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenConnectionResetForHTTPS",
        "redir-reset-https",
        _short("redir-reset-https"),
        "the shortener redirects to an HTTPS site; the censor resets ClientHellos that name it",
        Ooni("http-failure", False, TLS),
        ("blocked", "sni"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenNXDOMAIN",
        "redir-nxdomain",
        _short("redir-nxdomain"),
        "the shortener redirects to a site the resolver under test says does not exist",
        Ooni("dns", False, DNS),
        ("blocked", "dns"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenEOFForHTTP",
        "redir-eof-http",
        _short("redir-eof-http"),
        "the censor closes (FIN) plain requests whose Host names the target",
        Ooni("http-failure", False, TLS | HTTP),
        ("blocked", "http_failure"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenEOFForHTTPS",
        "redir-eof-https",
        _short("redir-eof-https"),
        "the censor closes (FIN) connections whose ClientHello names the target",
        Ooni("http-failure", False, TLS),
        ("blocked", "sni"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenTimeoutForHTTP",
        "redir-timeout-http",
        _short("redir-timeout-http"),
        "the censor drops plain requests whose Host names the target",
        Ooni("http-failure", False, TLS | HTTP),
        ("blocked", "http_failure"),
    ),
    Case(
        "redirectWithConsistentDNSAndThenTimeoutForHTTPS",
        "redir-timeout-https",
        _short("redir-timeout-https"),
        "the censor drops ClientHellos that name the target",
        Ooni("http-failure", False, TLS),
        ("blocked", "sni"),
    ),
    Case(
        "redirectWithMoreThanTenRedirectsAndHTTP",
        "redirects-http",
        _s("redirects-http", "http", "/redirect/15"),
        "fifteen redirects in a row, more than Go (and so OONI) follows",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "redirectWithMoreThanTenRedirectsAndHTTPS",
        "redirects-https",
        _s("redirects-https", "https", "/redirect/15"),
        "the same over HTTPS",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "successWithHTTP", "success-http", _s("success-http", "http"), "the site works", WORKS, OK
    ),
    Case("successWithHTTPS", "success-https", _s("success-https"), "the site works", WORKS, OK),
    Case(
        "tcpBlockingConnectTimeout",
        "tcp-timeout",
        _s("tcp-timeout"),
        "connections to the site's address time out (SYNs dropped)",
        Ooni("tcp_ip", False, TCP_IP),
        ("blocked", "tcp_timeout"),
    ),
    Case(
        "tcpBlockingConnectionRefusedWithInconsistentDNS",
        "refused-lie",
        _s("refused-lie", "http"),
        "the resolver under test gives an address that refuses connections; the independent ones give the real site",
        Ooni("dns", False, DNS | TCP_IP),
        ("blocked", "dns"),
    ),
    Case(
        "throttlingWithHTTP",
        "throttled-address",
        _s("throttled-address", "http"),
        "the site's address sends at 32 kbit/s whatever the name, while the link is fast (OONI: 300 ms and 10 % loss on the address; OONI runs this case in neither version, ooni/probe#2668)",
        Ooni("http-failure", False, HTTP),
        ("degraded", "throttling"),
    ),
    Case(
        "throttlingWithHTTPS",
        "throttled-sni",
        _s("throttled-sni"),
        "the site sends at 32 kbit/s when the ClientHello names it, at full speed under another name",
        Ooni("http-failure", False, HTTP),
        ("degraded", "throttling"),
    ),
    Case(
        "tlsBlockingConnectionResetWithConsistentDNS",
        "tls-reset",
        _s("tls-reset"),
        "the censor resets ClientHellos that name the site",
        Ooni("http-failure", False, TLS),
        ("blocked", "sni"),
    ),
    Case(
        "tlsBlockingConnectionResetWithInconsistentDNS",
        "tls-reset-lie",
        _s("tls-reset-lie"),
        "the resolver under test gives the transparent proxy, and the censor resets ClientHellos that name the site at either address",
        Ooni("dns", False, DNS | TLS),
        ("blocked", "sni"),
    ),
    Case(
        "websiteDownNXDOMAIN",
        "down-nxdomain",
        _s("down-nxdomain", "http"),
        "no resolver knows the name",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "websiteDownNoAddrs",
        "down-noaddr",
        _s("down-noaddr", "http"),
        "the name exists, without an address, for every resolver",
        NOT_BLOCKED,
        UNKNOWN,
    ),
    Case(
        "websiteDownTCPConnect",
        "down-port",
        f"http://{w.name('down-port')}:{{closed}}/",
        "the site's address refuses the port for everyone",
        NOT_BLOCKED,
        UNKNOWN,
    ),
)


def url_of(case: Case, ports: dict[str, int]) -> str:
    return case.url.format(port=ports["https"], closed=ports["stun"])


def config(ports: dict[str, int], ca_file: Path) -> str:
    out = "# censorwatch lab: OONI's Web Connectivity QA cases (docs/reference-suite.md).\n"
    out += configs._settings(ports, ca_file)
    for case in CASES:
        kind = "http" if url_of(case, ports).startswith("http:") else "https"
        probe = configs._p("web", kind, url=url_of(case, ports))
        out += configs._service(case.slug, case.name, [probe], group="reference")
    return out


def write_config(folder: Path, ports: dict[str, int], ca_file: Path) -> None:
    (folder / "reference.toml").write_text(config(ports, ca_file), encoding="utf-8")


def figures() -> tuple[int, int]:
    """(cases that agree with OONI, cases)."""
    return sum(c.agrees() for c in CASES), len(CASES)
