"""Figures that show whether a long-running process stays healthy: memory, open files,
threads, CPU time, wakeups, object counts and the reference counts of None, True and False
(a binding that drops references to them aborts the process once they reach zero).

Read from the process itself (and /proc where there is one); the window logs them now and
then, the soak test and benchmarks read them. No Qt here: the window adds its own counts.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from pathlib import Path

PROC = Path("/proc/self")


def rss_kb() -> int | None:
    try:
        for line in (PROC / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def open_fds() -> int | None:
    try:
        return len(os.listdir(PROC / "fd"))
    except OSError:
        return None


def thread_wakeups() -> dict[str, int]:
    """Voluntary context switches per thread so far: each is a sleep that ended. Empty
    where /proc is missing."""
    counts: dict[str, int] = {}
    try:
        tasks = list((PROC / "task").iterdir())
    except OSError:
        return counts
    for task in tasks:
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    counts[task.name] = int(line.split()[1])
        except OSError:
            continue  # the thread ended meanwhile
    return counts


def wakeups_since(before: dict[str, int]) -> int:
    """Wakeups of every thread since `before` (threads that started since count whole;
    threads that ended are lost, so this is a lower bound)."""
    now = thread_wakeups()
    return sum(n - before.get(tid, 0) for tid, n in now.items())


def cpu_seconds() -> float:
    """User and system CPU time of the whole process (every thread)."""
    return time.process_time()


def sample(extra: dict | None = None) -> dict:
    """One set of figures (JSON-ready)."""
    return {
        "rss_kb": rss_kb(),
        "fds": open_fds(),
        "threads": threading.active_count(),
        "cpu_s": round(cpu_seconds(), 3),
        "wakeups": sum(thread_wakeups().values()),
        "gc_objects": len(gc.get_objects()),
        "refs_none": sys.getrefcount(None),
        "refs_true": sys.getrefcount(True),
        "refs_false": sys.getrefcount(False),
        **(extra or {}),
    }
