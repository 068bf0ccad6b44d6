"""What other threads tell the window, carried into the GUI thread as Qt signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..store.writer import StoreWriter


class HistoryOpened(QObject):
    """How the writer's thread opened the history, into the GUI thread, once."""

    done = Signal(str, str)  # the error ("" when open), the path it was moved aside to

    def deliver_to(self, window, folder: Path, writer: StoreWriter) -> None:
        told: list[bool] = []

        def tell(error: str, aside: str) -> None:
            if not told:
                told.append(True)
                window.history_opened(None if error else folder, error, aside)

        self.setParent(window)
        self.done.connect(tell)
        if writer.wait_open(0):  # opened before anyone listened
            tell(writer.store_error or "", str(writer.moved_aside or ""))


class ErrorRelay(QObject):
    """Errors of any thread, logged by censorwatch.applog, into the banner (GUI thread)."""

    error = Signal(str)
