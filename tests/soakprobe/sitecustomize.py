"""Loaded into the soak test's window process (this folder is first on its PYTHONPATH): the
network guard, then a thread that writes the process's health figures to the file named by
CENSORWATCH_SOAK_SAMPLES every CENSORWATCH_SOAK_EVERY seconds.

It reads the process from inside without help from censorwatch's own code, so the soak test
judges any version of the program the same way."""

import gc
import importlib.util
import json
import os
import sys
import threading
import time
from pathlib import Path

_guard = Path(__file__).resolve().parent.parent / "netguard" / "sitecustomize.py"
_spec = importlib.util.spec_from_file_location("censorwatch_netguard", _guard)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)


def _figures() -> dict:
    figures = {
        "t": time.time(),
        "refs_none": sys.getrefcount(None),
        "refs_true": sys.getrefcount(True),
        "refs_false": sys.getrefcount(False),
        "gc_objects": len(gc.get_objects()),
        "threads": threading.active_count(),
        "cpu_s": time.process_time(),
    }
    try:
        figures["fds"] = len(os.listdir("/proc/self/fd"))
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                figures["rss_kb"] = int(line.split()[1])
    except OSError:
        pass
    shiboken = sys.modules.get("shiboken6.Shiboken")
    if shiboken is not None:
        wrappers = shiboken.getAllValidWrappers()
        # pyqtgraph keeps pairs of Points in an LRU of 100 entries keyed on the view's
        # transform (GraphicsItem._pixelVectorGlobalCache): bounded, counted apart.
        points = sum(1 for w in wrappers if type(w).__name__ == "Point")
        figures["qt_wrappers"] = len(wrappers) - points
        figures["qt_points"] = points
    return figures


def _sample(path: str, every: float) -> None:
    while True:
        time.sleep(every)
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(_figures()) + "\n")


if os.environ.get("CENSORWATCH_SOAK_SAMPLES"):
    threading.Thread(
        target=_sample,
        args=(
            os.environ["CENSORWATCH_SOAK_SAMPLES"],
            float(os.environ.get("CENSORWATCH_SOAK_EVERY", "3")),
        ),
        name="soak-sampler",
        daemon=True,
    ).start()
