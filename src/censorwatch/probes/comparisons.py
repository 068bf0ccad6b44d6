"""The comparisons a probe makes before it is judged, so that a claim of censorship has
something behind it:

- the same request again on the same address naming the decoy: did the name trigger the
  failure, or does the server fail whatever it is asked?
- when the resolver under test and the independent ones disagree, the same request (or
  connect, or handshake) to the address an independent resolver gave: does the resolver's
  answer make the difference?
- for a page that arrived over plain HTTP, the same page over HTTPS from the same address
  (which nobody on the way can alter), and, when the two differ, the plain request naming
  the decoy: a page put in the site's place on the way is specific to the name, a server's
  own default page is not.

Each comparison's steps are kept in the probe's own record, marked (`decoy`, `via`), and
judged by diagnosis."""

from __future__ import annotations

import urllib.parse

from . import failures, http, transport, urls
from .dns import is_ip
from .network import Network
from .pages import alike
from .records import VIA_CONTROL, VIA_HTTPS, HttpExchange, ProbeRecord

# Failures of the page itself, not of the path to it: no comparison tells more.
_OWN = {
    failures.HTTP_INVALID_REDIRECT_LOCATION,
    failures.HTTP_INVALID_REDIRECT_LOCATION_HOST,
    failures.TOO_MANY_REDIRECTS,
}


def differing_answer(record: ProbeRecord, host: str) -> list[str]:
    """The independent resolvers' addresses for `host` when the resolver under test gave
    addresses that share none with them; [] when they agree (or either gave nothing)."""
    if is_ip(host):
        return []
    test = {a for q in record.dns if q.role == "test" and q.hostname == host for a in q.addresses}
    control = [
        a for q in record.dns if q.role == "control" and q.hostname == host for a in q.addresses
    ]
    if not test or not control or test & set(control):
        return []
    return control


async def after_page(
    record: ProbeRecord, network: Network, url: str, address: str | None, trust: str
) -> None:
    """The comparisons for a page probe whose last request was `url` from `address`."""
    if address is None:
        return  # the resolver under test gave nothing: its own comparison is the controls'
    scheme, host, port, _path = urls.split_url(url)
    step, failure = record.failed_step, record.failure
    failed = step in ("tcp", "tls", "http", "body")
    plain_page = failure is None and scheme == "http"
    others = differing_answer(record, host)
    if others and others[0] != address and (failed or plain_page):
        # An https page that loaded proved its address with a valid certificate.
        await _attempt(record, network, url, others[0], trust, via=VIA_CONTROL)
    cut = step == "http" or (step == "body" and not _stalled(record))
    if cut and failure not in _OWN:
        await _decoy(record, network, url, address)
    if plain_page and not is_ip(host):
        await _https_twin(record, network, url, address, port, trust)


async def _https_twin(
    record: ProbeRecord, network: Network, url: str, address: str, port: int, trust: str
) -> None:
    """The plain page's twin over HTTPS (port 443 for port 80, else the same port), and,
    when they differ, the plain request naming the decoy."""
    plain = next((h for h in reversed(record.http) if h.main and h.status is not None), None)
    if plain is None or plain.status in urls.REDIRECTS:
        return
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc if port != 80 else parts.netloc.rsplit(":", 1)[0]
    secure_url = urllib.parse.urlunsplit(("https", netloc, parts.path, parts.query, ""))
    await _attempt(record, network, secure_url, address, trust, via=VIA_HTTPS)
    secure = record.http[-1]
    if secure.status is None or secure.failure is not None or alike(plain, secure):
        return
    await _decoy(record, network, url, address)


async def _decoy(record: ProbeRecord, network: Network, url: str, address: str) -> None:
    """The same request on the same address naming the decoy where a censor reads the name:
    in the ClientHello over HTTPS (the request, encrypted, still asks for the same page), in
    the Host header over plain HTTP. A server that refuses the decoy with an alert of its
    own (nginx's ssl_reject_handshake) is asked under another name its certificate covers."""
    decoy = network.settings.decoy_sni
    if not decoy:
        return
    if urllib.parse.urlsplit(url).scheme != "https":
        await _attempt(record, network, _renamed(url, decoy), address, "handshake", decoy=True)
        return
    await _attempt(record, network, url, address, "handshake", sni=decoy, decoy=True)
    refused = record.tls and record.tls[-1].decoy and record.tls[-1].alert is not None
    sibling = other_name(record, urllib.parse.urlsplit(url).hostname or "")
    if refused and sibling:
        await _attempt(record, network, url, address, "handshake", sni=sibling, decoy=True)


def other_name(record: ProbeRecord, name: str) -> str | None:
    """A name the server's own certificate covers other than `name` (for a wildcard, its
    `www.`): a name the server serves, which a censor keyed on `name` lets through."""
    main = next((t for t in reversed(record.tls) if t.main and t.certificate), None)
    if main is None or main.certificate is None:
        return None
    name = name.lower()
    for candidate in main.certificate.names:
        candidate = candidate.lower()
        if candidate.startswith("*."):
            candidate = "www." + candidate[2:]
        if candidate != name and "*" not in candidate and not is_ip(candidate):
            return candidate
    return None


def _stalled(record: ProbeRecord) -> bool:
    main = [h for h in record.http if h.main]
    return bool(main) and main[-1].stalled


def _renamed(url: str, name: str) -> str:
    """`url` with another host name (the decoy), port and path kept."""
    parts = urllib.parse.urlsplit(url)
    netloc = f"{name}:{parts.port}" if parts.port else name
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


async def _attempt(
    record: ProbeRecord,
    network: Network,
    url: str,
    address: str,
    trust: str,
    *,
    sni: str | None = None,
    decoy: bool = False,
    via: str = "",
) -> None:
    """One request of `url` to `address` (its handshake naming `sni`, else the URL's host)
    on a scratch record, then kept in `record`."""
    scratch = ProbeRecord(record.capability, record.kind, url)
    await http.fetch(
        scratch,
        network,
        url,
        address=address,
        sni=sni,
        trust=trust,
        single=True,
        compare=False,
    )
    for t in scratch.tcp:
        t.via = via
        record.tcp.append(t)
    for hs in scratch.tls:
        hs.via, hs.decoy = via, decoy
        record.tls.append(hs)
    for h in scratch.http:
        h.via, h.decoy = via, decoy
        record.http.append(h)
    if not scratch.http:
        # It never got as far as a request: its failure, kept where the verdict reads it.
        record.http.append(
            HttpExchange(
                url=url,
                address=address,
                failure=scratch.failure,
                failed_step=scratch.failed_step,
                decoy=decoy,
                via=via,
            )
        )
    record.count(*scratch.wire_bytes)


async def after_connect(
    record: ProbeRecord,
    network: Network,
    host: str,
    port: int,
    sni: str | None = None,
    trust: str = "system",
) -> None:
    """For a tcp or tls probe that failed while the resolvers disagreed: the same connect
    (and handshake, naming `sni`) to the address an independent resolver gave."""
    if record.failed_step not in ("tcp", "tls"):
        return
    others = differing_answer(record, host)
    if not others:
        return
    step, stream = await transport.connect(others[0], port, network.timeout, record=record)
    step.via = VIA_CONTROL
    record.tcp.append(step)
    if stream is None or sni is None:
        if stream is not None:
            stream.close()
        return
    try:
        scratch = ProbeRecord(record.capability, record.kind, record.target)
        await transport.tls(scratch, network, stream, others[0], port, sni, trust, decoy=False)
        for hs in scratch.tls:
            hs.via = VIA_CONTROL
            record.tls.append(hs)
    finally:
        stream.close()
