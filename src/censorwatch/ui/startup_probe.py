"""Measuring start-up: with CENSORWATCH_STARTUP_PROBE=1 the program prints the seconds from
its process's start to the main window's first paint, then quits (benchmarks/bundle.py reads
it; the bundle's start-up includes unpacking, which only the process's start time sees)."""

from __future__ import annotations

import os
import time

import psutil
from PySide6.QtCore import QEvent, QObject, QTimer


class _FirstPaint(QObject):
    def __init__(self, window, started: float) -> None:
        super().__init__(window)
        self.window, self.started, self.done = window, started, False

    def eventFilter(self, watched, event) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"painted after {time.time() - self.started:.2f} s", flush=True)
            QTimer.singleShot(0, self.window.quit)
        return False


def watch(window) -> None:
    if os.environ.get("CENSORWATCH_STARTUP_PROBE") != "1":
        return
    window.installEventFilter(_FirstPaint(window, psutil.Process().create_time()))
