"""`--size` and `--screenshot`: the window at a given size, saved to a PNG once it shows
what a person would see (after the first round, or, with `--paused`, the history)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

SCREENSHOT_TIMEOUT_MS = 120_000


def size_and_screenshot(window, args) -> None:
    size = getattr(args, "size", None)
    if size:
        width, _, height = size.lower().partition("x")
        if not (width.isdigit() and height.isdigit()):
            raise SystemExit(f"censorwatch: --size: write it as WxH, e.g. 1366x768, not {size!r}")
        window.resize(int(width), int(height))
    if args.screenshot:
        target = Path(args.screenshot)

        def save() -> None:
            window.grab().save(str(target))
            window.quit()

        def after_first_round() -> None:
            # Wait for the round to reach the history and the chart to redraw.
            window.chart.loaded.connect(lambda: QTimer.singleShot(300, save))
            QTimer.singleShot(15_000, save)

        if getattr(args, "paused", False):  # no round comes: the history is the picture
            window.historyLoaded.connect(after_first_round)
        else:
            window.firstRoundShown.connect(after_first_round)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, save)
