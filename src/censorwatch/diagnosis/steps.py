"""The judge of each failed step (dns, tcp, tls, http, body, udp): what the step's failure
means, given the comparisons the probe made (the decoy name, the independent resolvers,
the round's loss). A claim only where a comparison supports it; otherwise what was seen,
claimed as nothing."""

from __future__ import annotations

from collections.abc import Callable

from ..probes import failures as f
from ..probes.records import HttpExchange, TlsHandshake
from .answers import dns_failure_reason
from .certificates import CERT_FAILURES, certificate_verdict, main_handshake
from .evidence import kb
from .facts import NEW, Facts, Verdict
from .quality import flights_of, syns_within
from .speed import PAGE_RATIO, page_kbps
from .wording import translate

# The page's own faults: what the site sent, no comparison can make them a block.
REDIRECT_FAILURES = {
    f.HTTP_INVALID_REDIRECT_LOCATION,
    f.HTTP_INVALID_REDIRECT_LOCATION_HOST,
    f.TOO_MANY_REDIRECTS,
}


def _dns(x: Facts) -> Verdict:
    if x.resolver_down:
        # An outage of the resolver itself, not of this name: the network's own finding.
        return x.verdict("offline", None, resolver_down_words())
    controls = [q for q in x.record.dns if q.role == "control" and q.hostname == x.name]
    if any(q.addresses for q in controls):
        if x.failure == f.TIMEOUT:
            # Silence: tampering only when the resolver answers other names in this round
            # and loss alone would not have swallowed every query and answer for this one.
            lost = sum(q.lost for r in x.all_records() for q in r.dns if q.role == "test")
            return x.silence(
                "dns",
                translate(
                    "Verdict",
                    "your DNS resolver answers nothing for {name} (after {n} tries) while it answers other names, and an independent resolver gives its address",
                ).format(name=x.name, n=lost),
                x.quality.exchange_loss,
                lost,
            )
        return x.verdict(
            "blocked",
            "dns",
            translate(
                "Verdict",
                "your DNS resolver answers {what} for {name}, while an independent resolver gives its address",
            ).format(what=dns_failure_reason(x.failure), name=x.name),
        )
    if x.answers.control_negative:
        # The independent resolvers agree there is nothing to reach: the site is gone, or
        # the name is mistyped (OONI's websiteDownNXDOMAIN, websiteDownNoAddrs).
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: {name} has no address for any resolver, yours or the independent ones: the site is gone or the name is mistyped; not a block",
            ).format(name=x.name),
        )
    return x.verdict(
        "offline",
        None,
        translate("Verdict", "no resolver could find {name}, not even the independent ones").format(
            name=x.name
        ),
    )


def resolver_down_words() -> str:
    return translate(
        "Verdict",
        "your DNS resolver is not answering any name right now (silence, or a refusal for everything), so nothing that needs it can be judged; sites may still work through other resolvers",
    )


def _tcp(x: Facts) -> Verdict:
    failed = [t for t in x.record.tcp if not t.via and t.failure]
    addresses = list(dict.fromkeys(t.address for t in failed))
    address = ", ".join(addresses[:3]) or x.record.target
    actions = {f.peer_action(t.failure) for t in failed} or {f.peer_action(x.failure)}
    if actions == {f.SILENT}:
        # Every address dropped: the kernel sent its SYN again and again, to each address,
        # in each attempt.
        syns = syns_within(x.quality.step_timeout) * sum(
            max(1, sum(1 for t in r.tcp if t.failure == f.TIMEOUT and not t.via))
            for r in x.all_records()
        )
        return x.silence(
            "tcp_timeout",
            translate(
                "Verdict",
                "connections to {address} time out: the address is dropped (the other connections of this round show too little loss to explain it)",
            ).format(address=address),
            x.quality.exchange_loss,
            syns,
        )
    if actions <= {f.REFUSED, f.RESET}:
        # A refusal from here cannot be told from a server that is down (OONI tells them
        # apart from another vantage point): said, not claimed.
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: connections to {address} are refused; the site's server may not be accepting them, or something on the way refuses for it, and nothing in this round tells which",
            ).format(address=address),
        )
    if len(actions) > 1:
        # A block of an address is claimed only when every address fails the same way.
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: the addresses of {name} fail in different ways ({failures}), and none connects",
            ).format(name=x.name, failures=", ".join(sorted({t.failure or "" for t in failed}))),
        )
    return x.verdict(
        "offline",
        None,
        translate("Verdict", "the network cannot reach {address} ({failure})").format(
            address=address, failure=x.failure
        ),
    )


def _answered(t: TlsHandshake) -> bool:
    """A handshake the server answered: completed, or refused with an alert of its own (not
    garbage: that is no TLS server)."""
    return f.peer_action(t.failure, t.alert) == f.ANSWERED and (t.failure is None or bool(t.alert))


def _tls(x: Facts) -> Verdict:
    main = main_handshake(x.record)
    if x.failure in CERT_FAILURES:
        status, technique, text = certificate_verdict(x.record, x.failure, x.name, x.interceptors)
        return x.verdict(status, technique, text)
    sni = main.sni if main else x.name
    address = main.address if main else x.record.target
    action = f.peer_action(x.failure, main.alert if main else None)
    if main is not None and main.alert is not None:
        # The server itself refused the name (nginx's ssl_reject_handshake, say).
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: the server at {address} refuses the secure connection for {sni} with an alert of its own ({alert}); a setting of the site, not a block",
            ).format(address=address, sni=sni, alert=main.alert),
        )
    tries = flights_of(x.all_records(), x.quality.step_timeout)
    # The decoys of this try and of earlier ones (a retry on a lossy link may lose one).
    decoys = [t for r in x.all_records() for t in r.tls if t.decoy and not t.via]
    if any(_answered(t) for t in decoys):
        how = {
            f.SILENT: translate("Verdict", "silently dropped"),
            f.CLOSED: translate("Verdict", "closed"),
        }.get(action, translate("Verdict", "reset"))
        text = translate(
            "Verdict",
            "the secure connection is {how} when it names {sni}, yet the server answers another name on the same address: filtering by name (SNI)",
        ).format(how=how, sni=sni)
        if action == f.SILENT:
            return x.silence("sni", text, x.quality.exchange_loss, tries)
        return x.verdict("blocked", "sni", text)
    # An earlier try that was cut outweighs a retry that only went silent: a reset is an
    # answer (something acted on the ClientHello); silence may be loss or a congested path.
    cut_before = any(
        t.main and f.peer_action(t.failure, t.alert) == f.RESET for r in x.earlier for t in r.tls
    )
    if action == f.SILENT and not cut_before:
        return x.silence(
            "tls_timeout",
            translate(
                "Verdict", "the secure handshake with {address} stalls, whatever name is asked"
            ).format(address=address),
            x.quality.exchange_loss,
            tries,
        )
    if action not in (f.RESET, f.SILENT):
        # The server closes (or answers with something that is not TLS) whatever the name:
        # a server that does not speak TLS here, as far as anything shows.
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: the server at {address} ends every secure handshake, whatever name is asked ({failure}); it may not serve secure connections here",
            ).format(address=address, failure=x.failure),
        )
    text = translate(
        "Verdict", "the secure handshake with {address} is cut, whatever name is asked"
    ).format(address=address)
    if decoys and all(f.peer_action(t.failure, t.alert) == f.SILENT for t in decoys):
        # Cut with the real name, no answer at all with another: the comparison says
        # nothing unless loss cannot explain that silence.
        return x.silence("tls_reset", text, x.quality.exchange_loss, tries)
    return x.verdict("blocked", "tls_reset", text)


def _decoy_pages(x: Facts) -> list[HttpExchange]:
    return [h for h in x.record.http if h.decoy]


def _how_cut(failure: str) -> str:
    return {
        f.TIMEOUT: translate("Verdict", "gets no answer"),
        f.EOF: translate("Verdict", "is closed before any answer"),
    }.get(failure, translate("Verdict", "is cut before any answer"))


def _http(x: Facts) -> Verdict:
    if x.failure in REDIRECT_FAILURES:
        return x.verdict("unknown", None, _redirect_problem(x))
    decoys = _decoy_pages(x)
    address = next((h.address for h in x.record.http if h.main), None) or x.record.target
    if any(h.status is not None for h in decoys):
        text = translate(
            "Verdict",
            "the request for {name} {how}, while the same request naming another name on the same address gets an answer",
        ).format(name=x.name, how=_how_cut(x.failure))
        if x.failure == f.TIMEOUT:
            tries = flights_of(x.all_records(), x.quality.step_timeout)
            return x.silence("http_failure", text, x.quality.exchange_loss, tries)
        return x.verdict("blocked", "http_failure", text)
    if decoys:
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: the server at {address} leaves every request unanswered, whatever name it names ({failure}); the site's own fault, or everything at this address is blocked, and nothing in this round tells which",
            ).format(address=address, failure=x.failure),
        )
    return x.verdict(
        "unknown",
        None,
        translate(
            "Verdict",
            "cannot tell: the request gets no answer ({failure}), and nothing in this round was compared with it",
        ).format(failure=x.failure),
    )


def _redirect_problem(x: Facts) -> str:
    last = next((h for h in reversed(x.record.http) if h.main), None)
    location = (last.location if last else None) or ""
    if x.failure == f.TOO_MANY_REDIRECTS:
        return translate(
            "Verdict",
            "cannot tell: the site sends the browser on through more redirects than a browser follows (a loop or a misconfigured site); not a block",
        )
    if x.failure == f.HTTP_INVALID_REDIRECT_LOCATION_HOST:
        return translate(
            "Verdict",
            "cannot tell: the site redirects to an address without a host name ({location}): a broken link of the site itself; not a block",
        ).format(location=location[:100])
    return translate(
        "Verdict",
        "cannot tell: the site redirects to an address a browser cannot open ({location}); not a block",
    ).format(location=location[:100])


def _body(x: Facts) -> Verdict:
    main = [h for h in x.record.http if h.main]
    h = main[-1] if main else None
    if h is not None and h.stalled and x.record.kind == "freeze":
        return x.silence(
            "stall",
            translate(
                "Verdict",
                "the connection froze after {kb} KB (request {n} of a series on one connection): bytes stopped arriving without a reset, as transfers from foreign hosting freeze",
            ).format(kb=kb(sum(e.body_bytes for e in main)), n=len(main)),
            x.quality.exchange_loss,
            flights_of(x.all_records(), x.quality.step_timeout),
        )
    if h is not None and h.stalled:
        return x.silence(
            "stall",
            translate(
                "Verdict", "the transfer froze after {kb} KB: bytes stopped arriving mid-way"
            ).format(kb=kb(h.body_bytes)),
            x.quality.exchange_loss,
            flights_of(x.all_records(), x.quality.step_timeout),
        )
    decoy = next((d for d in _decoy_pages(x) if d.failure is None and d.body_complete), None)
    if x.failure == f.TIMEOUT:
        if decoy is not None and h is not None:
            # The same page under another name, from the same address, arrived in time.
            return x.verdict(
                "degraded",
                "throttling",
                translate(
                    "Verdict",
                    "the page crawls when it names {name} ({kb} KB in {s} s, unfinished), while the same request naming another name on the same address is answered in {t} s: throttling by name",
                ).format(
                    name=x.name,
                    kb=kb(h.body_bytes),
                    s=f"{(h.body_ms or 0) / 1000:.1f}",
                    t=f"{((decoy.time_ms or 0) + (decoy.body_ms or 0)) / 1000:.1f}",
                ),
            )
        return _slow_everywhere(x, h)
    if decoy is not None:
        return x.verdict(
            "blocked",
            "http_failure",
            translate(
                "Verdict",
                "the transfer of {name} is cut mid-way, while the same request naming another name on the same address arrives whole",
            ).format(name=x.name),
        )
    return x.verdict(
        "unknown",
        None,
        translate(
            "Verdict",
            "cannot tell: the transfer was cut mid-way ({failure}), and the same address cuts it whatever name is asked, or nothing was compared with it",
        ).format(failure=x.failure),
    )


def _slow_everywhere(x: Facts, h: HttpExchange | None) -> Verdict:
    """A page too slow to finish in time under its name and another alike: slowed down at
    the address when the link's reference download is fast (claimed over consecutive rounds:
    a busy server is slow for a while too), the link's own slowness when the reference is
    slow, and without a reference, nothing to compare."""
    reference = x.quality.reference_kbps
    kbps = page_kbps(h) if h is not None else None
    if reference and kbps is not None and not x.quality.slow and kbps < PAGE_RATIO * reference:
        verdict = x.verdict(
            "degraded",
            "throttling",
            translate(
                "Verdict",
                "slowed down at this address, whatever the name: the page of {name} arrives at {kbps} kbit/s under its name and another alike, while your connection downloads at {base} kbit/s",
            ).format(name=x.name, kbps=f"{kbps:.0f}", base=f"{reference:.0f}"),
        )
        verdict.confirm = NEW
        return verdict
    if x.quality.slow and reference:
        return x.verdict(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: your connection is slow right now ({kbps} kbit/s), and the page did not finish in time",
            ).format(kbps=f"{reference:.0f}"),
        )
    # Slow, not stopped: without a comparison, a slow link cannot be told from a throttled
    # one.
    return x.verdict(
        "unknown",
        None,
        translate(
            "Verdict",
            "cannot tell: the page loads too slowly to finish in time, and nothing on this link was compared with it",
        ),
    )


def _udp(x: Facts) -> Verdict:
    if x.failure == f.TIMEOUT:
        requests = sum(r.stun.requests_sent for r in x.all_records() if r.stun)
        return x.silence(
            "udp",
            translate("Verdict", "call servers did not answer over UDP"),
            x.quality.exchange_loss,
            requests,
        )
    if x.failure.startswith("unknown_failure"):
        text = translate(
            "Verdict", "call servers answered over UDP with something that is not STUN"
        )
    else:
        text = translate("Verdict", "calls cannot reach their servers over UDP")
    return x.verdict("blocked", "udp", text)


# The judge of each failed step (records.STEPS).
JUDGES: dict[str, Callable[[Facts], Verdict]] = {
    "dns": _dns,
    "tcp": _tcp,
    "tls": _tls,
    "http": _http,
    "body": _body,
    "udp": _udp,
}
