"""The summary: one line per service in the person's words, worst first ("WhatsApp — Calls
don't connect since Tue 14:02; messages get through"). It reads the grid's model (one truth:
the same cells, the same since), so it never disagrees with the grid or the detail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QListView

from ..catalog import Service
from ..diagnosis.plain import Part, summary
from ..diagnosis.wording import part_status, status_word, technique_short
from ..vocabulary import RANK
from .model import StatusGridModel
from .status_style import status_icon

SentenceRole = Qt.ItemDataRole.UserRole + 10  # the plain line without the name


class SummaryModel(QAbstractListModel):
    """Rows: the grid's services, worst first (the catalog's order among equals)."""

    def __init__(self, grid: StatusGridModel, parent=None):
        super().__init__(parent)
        self.grid = grid
        self._rows: list[Service] = []
        self._lines: dict[str, tuple[str, str]] = {}  # service id -> (status, line)
        # Many cells change in a round: rebuild once a burst is over (a word-wrapped list
        # laid out again for every probe would stall the window).
        self._later = QTimer(self, singleShot=True, interval=200)
        self._later.timeout.connect(self.rebuild)
        # Only the services whose cells changed are put in words again (a round of a
        # hundred services changes them one by one: rebuilding all at each pause stalled
        # the window); a reset of the grid makes every line new.
        self._dirty: set[str] | None = None  # None: every service
        self._day = dt.date.today()
        grid.dataChanged.connect(self._changed)
        grid.modelReset.connect(self._reset)
        self.rebuild()

    def _changed(self, top_left, bottom_right, _roles=()) -> None:
        if self._dirty is not None:
            for row in range(top_left.row(), bottom_right.row() + 1):
                service = self.grid.service_at(row)
                if service is not None:
                    self._dirty.add(service.id)
        self._later.start()

    def _reset(self) -> None:
        self._dirty = None
        self._later.start()

    def rebuild(self) -> None:
        services = [
            s for row in range(self.grid.rowCount()) if (s := self.grid.service_at(row)) is not None
        ]
        dirty, self._dirty = self._dirty, set()
        today = dt.date.today()
        if today != self._day:  # "14:02" became "Tue 14:02" in every line that says it
            dirty, self._day = None, today
        lines = {
            s.id: self._line(s)
            if dirty is None or s.id in dirty or s.id not in self._lines
            else self._lines[s.id]
            for s in services
        }
        order = {s.id: i for i, s in enumerate(services)}
        rows = sorted(services, key=lambda s: (-RANK.get(lines[s.id][0] or "ok", 0), order[s.id]))
        if [s.id for s in rows] == [s.id for s in self._rows]:
            # The same order: only the lines that changed are laid out again.
            changed = [i for i, s in enumerate(rows) if lines[s.id] != self._lines.get(s.id)]
            self._rows, self._lines = rows, lines
            for i in changed:
                self.dataChanged.emit(self.index(i, 0), self.index(i, 0))
            return
        self.beginResetModel()
        self._rows, self._lines = rows, lines
        self.endResetModel()

    def _line(self, service: Service) -> tuple[str, str]:
        whole = self.grid.service_cell(service.id)
        parts = []
        for name in service.shown_capabilities:
            if name in service.not_measured:
                continue
            cell = self.grid.cell(service.id, name)
            if cell is not None and cell.status is not None:
                parts.append(Part(name, cell.status, cell.technique, cell.since, cell.first_look))
        status = whole.status if whole is not None and whole.status else ""
        if not parts:
            return status, self.tr("Not checked yet")
        return status, summary(status or "ok", parts)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def service_at(self, row: int) -> Service | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, service_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == service_id), -1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        service = self._rows[index.row()]
        status, line = self._lines.get(service.id, ("", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{service.name} — {line}"
        if role == SentenceRole:
            return line
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(status or "unknown", 20) if status else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(service, status)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{service.name}: {line}"
        return None

    def _tooltip(self, service: Service, status: str) -> str:
        """The words behind the line: each part's status and technique by name."""
        rows = [f"{service.name}: {status_word(status)}" if status else service.name]
        for name in service.shown_capabilities:
            cell = self.grid.cell(service.id, name)
            if cell is None or cell.status is None:
                continue
            how = technique_short(cell.technique) if cell.status != "ok" else ""
            rows.append(
                f"  {self.grid.headerData(self.grid.column_of(name), Qt.Orientation.Horizontal)}: "
                f"{part_status(name, cell.status)}{f' ({how})' if how else ''}"
            )
        return "\n".join(rows)


class SummaryView(QListView):
    def __init__(self, model: SummaryModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # Word-wrapped lines of different heights are measured again when many change (a
        # round): in batches between other events, not all at once while the window waits.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(40)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Each service in one line, the worst first"))
