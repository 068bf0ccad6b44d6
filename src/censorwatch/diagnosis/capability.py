"""A capability's verdict from its probes (the worst, or "not measured" where the catalog
says so), with probes that stand for one endpoint reached many
ways (`any_of`: it works when any one answers, OONI's rule for Telegram's data centres and
WhatsApp's endpoints), and controls (a non-Meta STUN server on the same port beside Meta's:
call servers that stay silent prove a restriction only when the control answers, and a
restriction of calls only while messages work)."""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import WORKING
from .facts import _RANK, Verdict
from .wording import catalog_text, translate


def not_measured(reason: str) -> Verdict:
    """A capability the program cannot truly measure: said so, never called blocked."""
    return Verdict(
        "unknown",
        None,
        translate("Verdict", "not measured: {reason}").format(reason=catalog_text(reason)),
    )


def capability_verdict(verdicts: list[Verdict]) -> Verdict:
    """A capability takes its worst probe."""
    if not verdicts:
        return Verdict("offline", None, translate("Verdict", "nothing checked"))
    return max(verdicts, key=lambda v: _RANK[v.status])


@dataclass(slots=True)
class Judged:
    """One probe's verdict, with what it stands for in its capability."""

    verdict: Verdict
    any_of: str = ""  # the group it belongs to ("" alone)
    role: str = ""  # "control", or "" for a probe of the capability


def any_of_verdict(verdicts: list[Verdict]) -> Verdict:
    """One endpoint reached many ways: it works when any one answered; when none did, a
    conclusive block of one member, else the mildest failure ("cannot tell" stays that)."""
    tried = len(verdicts)
    working = [v for v in verdicts if v.status in WORKING]
    if working:
        best = min(working, key=lambda v: _RANK[v.status])
        failed = tried - len(working)
        if not failed:
            return best
        text = translate(
            "Verdict", "{explanation} ({failed} of the {tried} endpoints tried did not answer)"
        ).format(explanation=best.explanation, failed=failed, tried=tried)
        return Verdict(best.status, best.technique, text, best.evidence)
    # None answered. A member whose failure is conclusive (a block its own comparison
    # supports) speaks for the group: the others' silence, which loss could explain one by
    # one, does not make a working path appear. Without one, the mildest failure stands.
    said = next((v for v in verdicts if v.status == "blocked"), None)
    if said is None:
        said = min(verdicts, key=lambda v: _RANK[v.status])
    if tried == 1:
        return said
    text = translate("Verdict", "none of the {tried} endpoints answered: {explanation}").format(
        tried=tried, explanation=said.explanation
    )
    return Verdict(said.status, said.technique, text, said.evidence)


def measured_verdict(judged: list[Judged]) -> Verdict:
    """The capability before its controls: its probes alone and its groups, worst first."""
    alone: list[Verdict] = []
    groups: dict[str, list[Verdict]] = {}
    for j in judged:
        if j.role:
            continue
        if j.any_of:
            groups.setdefault(j.any_of, []).append(j.verdict)
        else:
            alone.append(j.verdict)
    return capability_verdict(alone + [any_of_verdict(vs) for vs in groups.values()])


def with_controls(
    verdict: Verdict, controls: list[Verdict], messages_work: bool | None
) -> tuple[Verdict, bool]:
    """The capability's verdict compared with its controls, and whether this round shows the
    pattern of a restriction (the service's servers silent over UDP, the control answering).
    Without controls, or when the failure is not UDP silence, the verdict stands."""
    if not controls or verdict.status != "blocked" or verdict.technique != "udp":
        return verdict, False
    if not any(c.status in WORKING for c in controls):
        return (
            Verdict(
                "unknown",
                None,
                translate(
                    "Verdict",
                    "cannot tell: the control STUN server on the same port did not answer either, so UDP itself may not get through this network",
                ),
                verdict.evidence,
            ),
            False,
        )
    if messages_work:
        text = translate(
            "Verdict",
            "calls restricted: the service's call servers do not answer over UDP while another operator's STUN server on the same port does, and messages work",
        )
    else:
        text = translate(
            "Verdict",
            "the service's call servers do not answer over UDP while another operator's STUN server on the same port does",
        )
    return Verdict("blocked", "udp", text, verdict.evidence), True


def unconfirmed(verdict: Verdict, seen: int, rounds: int) -> Verdict:
    """A restriction seen in fewer consecutive rounds than it takes to claim it: "cannot
    tell yet", with the technique kept (the history then knows the next round continues a
    series)."""
    return Verdict(
        "unknown",
        verdict.technique,
        translate(
            "Verdict",
            "cannot tell yet: {explanation}; rounds in a row that saw it: {seen} of the {rounds} a claim needs",
        ).format(explanation=verdict.explanation, seen=seen, rounds=rounds),
        verdict.evidence,
    )
