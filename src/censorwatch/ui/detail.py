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

from .. import helppages, localtime
from ..catalog import Service
from ..diagnosis import evidence_lines_of
from ..diagnosis.wording import (
    capability_word,
    part_status,
    part_words,
    status_word,
    technique_short,
)
from ..engine import RoundResult, ServiceResult
from ..measurement import Measurement
from ..vocabulary import RANK
from .status_style import colour, status_icon


class DetailPanel(QWidget):
    checkNow = Signal(str)  # the service id to check now
    copied = Signal(str)  # the text put on the clipboard
    # Copy diagnosis asked for, with the service shown ("" for none): the window composes the
    # whole connection's diagnosis from the history, off the GUI thread.
    copyRequested = Signal(str)
    saveReport = Signal(str)  # the service id whose HTML report to save
    helpRequested = Signal(str)  # a status or technique whose help page to show

    def __init__(self, parent=None):
        super().__init__(parent)
        self._service: Service | None = None
        self._result: ServiceResult | None = None
        self._round: RoundResult | None = None
        self._capability: str | None = None  # the part chosen: shown first
        self._stored: list[Measurement] = []
        self._unfolded = False  # the checks that passed, shown in full
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
        self.evidence.anchorClicked.connect(self._anchor)
        self.evidence.setAccessibleName(self.tr("Evidence"))
        self.copy_button = QPushButton(self.tr("&Copy diagnosis"))
        self.copy_button.setToolTip(
            self.tr(
                "Copy a diagnosis of your whole connection to paste into a chat with a "
                "helpline: what is blocked and since when, what works, your provider, and "
                "the evidence of the failing checks (your own addresses hidden)"
            )
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
        capability: str | None = None,
    ) -> None:
        if service is None or self._service is None or service.id != self._service.id:
            self._unfolded = False
        self._service, self._result, self._round = service, result, rnd
        self._capability, self._stored = capability, []
        if service is None:
            return
        self.title.setText(service.name)
        status = result.verdict.status if result else status
        self.icon.setPixmap(status_icon(status).pixmap(22, 22))
        self.check_button.setEnabled(True)
        self.report_button.setEnabled(True)
        self.copy_button.setEnabled(True)
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

    def _help_link(self, status: str, technique: str | None) -> str:
        word = technique if status in ("blocked", "degraded") and technique else status
        if word not in helppages.WORDS:  # a shared log may hold anything: no link then
            return ""
        text = self.tr("What does this mean?")
        return f" <a href='help:{html.escape(word)}'>{html.escape(text)}</a>"

    def _anchor(self, url) -> None:
        if url.toString().startswith("help:"):
            self.helpRequested.emit(url.toString().removeprefix("help:"))
            return
        if url.toString() == "cw:unfold":
            self._unfolded = True
            if self._result is not None:
                self.evidence.setHtml(self._evidence_html(self._result))
            elif self._service is not None:
                self.show_stored(self._service.id, self._stored)

    def _fold_link(self, n: int) -> str:
        if n == 1:
            text = self.tr("1 other check passed: show it")
        else:
            text = self.tr("%n other checks passed: show them", "", n)
        return f"<p><a href='cw:unfold'>{html.escape(text)}</a></p>"

    def _first(self, name: str, status: str) -> tuple[int, int, int]:
        """The order of the parts: the chosen one, then the worst, then the catalog's."""
        shown = self._service.shown_capabilities if self._service else []
        known = shown.index(name) if name in shown else len(shown)
        return (name != self._capability, -RANK.get(status, 0), known)

    def show_stored(self, service_id: str, items: list[Measurement]) -> None:
        """Evidence from the history (or a shared log) when no round of this session has it:
        the chosen part first, failing checks first, those that passed folded."""
        if self._service is None or self._service.id != service_id or self._result is not None:
            return
        self._stored = items
        parts = []
        if items:
            when = localtime.from_iso(max(m.time for m in items))
            as_checked = self.tr("As last checked, {time}").format(time=when)
            parts.append(f"<p><i>{html.escape(as_checked)}</i></p>")
        items = sorted(
            items,
            key=lambda m: (*self._first(m.capability, m.status), m.kind, m.target),
        )
        passed = [m for m in items if m.status == "ok" and m.capability != self._capability]
        if not self._unfolded and len(passed) > 1:
            items = [m for m in items if m not in passed]
        else:
            passed = []
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
            if m.status != "ok":
                head += self._help_link(m.status, m.technique)
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
        if passed:
            parts.append(self._fold_link(len(passed)))
        self.evidence.setHtml("".join(parts))

    def _evidence_html(self, result: ServiceResult) -> str:
        """The chosen part first, then the worst; in each, failing checks first; the parts
        that work, other than the chosen one, folded to one line until asked."""
        parts = []
        folded = 0
        capabilities = sorted(
            result.capabilities, key=lambda c: self._first(c.name, c.verdict.status)
        )
        for c in capabilities:
            fold = (
                not self._unfolded
                and c.verdict.status == "ok"
                and c.name != self._capability
                and c.name not in result.service.not_measured
            )
            if fold:
                folded += sum(1 for p in result.probes if p.spec.capability == c.name)
                continue
            col = colour(c.verdict.status).name()
            tech = technique_short(c.verdict.technique)
            state = part_status(c.name, c.verdict.status)
            if c.name in result.service.not_measured:
                col, state = "#9e9e9e", self.tr("not measured")
            parts.append(
                f"<h3 style='margin-bottom:2px'><span style='color:{col}'>■</span> {html.escape(capability_word(c.name))}: "
                f"{html.escape(state)}{' — ' + html.escape(tech) if tech else ''}</h3>"
                f"<p style='margin-top:0'>{html.escape(c.verdict.explanation)}"
                f"{self._help_link(c.verdict.status, c.verdict.technique)}</p>"
            )
            probes = [p for p in result.probes if p.spec.capability == c.name]
            probes.sort(key=lambda p: -RANK.get(p.verdict.status, 0))  # stable: failing first
            for p in probes:
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
        if folded:
            parts.append(self._fold_link(folded))
        return "".join(parts)

    def copy_diagnosis(self) -> None:
        """Ask for the diagnosis (the window composes it; `put_on_clipboard` ends it)."""
        self.copyRequested.emit(self._service.id if self._service is not None else "")

    def put_on_clipboard(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
