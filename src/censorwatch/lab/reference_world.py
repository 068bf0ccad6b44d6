"""The lab's rebuild of OONI's simulated internet (ooni/probe-cli `internal/netemx`) for the
Web Connectivity QA cases (lab/reference.py): its names, what each resolver answers for
them, and what its servers and its censor do, by address, by the Host of a plain request
and by the name in a ClientHello.

The world lives on 127.77.20.0/24 under `qa.cw.test`. Its web servers speak TLS and plain
HTTP on the same port (the first byte tells which), so that a plain page's twin over HTTPS
is at the same address and port, as on the internet at 80 and 443.
"""

from __future__ import annotations

from . import hosts

ZONE = f"qa.{hosts.DOMAIN}"
WEB = "127.77.20.1"  # the websites (OONI's www.example.com, bit.ly, httpbin.com, …)
BADSSL = "127.77.20.2"  # certificates that fail (OONI's badssl.com)
PROXY = "127.77.20.3"  # the provider's transparent proxy: serves what WEB serves
BLOCKPAGE = "127.77.20.4"  # a blockpage server speaking plain HTTP only
REFUSED = "127.77.20.5"  # nothing listens: every connection refused
SLOW = "127.77.20.6"  # a website throttled by address: slow for every name
LOOPBACK = "127.0.0.1"  # this computer itself
BOGON = "127.0.0.2"  # a private address outside the lab's internet (OONI: 10.10.34.35)
ADDRESSES = [WEB, BADSSL, PROXY, BLOCKPAGE, SLOW]  # listening on the lab's https port

# International names (OONI: яндекс.рф): the lab answers their IDNA form.
IDN = "пример.рф"
IDN_ASCII = "xn--e1afmkfd.xn--p1ai"
# A bank's site as a person types it (tests/test_choosing.py adds it in the window): served
# by the websites like the international name.
BANK = "online.sberbank.ru"
OWN_SITES = (IDN_ASCII, BANK)

NX, NOADDR, FAIL = "NXDOMAIN", "NOADDR", "FAIL"  # answers that are not addresses


def name(slug: str) -> str:
    return f"{slug}.{ZONE}"


SHORTENER = name("short")  # OONI's bit.ly: a redirect to each redirect case's target

# name -> (what the resolver under test answers, what the independent ones answer): a list
# of addresses, NX (no such name), NOADDR (the name exists without an address) or, for the
# independent resolvers, FAIL (their connection is reset, their datagrams unanswered).
DNS: dict[str, tuple[str | list[str], str | list[str]]] = {
    name("badssl-untrusted"): ([BADSSL], [BADSSL]),
    name("badssl-expired"): ([BADSSL], [BADSSL]),
    name("badssl-wrong-host"): ([BADSSL], [BADSSL]),
    name("badssl-untrusted-lie"): ([BADSSL], [WEB]),
    name("control-down-http"): ([WEB], FAIL),
    name("control-down-https"): ([WEB], FAIL),
    name("android-nodata"): (NX, [WEB]),
    name("bogon"): ([BOGON], [WEB]),
    name("nxdomain"): (NX, [WEB]),
    name("localhost-lie-http"): ([LOOPBACK], [WEB]),
    name("localhost-lie-https"): ([LOOPBACK], [WEB]),
    name("proxy-http"): ([PROXY], [WEB]),
    name("proxy-https"): ([PROXY], [WEB]),
    name("ghost-http"): ([BLOCKPAGE], NX),
    name("ghost-https"): ([BLOCKPAGE], NX),
    name("http-diff-lie"): ([PROXY], [WEB]),
    name("localhost-http"): ([LOOPBACK], [LOOPBACK]),
    name("localhost-https"): ([LOOPBACK], [LOOPBACK]),
    name("redir-refused-http"): ([REFUSED], [REFUSED]),
    name("redir-refused-https"): ([REFUSED], [REFUSED]),
    name("redir-nxdomain"): (NX, [WEB]),
    name("tcp-timeout"): ([hosts.TCP_TIMEOUT], [hosts.TCP_TIMEOUT]),
    name("refused-lie"): ([REFUSED], [WEB]),
    name("throttled-address"): ([SLOW], [SLOW]),
    name("tls-reset-lie"): ([PROXY], [WEB]),
    name("down-nxdomain"): (NX, NX),
    name("down-noaddr"): (NOADDR, NOADDR),
}

# The censor, by the name it reads: in a plain request's Host ("host") or a ClientHello
# ("sni"); it resets, closes (a FIN), holds (drops everything after), injects its own page,
# or slows the transfer down.
HOST_RESET = {name("http-reset"), name("redir-reset-http")}
HOST_CLOSE = {name("redir-eof-http")}
HOST_HOLD = {name("redir-timeout-http")}
HOST_INJECT = {name("http-diff"), name("http-diff-lie")}
SNI_RESET = {name("redir-reset-https"), name("tls-reset"), name("tls-reset-lie")}
SNI_CLOSE = {name("redir-eof-https")}
SNI_HOLD = {name("redir-timeout-https")}
SNI_SLOW = {name("throttled-sni")}

# What the websites serve, by name.
CAPTCHA = {name("captcha-http"), name("captcha-https")}
LARGE = {name("largefile-http"), name("largefile-https")}
LARGE_SIZE = 1 << 25  # 32 MiB, as OONI's largefile.com
PADDED = {name("throttled-sni"), name("throttled-address")}  # a 64 KB page
SLOW_BYTES_PER_SECOND = 4000  # the throttled address: 32 kbit/s for every name

# OONI's netemx pages: a default page (1533 bytes in theirs) and its blockpage (188 bytes).
DEFAULT_PAGE = (
    "<!doctype html>\n<html>\n<head>\n\t<title>Default Web Page</title>\n</head>\n<body>\n"
    "<div>\n\t<h1>Default Web Page</h1>\n\t<p>This is the default web page of the lab's "
    "rebuild of OONI's simulated internet. It is long enough that a blockpage of a few lines "
    "is shorter than seventy percent of it, as OONI's is, so that a page put in its place "
    "differs by length as well as by title.</p>\n"
    + "\t<p>"
    + "The quick brown fox jumps over the lazy dog. " * 24
    + "</p>\n"
    "</div>\n</body>\n</html>\n"
)
BLOCKPAGE_HTML = (
    "<!doctype html>\n<html>\n<head>\n\t<title>Access Denied</title>\n</head>\n<body>\n<div>\n"
    "\t<h1>Access Denied</h1>\n\t<p>This request cannot be served in your jurisdiction.</p>\n"
    "</div>\n</body>\n</html>\n"
)
CAPTCHA_HTML = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<h1>Checking your browser before accessing the site.</h1>"
    + "<p>This process is automatic. Your browser will redirect shortly.</p>" * 40
    + "</body></html>"
)


def answer(host: str, honest: bool) -> str | list[str] | None:
    """What a resolver of the lab answers for a name of this world; None for other names."""
    host = host.lower().rstrip(".")
    if host in OWN_SITES:
        return [WEB]
    if host != ZONE and not host.endswith("." + ZONE):
        return None
    test, control = DNS.get(host, ([WEB], [WEB]))
    return control if honest else test


def known(host: str) -> bool:
    """A name the websites serve (others get HTTP 400, as OONI's example server answers)."""
    host = host.lower()
    return host in OWN_SITES or host.endswith("." + ZONE)


# OONI's bit.ly links: path -> the redirect case's target ({port}: the lab's https port).
SHORT_LINKS = {
    f"/{slug}": f"{scheme}://{name(slug)}:{{port}}/"
    for slug, scheme in (
        ("redir-refused-http", "http"),
        ("redir-refused-https", "https"),
        ("redir-reset-http", "http"),
        ("redir-reset-https", "https"),
        ("redir-nxdomain", "https"),
        ("redir-eof-http", "http"),
        ("redir-eof-https", "https"),
        ("redir-timeout-http", "http"),
        ("redir-timeout-https", "https"),
    )
}
