"""Verdicts: the status and technique of one probe, from the step that failed and the
comparison that says why (controls, the decoy name on the same address, fingerprints, the
page over HTTPS); the judge of each step is steps.py's, a capability's verdict from its
probes is capability.py's. Pure functions, no I/O."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

from ..probes.names import unicode_name
from ..probes.pages import alike, title
from ..probes.records import VIA_CONTROL, VIA_HTTPS, HttpExchange, ProbeRecord
from . import techniques
from .answers import Answers, Network, answers_of, control_worked, is_loopback
from .certificates import CERT_FAILURES, main_handshake
from .evidence import evidence_lines, kb
from .facts import AGAIN, NEW, Facts, Verdict
from .fingerprints import Fingerprint, Fingerprints
from .quality import Quality
from .speed import by_address, speed_verdict
from .steps import JUDGES
from .wording import translate


def _blockpage(record: ProbeRecord, fingerprints: Fingerprints) -> Fingerprint | None:
    for h in record.http:
        if h.status is None or not h.main:
            continue
        fp = fingerprints.match_http(h.headers, h.body)
        if fp:
            return fp
    return None


def probe_verdict(
    record: ProbeRecord,
    fingerprints: Fingerprints | None = None,
    quality: Quality | None = None,
    earlier: list[ProbeRecord] | None = None,
    *,
    lab: tuple[Network, ...] = (),
    interceptors: frozenset[str] = frozenset(),
    resolver_down: bool = False,
) -> Verdict:
    """Status and technique of one probe, with the reason in words. `quality` is the round's
    (a failure that loss explains is "cannot tell"); `earlier` the attempts before; `lab` the
    networks a lab uses as its internet; `interceptors` the untrusted authorities that sign
    for several services of the round (certificates.untrusted_issuers); `resolver_down`: the
    resolver under test answered no name in the round (answers.resolver_answers)."""
    fingerprints = fingerprints or Fingerprints()
    quality = quality or Quality()
    evidence = evidence_lines(record)
    answers = answers_of(record, lab)
    name = answers.name

    def v(status: str, technique: str | None, text: str) -> Verdict:
        return Verdict(status, technique, text, evidence)

    if record.internal_error:
        return v(
            "unknown",
            None,
            translate(
                "Verdict",
                "cannot tell: censorwatch could not run this check (a fault in censorwatch itself, written to its log), so it says nothing about the network",
            ),
        )

    # DNS answers that are known blockpage addresses decide on their own.
    first_test = next((q for q in record.dns if q.role == "test"), None)
    if first_test:
        fp = fingerprints.match_dns(first_test.addresses)
        if fp:
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your resolver answers {name} with a known blocking address ({address})",
                ).format(name=name, address=fp.pattern),
            )

    fp = _blockpage(record, fingerprints)
    if fp:
        if answers.consistency == "inconsistent" or answers.ghost:
            return v(
                "blocked",
                "dns",
                translate(
                    "Verdict",
                    "your resolver sends {name} to another address ({address}) that serves a blockpage, while an independent resolver gives the real one",
                ).format(name=name, address=", ".join(record.addresses[:2])),
            )
        return v(
            "blocked",
            "http_blockpage",
            translate(
                "Verdict",
                "the network answers with a blockpage instead of the site ({fingerprint})",
            ).format(fingerprint=fp.name),
        )

    failure, step = record.failure, record.failed_step
    if answers.ghost and step != "dns":
        # The independent resolvers say the name does not exist; yours gives an address.
        return v(
            "blocked",
            "dns",
            translate(
                "Verdict",
                "your resolver gives {name} an address ({address}) although the independent resolvers say the name does not exist",
            ).format(name=name, address=", ".join(answers.test[:2])),
        )
    if failure is None:
        if record.kind in techniques.KINDS:
            return v("ok", None, techniques.worked(record))
        return _worked(record, answers, v)

    if step != "dns" and answers.local:
        return v("unknown", None, _misconfigured(answers))

    if step != "dns" and answers.consistency == "inconsistent":
        lied = answers.lied_to(lab)
        worked_there = control_worked(record)
        if failure in CERT_FAILURES or lied or worked_there:
            where = ", ".join((lied or answers.test)[:2])
            if worked_there:
                text = translate(
                    "Verdict",
                    "your resolver gives {name} an address ({address}) where it fails ({failure}), while the address an independent resolver gives ({other}) works",
                ).format(name=name, address=where, failure=failure, other=answers.control[0])
            else:
                text = translate(
                    "Verdict",
                    "your resolver gives {name} a different address ({address}) that is not the service's, while an independent resolver gives the real one",
                ).format(name=name, address=where)
            return v("blocked", "dns", text)

    judge = JUDGES.get(step or "")
    if record.kind in techniques.KINDS and step != "dns":
        judge = techniques.judge
    if judge is None:
        return v("unknown", None, failure)
    where = failing_name(record, step or "", name)
    facts = Facts(record, failure, where, evidence, quality, list(earlier or []), answers)
    facts.interceptors, facts.resolver_down = interceptors, resolver_down
    return judge(facts)


def failing_name(record: ProbeRecord, step: str, default: str) -> str:
    """The name of the request that failed: a redirect's target, not the first name."""
    if step == "dns":
        failed = [q for q in record.dns if q.role == "test" and q.failure]
        return failed[-1].hostname if failed else default
    if step == "tls":
        main = main_handshake(record)
        return main.sni if main else default
    if step in ("http", "body"):
        last = next((h for h in reversed(record.http) if h.main), None)
        host = urllib.parse.urlsplit(last.url).hostname if last else None
        return unicode_name(host) if host else default
    return default


def _worked(
    record: ProbeRecord, answers: Answers, v: Callable[[str, str | None, str], Verdict]
) -> Verdict:
    """A probe that got through: a speed verdict, or "works" — unless its page came from an
    address only the resolver under test gives and differs from the independent one's, or
    came over plain HTTP and is not the page the same address serves over HTTPS."""
    if record.transfer:
        verdict = v(*speed_verdict(record.transfer))
        if by_address(record.transfer):
            verdict.confirm = NEW if record.transfer.measured_at is None else AGAIN
        return verdict
    main = [h for h in record.http if h.main and h.status is not None]
    there = _answers(record, VIA_CONTROL)
    if main and there and answers.consistency == "inconsistent" and not alike(main[0], there[0]):
        return v(
            "blocked",
            "dns",
            translate(
                "Verdict",
                "your resolver sends {name} to {address}, which serves another page (HTTP {status}) than the address an independent resolver gives ({other}: HTTP {other_status})",
            ).format(
                name=answers.name,
                address=main[0].address,
                status=main[0].status,
                other=there[0].address,
                other_status=there[0].status,
            ),
        )
    last = main[-1] if main else None
    replaced = _replaced_on_the_way(record, last)
    if replaced:
        return v("blocked", "http_blockpage", replaced)
    if main and there and answers.consistency == "inconsistent":
        return v(
            "ok",
            None,
            translate(
                "Verdict",
                "works (your resolver gives another address, {address}, which serves the same page as the one an independent resolver gives)",
            ).format(address=main[0].address),
        )
    if last is not None and last.status is not None and last.status >= 400:
        return v(
            "ok",
            None,
            translate(
                "Verdict",
                "the site answers, with an error page of its own (HTTP {status}); not a block as far as anything shows",
            ).format(status=last.status),
        )
    return v("ok", None, translate("Verdict", "works"))


def _answers(record: ProbeRecord, via: str) -> list[HttpExchange]:
    return [
        h
        for h in record.http
        if h.via == via and not h.decoy and h.status is not None and h.failure is None
    ]


def _replaced_on_the_way(record: ProbeRecord, plain: HttpExchange | None) -> str:
    """Why the plain-HTTP page is not the site's, or "": the same address serves another
    page over HTTPS (nobody on the way can change that one), and the plain request naming
    another name gets yet another (so the plain page is not the server's page for any name:
    something on the way put it there for this name)."""
    secure = _answers(record, VIA_HTTPS)
    other = [h for h in record.http if h.decoy and not h.via and h.status is not None]
    if plain is None or not secure or not other or alike(plain, secure[0]):
        return ""
    if alike(plain, other[0]):
        return ""  # the server's own page for any name over plain HTTP (a default site)
    shown = title(plain.body) or f"{kb(plain.body_bytes)} KB"
    return translate(
        "Verdict",
        "the page arriving over plain HTTP ({page}, HTTP {status}) is not the site's: the same address serves another over HTTPS, which nobody on the way can change (HTTP {secure_status}), and the same request naming another name gets yet another; something on the way puts it in the site's place",
    ).format(page=shown[:80], status=plain.status, secure_status=secure[0].status)


def _misconfigured(answers: Answers) -> str:
    address = ", ".join(answers.test[:2])
    if all(is_loopback(a) for a in answers.test):
        return translate(
            "Verdict",
            "cannot tell: every resolver points {name} at this computer itself ({address}): the site's DNS is misconfigured; not a block",
        ).format(name=answers.name, address=address)
    return translate(
        "Verdict",
        "cannot tell: every resolver points {name} at a private address ({address}): a name of a local network, or a misconfigured site; not a block",
    ).format(name=answers.name, address=address)
