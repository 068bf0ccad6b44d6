"""The data budget: the daily limit covers everything the program sends and receives.

Page checks are small and capped; a speed comparison moves megabytes. So comparisons run on
their own, longer interval, never on a connection the system marks as metered unless the
person allows it, and they are the first to pause: a comparison runs only while today's
traffic and what the checks will need for the rest of the day (catalog/cost.py) stay within
the limit. When the checks alone would not fit, every interval stretches by the shortfall
(at most MAX_STRETCH times), so the day ends within the limit; the window's status bar and
`check --json` say so.
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
MAX_STRETCH = 12.0  # intervals never stretch further (5 minutes become an hour)
DAY = 86_400


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


def seconds_left_today(t: float) -> float:
    """Seconds until the next local midnight (a DST day is 23 or 25 hours long)."""
    moment = dt.datetime.fromtimestamp(t).astimezone()
    tomorrow = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time())
    return max(0.0, tomorrow.astimezone().timestamp() - t)


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
    # What the chosen services' checks cost a day (catalog/cost.py), without comparisons.
    daily_checks: float = 0.0

    @property
    def limit(self) -> float:
        """Bytes a day, 0: no limit."""
        return self.settings.daily_budget_mb * 1_000_000

    def checks_rest(self, now: float) -> float:
        """What the checks will need until midnight at their own intervals."""
        return self.daily_checks * seconds_left_today(now) / DAY

    def stretch(self, now: float | None = None) -> float:
        """How many times longer every interval is now, so the rest of the day's checks fit
        in what is left of the limit (1.0: not holding back)."""
        limit = self.limit
        if not limit:
            return 1.0
        now = now if now is not None else time.time()
        left = limit - self.spent_today(now)
        if left <= 0:
            return MAX_STRETCH
        return min(MAX_STRETCH, max(1.0, self.checks_rest(now) / left))

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
        local day the budget counts). Over budget: today's traffic and the checks' need for
        the rest of the day leave no room for a comparison."""
        now = now if now is not None else time.time()
        s = self.settings
        if self.steady() - self.last_compared < s.throughput_interval:
            return NOT_DUE
        limit = self.limit
        if limit and self.spent_today(now) + self.checks_rest(now) >= limit:
            return OVER_BUDGET
        if not s.allow_metered and self.metered():
            return METERED
        return DUE
