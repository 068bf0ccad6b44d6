"""The clocks: the wall clock for what is shown and stored, a steady one for intervals."""

from __future__ import annotations

import time


def boottime() -> float:
    """Seconds on a clock that never jumps and counts a sleep (Linux's CLOCK_BOOTTIME; the
    monotonic clock elsewhere). Intervals are kept on it: setting the wall clock changes
    nothing but the times shown, and what fell due while the machine slept is due when it
    wakes."""
    try:
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    except (AttributeError, OSError):
        return time.monotonic()
