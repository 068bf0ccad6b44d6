"""The status grid's model: services (grouped) by capabilities, updated cell by cell."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication

from .. import localtime
from ..catalog import Catalog, Service, capability_sort_key
from ..catalog.groups import grouped
from ..diagnosis import worst
from ..diagnosis.wording import (
    catalog_text,
    gap_words,
    part_status,
    status_word,
    technique_short,
    uptime_words,
)
from ..engine import ProbeResult, RoundResult
from ..since import Gap, Stretch, advance, from_latest
from ..translation import translate
from .status_style import plain_tooltip, status_icon, tint


def group_title(group: str) -> str:
    """A group's heading (the grid's and the checklist's)."""
    return {
        "messengers": translate("StatusGridModel", "Messengers"),
        "video": translate("StatusGridModel", "Video"),
        "social": translate("StatusGridModel", "Social networks"),
        "news": translate("StatusGridModel", "News and reference"),
        "tools": translate("StatusGridModel", "Tools"),
        "domestic": translate("StatusGridModel", "Domestic references"),
        "": translate("StatusGridModel", "Other services"),
    }.get(group, group.capitalize())


StatusRole = Qt.ItemDataRole.UserRole + 1  # "ok" | "degraded" | "blocked" | "offline" | None
ServiceRole = Qt.ItemDataRole.UserRole + 2  # the Service of the row (None on group rows)


@dataclass(slots=True)
class Cell:
    status: str | None = None
    technique: str | None = None
    explanation: str = ""
    # Since when, by the one rule (censorwatch/since.py: a gap does not end a stretch).
    stretch: Stretch | None = None
    checking: bool = False
    round_statuses: list[str] | None = None  # probe statuses seen in the running round

    @property
    def since(self) -> float | None:
        """Unix time the status began."""
        return None if self.stretch is None else self.stretch.since

    @property
    def first_look(self) -> bool:
        """The status was there at the first look: it began at `since` or earlier."""
        return self.stretch is not None and self.stretch.first_look

    def judged(self, status: str, technique: str | None, t: float) -> None:
        """A round's verdict at time `t`."""
        self.stretch, _ = advance(self.stretch, status, technique, t)
        self.status, self.technique = status, technique


def _hhmm(ts: float | None) -> str:
    if ts is None:
        return ""
    return localtime.short(ts)


def gap_text(gap: Gap) -> str:
    """The last gap inside a stretch, in a sentence ("your connection was down 02:47–03:07")."""
    return gap_words(gap.status, _hhmm(gap.start), _hhmm(gap.end))


class StatusGridModel(QAbstractTableModel):
    """Rows: group headers and services; columns: Service, each capability, 24 h, 7 d."""

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, Service | None]] = []
        self._row_of: dict[str, int] = {}
        self._capabilities: list[str] = []
        self._cells: dict[tuple[str, str], Cell] = {}
        self._services: dict[str, Cell] = {}
        self._uptime: dict[str, dict[str, float | None]] = {}
        self.set_catalog(catalog)

    # --- structure ---------------------------------------------------------------------

    def group_title(self, group: str) -> str:
        return group_title(group)

    def set_catalog(self, catalog: Catalog) -> None:
        self.beginResetModel()
        self._rows = []
        for g, members in grouped(catalog.services):
            self._rows.append((g, None))
            self._rows += [(g, s) for s in members]
        self._row_of = {s.id: i for i, (_, s) in enumerate(self._rows) if s is not None}
        caps = {c for s in catalog.services for c in s.shown_capabilities}
        self._capabilities = sorted(caps, key=capability_sort_key)
        self.endResetModel()

    def capabilities(self) -> list[str]:
        return list(self._capabilities)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._capabilities) + 2

    def is_group_row(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][1] is None

    def service_at(self, row: int) -> Service | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def row_of(self, service_id: str) -> int:
        return self._row_of.get(service_id, -1)

    def column_of(self, capability: str) -> int:
        return 1 + self._capabilities.index(capability)

    def cell(self, service_id: str, capability: str) -> Cell | None:
        return self._cells.get((service_id, capability))

    def service_cell(self, service_id: str) -> Cell | None:
        return self._services.get(service_id)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Service")
        n = len(self._capabilities)
        if 1 <= section <= n:
            cap = self._capabilities[section - 1]
            return {
                "web": self.tr("Web"),
                "messages": self.tr("Messages"),
                "calls": self.tr("Calls"),
                "media": self.tr("Media"),
            }.get(cap, cap.capitalize())
        return self.tr("24 h") if section == n + 1 else self.tr("7 d")

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_group_row(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- data --------------------------------------------------------------------------

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        group, service = self._rows[index.row()]
        col = index.column()
        if service is None:
            if col == 0 and role in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.AccessibleTextRole,
            ):
                return self.group_title(group)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        n = len(self._capabilities)
        if col == 0:
            return self._service_data(service, role)
        if col <= n:
            cap = self._capabilities[col - 1]
            if cap in service.not_measured:
                return self._not_measured_data(service.not_measured[cap], role)
            if cap not in service.capabilities:
                if role == Qt.ItemDataRole.DisplayRole:
                    return "—"
                if role == Qt.ItemDataRole.ToolTipRole:
                    return self.tr("Not checked for this service")
                if role == Qt.ItemDataRole.TextAlignmentRole:
                    return Qt.AlignmentFlag.AlignCenter
                return None
            return self._cell_data(service, cap, self._cells.get((service.id, cap)), role)
        label = "24h" if col == n + 1 else "7d"
        value = self._uptime.get(service.id, {}).get(label)
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if value is None else f"{value:.1f} %"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return uptime_words(self._uptime.get(service.id, {}))
        return None

    def _not_measured_data(self, reason: str, role):
        """A capability we cannot truly measure: grey words and the reason, never a verdict."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("not measured")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            text = self.tr("Not measured: {reason}").format(reason=catalog_text(reason))
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QGuiApplication.palette().placeholderText()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _service_data(self, service: Service, role):
        cell = self._services.get(service.id)
        status = cell.status if cell else None
        if role == Qt.ItemDataRole.DisplayRole:
            return service.name
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(status)
        if role == StatusRole:
            return status
        if role == ServiceRole:
            return service
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(service.name, cell))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._tooltip(service.name, cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            word = status_word(status) if status else self.tr("not checked yet")
            return f"{service.name}: {word}"
        return None

    def _cell_text(self, cell: Cell | None) -> str:
        if cell is None or cell.status is None:
            return self.tr("… checking") if cell and cell.checking else self.tr("not checked yet")
        # The icon beside it carries the symbol; the words say what happened.
        # The words agree with the icon: "cannot tell yet" says so whatever it suspects
        # (the suspected technique is in the tooltip).
        text = (
            technique_short(cell.technique)
            if cell.status not in ("ok", "unknown") and cell.technique
            else status_word(cell.status)
        )
        return text + " …" if cell.checking else text

    def _tooltip(self, what: str, cell: Cell | None, part: str | None = None) -> str:
        """The tooltip's words (plain text: `data` escapes them for the tooltip role)."""
        if cell is None or cell.status is None:
            return self.tr("{what}: not checked yet").format(what=what)
        word = part_status(part, cell.status) if part else status_word(cell.status)
        text = f"{what}: {word}"
        if cell.explanation:
            text += "\n" + cell.explanation
        if cell.since and cell.first_look:  # already so when the history began
            text += "\n" + self.tr("since at least {time}").format(time=_hhmm(cell.since))
        elif cell.since:
            text += "\n" + self.tr("since {time}").format(time=_hhmm(cell.since))
        gap = cell.stretch.gap if cell.stretch is not None else None
        if gap is not None:
            text += "\n" + gap_text(gap)
        return text

    def _cell_data(self, service: Service, cap: str, cell: Cell | None, role):
        status = cell.status if cell else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(cell)
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(status)
        if role == Qt.ItemDataRole.BackgroundRole:
            return tint(status, QGuiApplication.palette()) if status else None
        if role == StatusRole:
            return status
        if role == ServiceRole:
            return service
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            text = self._tooltip(
                f"{service.name} — {self.headerData(self.column_of(cap), Qt.Orientation.Horizontal)}",
                cell,
                cap,
            )
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{service.name}, {cap}: {self._cell_text(cell)}"
        return None

    # --- updates -----------------------------------------------------------------------

    def _changed(self, service_id: str, capability: str | None) -> None:
        row = self.row_of(service_id)
        if row < 0:
            return
        col = 0 if capability is None else self.column_of(capability)
        index = self.index(row, col)
        self.dataChanged.emit(index, index)

    def set_history(self, latest: list[dict], uptime: dict[str, dict[str, float | None]]) -> None:
        """The state the history knows (before the first round of this session)."""

        for entry in latest:
            sid = entry["service"]
            if "status" in entry and sid not in self._services:
                self._services[sid] = Cell(
                    entry["status"], entry.get("technique"), "", from_latest(entry)
                )
            for c in entry["capabilities"]:
                key = (sid, c["name"])
                if key not in self._cells:
                    self._cells[key] = Cell(c["status"], c.get("technique"), "", from_latest(c))
        self._uptime.update(uptime)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def _all_changed(self) -> None:
        # One signal for a whole round: the view repaints once, not once per cell.
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def round_started(self, services: list[Service]) -> None:
        for s in services:
            for cap in s.capabilities:
                cell = self._cells.setdefault((s.id, cap), Cell())
                cell.checking, cell.round_statuses = True, []
        self._all_changed()

    def probe_finished(self, result: ProbeResult) -> None:
        """Show the capability's worst probe so far, while the round goes on."""
        key = (result.service.id, result.spec.capability)
        if result.spec.role or result.spec.any_of:
            # A group member, a control or a white-list test may fail while its capability
            # works: the round's end says what the capability is.
            return
        cell = self._cells.setdefault(key, Cell())
        cell.round_statuses = [*(cell.round_statuses or []), result.verdict.status]
        provisional = worst(cell.round_statuses)
        if provisional != cell.status:  # until the round's end says (since is kept then)
            cell.status = provisional
            cell.technique = result.verdict.technique
            cell.explanation = result.verdict.explanation
        self._changed(*key)

    def round_finished(self, rnd: RoundResult) -> None:
        t = rnd.started_at  # a round's moment, as the history keeps it
        for s in rnd.services:
            for c in s.capabilities:
                cell = self._cells.setdefault((s.service.id, c.name), Cell())
                cell.judged(c.verdict.status, c.verdict.technique, t)
                cell.explanation, cell.checking, cell.round_statuses = (
                    c.verdict.explanation,
                    False,
                    None,
                )
            scell = self._services.setdefault(s.service.id, Cell())
            scell.judged(s.verdict.status, s.verdict.technique, t)
            scell.explanation = s.verdict.explanation
        self._all_changed()

    def round_failed(self) -> None:
        """A round ended without verdicts: its cells keep their last status, not "checking"."""
        for cell in self._cells.values():
            cell.checking, cell.round_statuses = False, None
        self._all_changed()

    def set_uptime(self, uptime: dict[str, dict[str, float | None]]) -> None:
        self._uptime.update(uptime)
        n = len(self._capabilities)
        if self._rows:
            self.dataChanged.emit(self.index(0, n + 1), self.index(len(self._rows) - 1, n + 2))

    def cell_index(self, service_id: str, capability: str) -> QModelIndex | QPersistentModelIndex:
        return self.index(self.row_of(service_id), self.column_of(capability))
