"""A diagnosis of the whole connection, from the history: what a helpline reads first. One
text for the window's Copy diagnosis (a live history or a shared log), `check --diagnosis`
and the top of the HTML report: the network and its quality, the provider, what is blocked
how and since when, what cannot be told, what works, the version; then, failures first, the
evidence of the last check of each failing service — within a chat message's length (the
report has the rest). Addresses of your own are redacted as in an export."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..diagnosis import evidence_lines_of
from ..diagnosis.plain import Part, summary, when
from ..diagnosis.wording import (
    capability_word,
    part_words,
    status_word,
    technique_short,
    translate,
)
from ..localtime import unix_from_iso, utc_offset
from ..provider import Provider
from ..store import Store
from ..vocabulary import RANK
from .redact import Redactor

LIMIT = 2000  # characters: a chat message
EVIDENCE_LINES = 4  # per failing check


@dataclass(slots=True)
class Overview:
    """The connection at its last round, as the history tells it."""

    when: float | None = None  # the last round (Unix time)
    network: str = ""  # its network state
    provider: Provider | None = None
    failing: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, line)
    unsure: list[tuple[str, str, str]] = field(default_factory=list)
    working: list[str] = field(default_factory=list)  # names
    total: int = 0


def parts_of(entry: dict[str, Any]) -> list[Part]:
    """A history entry's capabilities (`Store.latest()`) as the plain words read them."""
    return [
        Part(
            c["name"],
            c["status"],
            c.get("technique"),
            unix_from_iso(c.get("since")),
            bool(c.get("first_look")),
        )
        for c in entry.get("capabilities", [])
    ]


def overview(store: Store, service: str | None = None, now: float | None = None) -> Overview:
    out = Overview()
    last = store.last_round()
    if last is not None:
        out.when, out.network = last
    out.provider = Provider.from_dict(store.last_provider())
    entries = [e for e in store.latest() if service is None or e["service"] == service]
    entries.sort(key=lambda e: (-RANK.get(e.get("status", ""), 0), e.get("name", "")))
    for e in entries:
        status = e.get("status", "")
        line = summary(status, parts_of(e), now)
        item = (e["service"], e.get("name") or e["service"], line)
        if status in ("blocked", "degraded"):
            out.failing.append(item)
        elif status == "ok":
            out.working.append(item[1])
        else:
            out.unsure.append(item)
    out.total = len(entries)
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _network_word(state: str) -> str:
    return {
        "online": translate("Verdict", "the network works"),
        "whitelist": translate("Verdict", "only a white list of services gets through"),
        "offline": translate("Verdict", "no connection"),
    }.get(state, translate("Verdict", "not checked yet"))


def _grouped(items: list[tuple[str, str, str]]) -> list[str]:
    """ "- line: name, name" — services in the same state said once (an outage is one line,
    not one per service)."""
    lines: dict[str, list[str]] = {}
    for _sid, name, line in items:
        lines.setdefault(line, []).append(name)
    out = []
    for line, names in lines.items():
        out.append(f"- {_names(names)} — {line}")
    return out


def _names(names: list[str], limit: int = 300) -> str:
    text = ", ".join(names)
    return text if len(text) <= limit else text[: limit - 3].rsplit(",", 1)[0] + ", …"


def summary_lines(o: Overview, quality: str = "", now: float | None = None) -> list[str]:
    """The summary a helpline can act on, before any evidence."""
    now = time.time() if now is None else now
    head = translate("Verdict", "censorwatch {version}: diagnosis").format(version=__version__)
    if o.when is not None:
        head += ", " + translate("Verdict", "last check {time} ({zone})").format(
            time=when(o.when, now), zone=utc_offset(o.when)
        )
    lines = [head]
    network = translate("Verdict", "Connection: {state}").format(state=_network_word(o.network))
    lines.append(network + ".")
    if quality:
        lines.append(quality)
    lines.append(
        translate("Verdict", "Provider: {provider}").format(provider=o.provider.label)
        if o.provider
        else translate("Verdict", "Provider: unknown (no STUN check answered)")
    )
    failing = len(o.failing)
    if o.failing:
        lines.append(
            translate("Verdict", "Blocked or restricted: %n of {total}", None, failing).format(
                total=o.total
            )
        )
        lines += _grouped(o.failing)
    elif o.total:
        lines.append(
            translate("Verdict", "Nothing blocked among {total} services").format(total=o.total)
        )
    unsure = len(o.unsure)
    if o.unsure:
        lines.append(translate("Verdict", "Cannot tell: %n", None, unsure))
        lines += _grouped(o.unsure)
    working = len(o.working)
    if o.working:
        lines.append(
            translate("Verdict", "Works (%n): {names}", None, working).format(
                names=_names(o.working)
            )
        )
    return lines


def evidence_blocks(
    store: Store, o: Overview, redactor: Redactor, first: str | None = None
) -> list[str]:
    """For each failing service (`first` before the others), the failing checks of its last
    round with their evidence, each block a few lines."""
    order = sorted(o.failing, key=lambda item: item[0] != first)
    blocks = []
    for sid, name, _line in order:
        checks = store.latest_measurements(sid)
        items = [m for m in checks if m.status in ("blocked", "degraded")]
        items.sort(key=lambda m: -RANK.get(m.status, 0))
        failed = {m.capability for m in items}
        # What the failures were compared with: a control or another way to the same
        # service that answered names the comparison behind the claim.
        compared = [
            m
            for m in checks
            if m.status == "ok"
            and m.capability in failed
            and part_words(m.evidence.get("role"), m.evidence.get("any_of"))
        ]
        for stored in items:
            redactor.learn(stored.evidence)
            m = redactor.measurement(stored)
            how = technique_short(m.technique)
            head = f"{name} · {capability_word(m.capability)} · {m.kind} {m.target}: {status_word(m.status)}"
            if how:
                head += f" ({how})"
            if m.failure:
                head += "; " + translate("Verdict", "{failure} at {step}").format(
                    failure=m.failure, step=m.failed_step or "?"
                )
            ev = m.evidence
            part = part_words(ev.get("role"), ev.get("any_of"))
            lines = [head + (f" [{part}]" if part else "")]
            explanation = ev.get("explanation")
            if isinstance(explanation, str) and explanation:
                lines.append("    " + _short(explanation, 240))
            lines += [f"    {x}" for x in evidence_lines_of(ev)[:EVIDENCE_LINES]]
            for c in compared:
                if c.capability == m.capability:
                    part = part_words(c.evidence.get("role"), c.evidence.get("any_of"))
                    target = redactor.text(c.target)
                    lines.append(
                        "    "
                        + translate(
                            "Verdict", "compared with {what} ({kind} {target}): {status}"
                        ).format(
                            what=part, kind=c.kind, target=target, status=status_word(c.status)
                        )
                    )
            blocks.append("\n".join(lines))
    return blocks


def diagnosis_text(
    store: Store,
    quality: str = "",
    first: str | None = None,
    limit: int = LIMIT,
    now: float | None = None,
    redactor: Redactor | None = None,
) -> str:
    """The whole connection in at most `limit` characters: the summary, then the evidence
    of the failing checks while it fits, `first`'s before the others."""
    o = overview(store, now=now)
    text = "\n".join(summary_lines(o, quality, now))
    more = translate("Verdict", "… more in the report (Export ▸ a report for a helpline).")
    blocks = evidence_blocks(store, o, redactor or Redactor(True), first)
    header = "\n\n" + translate("Verdict", "Evidence of the last check:")
    room = limit - len(more) - 1
    shown: list[str] = []
    for block in blocks:
        used = len(text) + len(header) + sum(len(b) + 1 for b in shown)
        if used + 1 + len(block) > room:
            block = block.split("\n", 1)[0]  # its first line only
            if used + 1 + len(block) > room:
                break
        shown.append(block)
    if shown:
        text += header + "".join("\n" + b for b in shown)
    if len(shown) < len(blocks) or any("\n" not in b for b in shown):
        text += "\n" + more
    if len(text) > limit:  # a summary longer than a message: its end is cut
        text = text[: limit - len(more) - 1].rsplit("\n", 1)[0] + "\n" + more
    return text + "\n"
