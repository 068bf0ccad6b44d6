"""Since when: the one rule for the start of a state, used by the history, the metrics and
everything that reads them (the window, the tray, `history`, the report).

A stretch of one status starts when that status is first seen. A time when nothing could be
judged — the connection down (`offline`: offline, or a white list that lets nothing else
through) or "cannot tell" (`unknown`) — is a gap *inside* a stretch, not its end: a block
that is seen again after an outage is the same block, and its start stays where it was
("blocked since Tue 01:17; your connection was down 02:47–03:07"). Any other status after
the gap starts a new stretch. Where shutdowns and white-list hours come daily, this is what
keeps "since when" from looking a few hours old.

A stretch that was already there at the first look of its series (`first_look`) began then
or earlier: we cannot know when, and say "since at least".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .localtime import unix_from_iso

# Statuses that say nothing about the service itself: a gap, never the end of a stretch.
GAPS = frozenset({"offline", "unknown"})


@dataclass(frozen=True, slots=True)
class Held:
    """The stretch a gap interrupted: its status, technique and start; when the gap began,
    and what it is (`offline` when the connection was down at any time in it)."""

    status: str
    technique: str | None
    since: float
    interrupted: float
    gap_status: str
    first_look: bool = False


@dataclass(frozen=True, slots=True)
class Gap:
    """The last gap inside a stretch: when it began and ended, and what it was."""

    start: float
    end: float
    status: str


@dataclass(frozen=True, slots=True)
class Stretch:
    status: str
    technique: str | None
    since: float  # the stretch's start (seconds, or any unit the caller keeps)
    checked: float  # when it was last seen
    held: Held | None = None  # while in a gap: the stretch the gap interrupted
    gap: Gap | None = None  # the last gap inside this stretch, once it is over
    first_look: bool = False  # seen at the first look of its series: began then or earlier


def advance(
    current: Stretch | None, status: str, technique: str | None, t: float
) -> tuple[Stretch, bool]:
    """The stretch after a look at time `t` found `status`, and whether the status changed
    (a change is news and is recorded, even when the stretch goes on after a gap). A look
    older than the last one changes nothing."""
    if current is None:
        return Stretch(status, technique, t, t, first_look=True), True
    if t < current.checked:
        return current, False
    if status == current.status:
        # The same stretch, seen once more (made directly: this runs for every look).
        stretch = Stretch(
            status,
            technique or current.technique,
            current.since,
            t,
            current.held,
            current.gap,
            current.first_look,
        )
        return stretch, False
    if status in GAPS:
        if current.status in GAPS:  # offline, then cannot tell: the same gap goes on
            held = current.held
            if held is not None and status == "offline":
                held = replace(held, gap_status="offline")
            return Stretch(status, technique, t, t, held=held), True
        held = Held(current.status, current.technique, current.since, t, status, current.first_look)
        return Stretch(status, technique, t, t, held=held), True
    held = current.held
    if current.status in GAPS and held is not None and held.status == status:
        # The stretch the gap interrupted goes on: its start stays, the gap is remembered.
        gap = Gap(held.interrupted, t, held.gap_status)
        stretch = Stretch(status, technique or held.technique, held.since, t, gap=gap)
        return replace(stretch, first_look=held.first_look), True
    return Stretch(status, technique, t, t), True


def advance_all(
    current: Stretch | None, looks: Iterable[tuple[float, str, str | None]]
) -> tuple[Stretch | None, list[tuple[float, Stretch, str | None]]]:
    """`advance` over looks in time order (time, status, technique): the stretch after the
    last, and the changes among them (time, the stretch then, the status before). A run of
    looks at the same status is one `advance`, with its latest time and technique: the
    history writes thousands of rounds at once, most of them the same as the one before."""
    changes: list[tuple[float, Stretch, str | None]] = []
    run_t: float | None = None  # a run of looks at the current status not yet applied
    run_technique: str | None = None
    for t, status, technique in looks:
        if current is not None and status == current.status:
            if t >= (current.checked if run_t is None else run_t):
                run_t, run_technique = t, technique or run_technique
            continue
        if run_t is not None and current is not None:
            current, _ = advance(current, current.status, run_technique, run_t)
            run_t = run_technique = None
        before = None if current is None else current.status
        stretch, changed = advance(current, status, technique, t)
        if changed:
            changes.append((t, stretch, before))
        current = stretch
    if run_t is not None and current is not None:
        current, _ = advance(current, current.status, run_technique, run_t)
    return current, changes


def from_latest(item: dict[str, Any]) -> Stretch | None:
    """A stretch as the history's `latest()` tells it (a status, its since, when checked,
    and `interrupted` or `gap`), in seconds; None when it does not say enough."""
    since, checked = unix_from_iso(item.get("since")), unix_from_iso(item.get("checked"))
    if since is None or checked is None or not isinstance(item.get("status"), str):
        return None
    held = gap = None
    before = item.get("interrupted")
    if isinstance(before, dict) and (was := unix_from_iso(before.get("since"))) is not None:
        until = unix_from_iso(before.get("until"))
        held = Held(
            before["status"],
            before.get("technique"),
            was,
            until or since,
            item["status"],
            before.get("first_look") is True,
        )
    after = item.get("gap")
    if isinstance(after, dict):
        start, end = unix_from_iso(after.get("from")), unix_from_iso(after.get("to"))
        if start is not None and end is not None:
            gap = Gap(start, end, after.get("status", "offline"))
    first = item.get("first_look") is True
    return Stretch(item["status"], item.get("technique"), since, checked, held, gap, first)
