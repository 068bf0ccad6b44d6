"""A plain-text diagnosis a person can paste into a chat with support (CLI and window alike)."""

from __future__ import annotations

from ..diagnosis.wording import part_status, part_words, status_word, technique_short, translate
from ..localtime import from_unix
from .results import RoundResult, ServiceResult


def _local(ts: float) -> str:
    return from_unix(ts, zone=True)


def service_text(
    result: ServiceResult, rnd: RoundResult, since: dict[str, float] | None = None
) -> str:
    """Verdict, capabilities and the evidence of every probe of one service."""
    since = since or {}
    s = result.service
    lines = [
        translate("Verdict", "censorwatch diagnosis, {when}").format(when=_local(rnd.finished_at)),
        translate("Verdict", "Network: {state}. {explanation}").format(
            state=rnd.network_state, explanation=rnd.network_explanation
        ),
        "",
        f"{s.name}: {status_word(result.verdict.status)}",
        result.verdict.explanation,
    ]
    for c in result.capabilities:
        tech = technique_short(c.verdict.technique)
        line = f"  {c.name}: {part_status(c.name, c.verdict.status)}" + (
            f" ({tech})" if tech else ""
        )
        if c.name in since:
            line += " " + translate("Verdict", "since {time}").format(time=_local(since[c.name]))
        lines.append(line)
    lines += ["", translate("Verdict", "Evidence:")]
    for p in result.probes:
        r = p.record
        head = f"  [{p.spec.capability}] {p.spec.kind} {p.spec.target}: {status_word(p.verdict.status)}"
        if p.verdict.technique:
            head += f", {p.verdict.technique}"
        if r.failure:
            head += f", {r.failure} ({r.failed_step})"
        part = part_words(p.spec.role, p.spec.any_of)
        if part:
            head += f" [{part}]"
        if p.earlier:
            head += ", " + translate(
                "Verdict", "confirmed by %n attempt(s)", None, len(p.earlier) + 1
            )
        lines.append(head)
        lines += [f"      {e}" for e in p.verdict.evidence]
    return "\n".join(lines) + "\n"
