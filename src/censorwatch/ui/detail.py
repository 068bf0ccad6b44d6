"""The detail panel: the verdict in words, then the evidence of every probe, for support."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..catalog import Service
from ..diagnosis import evidence_lines_of
from ..diagnosis.wording import capability_word, part_words, status_word, technique_short
from ..engine import RoundResult, ServiceResult
from ..engine.diagnosis_text import service_text
from ..measurement import Measurement
from .status_style import colour, status_icon


class DetailPanel(QWidget):
    checkNow = Signal(str)  # the service id to check now
    copied = Signal(str)  # the text put on the clipboard
    saveReport = Signal(str)  # the service id whose HTML report to save

    def __init__(self, parent=None):
        super().__init__(parent)
        self._service: Service | None = None
        self._result: ServiceResult | None = None
        self._round: RoundResult | None = None
        self.icon = QLabel()
        self.title = QLabel(self.tr("Select a service"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.verdict = QLabel(self.tr("Its verdict and the evidence behind it appear here."))
        self.verdict.setWordWrap(True)
        # Names and sentences may come from someone else's log: never read as markup.
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence = QTextBrowser()
        self.evidence.setOpenLinks(False)
        self.evidence.setAccessibleName(self.tr("Evidence"))
        self.copy_button = QPushButton(self.tr("&Copy diagnosis"))
        self.copy_button.setToolTip(
            self.tr("Copy a plain-text summary to paste into a chat with support")
        )
        self.copy_button.clicked.connect(self.copy_diagnosis)
        self.report_button = QPushButton(self.tr("Save &report…"))
        self.report_button.setToolTip(
            self.tr("An HTML report of this service to send to someone who can help")
        )
        self.report_button.clicked.connect(
            lambda: self._service and self.saveReport.emit(self._service.id)
        )
        self.check_button = QPushButton(self.tr("Check this service &now"))
        self.check_button.clicked.connect(
            lambda: self._service and self.checkNow.emit(self._service.id)
        )
        for b in (self.copy_button, self.report_button, self.check_button):
            b.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(self.icon)
        head.addWidget(self.title, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.verdict)
        layout.addWidget(self.evidence, 1)
        layout.addLayout(buttons)

    def show_service(
        self,
        service: Service | None,
        result: ServiceResult | None,
        rnd: RoundResult | None,
        fallback: str = "",
        status: str | None = None,
    ) -> None:
        self._service, self._result, self._round = service, result, rnd
        if service is None:
            return
        self.title.setText(service.name)
        status = result.verdict.status if result else status
        self.icon.setPixmap(status_icon(status).pixmap(22, 22))
        self.check_button.setEnabled(True)
        self.report_button.setEnabled(True)
        self.copy_button.setEnabled(result is not None)
        if result is None:
            self.verdict.setText(
                fallback
                or self.tr(
                    "Not checked in this session yet; the history below shows what is known."
                )
            )
            self.evidence.setHtml("")
            return
        self.verdict.setText(result.verdict.explanation)
        self.evidence.setHtml(self._evidence_html(result))

    def show_stored(self, service_id: str, items: list[Measurement]) -> None:
        """Evidence from the history (or a shared log) when no round of this session has it."""
        if self._service is None or self._service.id != service_id or self._result is not None:
            return
        parts = []
        if items:
            when = items[0].time[:16].replace("T", " ")
            parts.append(
                f"<p><i>{html.escape(self.tr('As last checked, {time} UTC').format(time=when))}</i></p>"
            )
        for m in items:
            col = colour(m.status).name()
            tech = technique_short(m.technique)
            head = (
                f"<b><span style='color:{col}'>■</span> {html.escape(capability_word(m.capability))}</b> · "
                f"{html.escape(m.kind)} {html.escape(m.target)}: {html.escape(status_word(m.status))}"
                + (f" — {html.escape(tech)}" if tech else "")
            )
            if m.failure:
                head += f" <tt>{html.escape(m.failure)}</tt>"
            ev = m.evidence
            part = part_words(ev.get("role"), ev.get("any_of"))
            if part:
                head += f" <i>({html.escape(part)})</i>"
            lines = evidence_lines_of(ev)
            explanation = (
                f"<p style='margin:0 0 0 12px'>{html.escape(str(ev['explanation']))}</p>"
                if ev.get("explanation")
                else ""
            )
            items_html = "".join(f"<li><tt>{html.escape(line)}</tt></li>" for line in lines)
            parts.append(
                f"<p style='margin:6px 0 0 0'>{head}</p>{explanation}<ul style='margin-top:0'>{items_html}</ul>"
            )
        self.evidence.setHtml("".join(parts))

    def _evidence_html(self, result: ServiceResult) -> str:
        parts = []
        for c in result.capabilities:
            col = colour(c.verdict.status).name()
            tech = technique_short(c.verdict.technique)
            state = status_word(c.verdict.status)
            if c.name in result.service.not_measured:
                col, state = "#9e9e9e", self.tr("not measured")
            parts.append(
                f"<h3 style='margin-bottom:2px'><span style='color:{col}'>■</span> {html.escape(capability_word(c.name))}: "
                f"{html.escape(state)}{' — ' + html.escape(tech) if tech else ''}</h3>"
                f"<p style='margin-top:0'>{html.escape(c.verdict.explanation)}</p>"
            )
            for p in result.probes:
                if p.spec.capability != c.name:
                    continue
                r = p.record
                head = f"<b>{html.escape(p.spec.kind)}</b> {html.escape(p.spec.target)}"
                part = part_words(p.spec.role, p.spec.any_of)
                if part:
                    head += f" <i>({html.escape(part)})</i>"
                if r.failure:
                    head += f" — <tt>{html.escape(r.failure)}</tt> " + self.tr(
                        "at step {step}"
                    ).format(step=html.escape(r.failed_step or ""))
                if p.earlier:
                    head += " " + self.tr("(confirmed by a second attempt)")
                lines = "".join(
                    f"<li><tt>{html.escape(line)}</tt></li>" for line in p.verdict.evidence
                )
                parts.append(
                    f"<p style='margin:4px 0 0 12px'>{head}</p><ul style='margin-top:0'>{lines}</ul>"
                )
        return "".join(parts)

    def diagnosis_text(self) -> str:
        if self._result is None or self._round is None:
            return ""
        return service_text(self._result, self._round)

    def copy_diagnosis(self) -> None:
        text = self.diagnosis_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
