"""Which state changes become a notification, and its words: at most one per service in
ten minutes and three a minute in all, so a flapping connection cannot flood the desktop."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ..diagnosis.plain import Part, summary, when
from ..engine import RoundResult

GAP = 600.0  # seconds between two notifications about the same service
BURST = 3  # at most this many notifications a minute

# What a service looked like before a round: (status, {capability: status}).
Before = tuple[str, dict[str, str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass(slots=True)
class Notice:
    text: str
    status: str  # for the icon


class ChangeNotifier:
    """`notices(round, before)`: the notifications a finished round deserves."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self.clock = clock
        self._last: dict[str, float] = {}  # service id -> when it was last notified
        self._recent: list[float] = []

    def notices(
        self,
        rnd: RoundResult,
        before: dict[str, Before],
        since: Callable[[str, str | None], float | None] = lambda sid, capability: None,
    ) -> list[Notice]:
        """`since(service, capability or None)`: since when the state holds (the grid's,
        by censorwatch/since.py: a block seen again after an outage keeps its start)."""
        now = self.clock()
        self._recent = [t for t in self._recent if now - t < 60]
        out = []
        for s in rnd.services:
            previous = before.get(s.service.id)
            caps = {c.name: c.verdict.status for c in s.capabilities}
            # A service or any of its capabilities changed state (calls blocked while the
            # service was already degraded counts too).
            if previous is None or previous == (s.verdict.status, caps):
                continue
            if now - self._last.get(s.service.id, float("-inf")) < GAP:
                continue
            if len(self._recent) >= BURST:
                continue
            self._last[s.service.id] = now
            self._recent.append(now)
            out.append(Notice(_words(s, rnd.finished_at, since), s.verdict.status))
        return out


def _words(s, finished_at: float, since: Callable[[str, str | None], float | None]) -> str:
    """The same line as the window's summary (diagnosis/plain.py), with the service's name."""
    parts = [
        Part(
            c.name,
            c.verdict.status,
            c.verdict.technique,
            since(s.service.id, c.name) or finished_at,
        )
        for c in s.capabilities
        if c.name not in s.service.not_measured
    ]
    if all(p.status == "ok" for p in parts):
        began = since(s.service.id, None) or finished_at
        return _tr("{service} works again since {time}").format(
            service=s.service.name, time=when(began)
        )
    return f"{s.service.name} — {summary(s.verdict.status, parts)}"
