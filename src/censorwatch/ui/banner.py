"""The banner above the grid: the network state in words and colour, and the warnings a
person must see."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from ..diagnosis import Quality
from ..diagnosis.wording import STATUS_COLOURS, quality_words
from .status_style import NETWORK_COLOURS


class Banner(QLabel):
    """The network state in words and colour, plus any warning the person must see.

    Rich text for our own emphasis only: every sentence in it is escaped, since warnings can
    carry file names, error messages or text from a shared log. Warnings are kept once each
    and only the newest few, so a window that runs for weeks does not accumulate them."""

    MAX_WARNINGS = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMargin(8)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.state = None
        self.warnings: list[str] = []
        self.notes: list[str] = []  # facts, not warnings (a shared log's period and maker)
        self.quality_line, self.poor = "", False
        self.resolver_line = ""
        self.paused = False
        self.set_state(None, "")

    def set_state(self, state: str | None, explanation: str) -> None:
        self.state, self._explanation = state, explanation
        title = {
            "online": self.tr("Network works"),
            "whitelist": self.tr("White-list mode: only approved services get through"),
            "offline": self.tr("Offline: the connection itself is down"),
            None: self.tr("Checks are paused: what you see is the history")
            if self.paused
            else self.tr("Checking your connection…"),
        }[state]
        symbol = {"online": "●", "whitelist": "▲", "offline": "✖", None: "…"}[state]
        if state is None and self.paused:
            symbol = "‖"
        colour = NETWORK_COLOURS.get(state or "", "#546e7a")
        if state == "online" and self.poor:
            colour = STATUS_COLOURS["unknown"]
        text = f"<b>{symbol} {html.escape(title)}</b>"
        if explanation and state != "online":
            text += f"<br>{html.escape(explanation)}"
        if self.resolver_line and state != "offline":
            text += f"<br>⚠ {html.escape(self.resolver_line)}"
        if self.quality_line and state != "offline":
            text += f"<br>{html.escape(self.quality_line)}"
        for n in self.notes:
            text += f"<br>{html.escape(n)}"
        for w in self.warnings:
            text += f"<br>⚠ {html.escape(w)}"
        self.setText(text)
        self.setAccessibleName(title)
        self.setStyleSheet(f"QLabel {{ background: {colour}; color: white; border-radius: 4px; }}")

    def set_quality(self, quality: Quality, speed: str = "due") -> None:
        """How good the network is (loss, latency, the link's speed), under the state."""
        self.quality_line, self.poor = quality_words(quality.as_dict(), speed)
        self.set_state(self.state, self._explanation)

    def set_resolver(self, state: str) -> None:
        """The resolver under test in the last round: "not_answering" gets a line of its own
        (an outage of the resolver, which blames no service)."""
        self.resolver_line = (
            self.tr(
                "Your DNS resolver is not answering; sites may still work through other resolvers. Nothing that needs it is judged."
            )
            if state == "not_answering"
            else ""
        )
        self.set_state(self.state, self._explanation)

    def set_paused(self, paused: bool) -> None:
        """Before the first round, say whether one is coming."""
        self.paused = paused
        self.set_state(self.state, self._explanation)

    def note(self, message: str) -> None:
        """A line of fact under the state, before any warning."""
        if message not in self.notes:
            self.notes = [*self.notes, message][-self.MAX_WARNINGS :]
            self.set_state(self.state, self._explanation)

    def warn(self, message: str) -> None:
        if message in self.warnings:
            self.warnings.remove(message)
        self.warnings = [*self.warnings, message][-self.MAX_WARNINGS :]
        self.set_state(self.state, self._explanation)

    def plain_text(self) -> str:
        """What the banner says, as a person reads it."""
        doc = QTextDocument()
        doc.setHtml(self.text())
        return doc.toPlainText()
