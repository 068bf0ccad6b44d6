"""The data budget: what a round may spend on speed comparisons.

Page checks are small and capped; a speed comparison moves megabytes. So comparisons run on
their own, longer interval, never on a connection the system marks as metered unless the
person allows it, and stop for the day when the day's traffic reaches the budget.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Settings
from .clocks import boottime

# Why a round did not compare speeds (shown in the window and check --json).
DUE, NOT_DUE, METERED, OVER_BUDGET = "due", "not_due", "metered", "over_budget"


def system_metered() -> bool | None:
    """Whether the system marks the connection in use as metered (a phone's hotspot, a
    mobile modem): NetworkManager on Linux; None where we cannot tell.

    CENSORWATCH_METERED=1 or 0 overrides (tests, and systems we cannot ask)."""
    forced = os.environ.get("CENSORWATCH_METERED")
    if forced in ("0", "1"):
        return forced == "1"
    nmcli = shutil.which("nmcli")
    if nmcli is None:
        return None
    try:
        out = subprocess.run(
            [nmcli, "-t", "-f", "GENERAL.STATE,GENERAL.METERED", "device", "show"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # Pairs of lines per device: GENERAL.STATE:100 (connected), GENERAL.METERED:yes (guessed)
    connected, answer = False, None
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key == "GENERAL.STATE":
            connected = value.startswith("100")
        elif key == "GENERAL.METERED" and connected:
            answer = bool(answer) or value.startswith("yes")
    return answer


def local_day(t: float) -> dt.date:
    return dt.datetime.fromtimestamp(t).date()


@dataclass(slots=True)
class Budget:
    """The day's traffic and when speeds were last compared; one per engine."""

    settings: Settings
    metered: Callable[[], bool | None] = system_metered
    # When speeds were last compared, on the steady clock (a clock set back or forward
    # neither pauses nor hurries comparisons); -inf: never.
    last_compared: float = float("-inf")
    day: dt.date | None = None
    spent: int = 0  # bytes sent and received today
    steady: Callable[[], float] = boottime

    def compared(self) -> None:
        """Speeds were compared now."""
        self.last_compared = self.steady()

    def charge(self, nbytes: int, now: float | None = None) -> None:
        today = local_day(now if now is not None else time.time())
        if today != self.day:
            self.day, self.spent = today, 0
        self.spent += nbytes

    def spent_today(self, now: float | None = None) -> int:
        self.charge(0, now)
        return self.spent

    def seed(self, nbytes: int, now: float | None = None) -> None:
        """The day's traffic so far, as the history knows it (at start-up)."""
        self.charge(0, now)
        self.spent = max(self.spent, nbytes)

    def decide(self, now: float | None = None) -> str:
        """Whether this round compares speeds, or why not (`now`: the wall clock, whose
        local day the budget counts)."""
        now = now if now is not None else time.time()
        s = self.settings
        if self.steady() - self.last_compared < s.throughput_interval:
            return NOT_DUE
        limit = s.daily_budget_mb * 1_000_000
        if limit and self.spent_today(now) >= limit:
            return OVER_BUDGET
        if not s.allow_metered and self.metered():
            return METERED
        return DUE
