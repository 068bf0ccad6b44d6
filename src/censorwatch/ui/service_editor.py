"""The Services dialog: add, edit and remove services and their probes; input is checked
by the config loader and its message shown next to the field."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .. import catalog as catalog_mod
from ..catalog import KINDS, Catalog, ConfigError, ProbeSpec, Service
from ..vocabulary import CAPABILITIES
from .config_saving import error_label, save_in_background

PROBE_COLUMNS = ("capability", "kind", "host", "port", "sni", "url", "min_kbps", "max_seconds")
_KEY = re.compile(
    r"^services\[(?P<service>[^\]]+)\](?:\.probes\[(?P<probe>\d+)\])?\.(?P<field>\w+)$"
)
ERROR_STYLE = "border: 2px solid #c62828;"


class ServiceEditor(QDialog):
    """Add, edit and remove services and probes; saved atomically with a backup."""

    saved = Signal(object)  # the new Catalog

    def __init__(self, catalog: Catalog, path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Services to watch"))
        self.resize(980, 560)
        self.path = Path(path)
        self._originals: dict[int, ProbeSpec] = {}  # a row's probe as read (see _append_probe_row)
        self._next_key = 0
        self.catalog = copy.deepcopy(catalog)
        self.services: list[Service] = self.catalog.services
        self._known_capabilities = {p.capability for s in catalog.services for p in s.probes}
        self._confirmed: set[str] = set()  # new capabilities the person saved again
        self._current = -1
        self._loading = False

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Services"))
        self.list.currentRowChanged.connect(self._select)
        add = QPushButton(self.tr("&Add service"))
        add.clicked.connect(self.add_service)
        remove = QPushButton(self.tr("&Remove service"))
        remove.clicked.connect(self.remove_service)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        left.addLayout(buttons)

        self.id_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.region = QComboBox()
        self.region.addItem(self.tr("foreign"), "foreign")
        self.region.addItem(self.tr("domestic (a reference)"), "domestic")
        self.group_edit = QLineEdit()
        self.group_edit.setPlaceholderText(self.tr("messengers, video, social, news, tools…"))
        self.interval = QSpinBox()
        self.interval.setRange(0, 86400)
        self.interval.setSpecialValueText(self.tr("as in settings"))
        self.interval.setSuffix(self.tr(" s"))
        self.fields = {
            "id": self.id_edit,
            "name": self.name_edit,
            "region": self.region,
            "group": self.group_edit,
            "interval": self.interval,
        }
        form = QFormLayout()
        form.addRow(self.tr("&Id"), self.id_edit)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("Re&gion"), self.region)
        form.addRow(self.tr("G&roup"), self.group_edit)
        form.addRow(self.tr("&Interval"), self.interval)
        for w in (self.id_edit, self.name_edit, self.group_edit):
            w.textEdited.connect(self._store_service)
        self.region.currentIndexChanged.connect(self._store_service)
        self.interval.valueChanged.connect(self._store_service)

        self.probes = QTableWidget(0, len(PROBE_COLUMNS))
        self.probes.setHorizontalHeaderLabels(
            [
                self.tr("capability"),
                self.tr("kind"),
                self.tr("host"),
                self.tr("port"),
                self.tr("SNI"),
                self.tr("URL"),
                self.tr("min kbit/s"),
                self.tr("max s"),
            ]
        )
        self.probes.setAccessibleName(self.tr("Probes of the service"))
        self.probes.itemChanged.connect(self._store_probes)
        add_probe = QPushButton(self.tr("Add &probe"))
        add_probe.clicked.connect(self.add_probe)
        remove_probe = QPushButton(self.tr("Remove p&robe"))
        remove_probe.clicked.connect(self.remove_probe)
        probe_buttons = QHBoxLayout()
        probe_buttons.addWidget(add_probe)
        probe_buttons.addWidget(remove_probe)
        probe_buttons.addStretch(1)

        self.error = error_label()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(QLabel(self.tr("Probes")))
        right.addWidget(self.probes, 1)
        right.addLayout(probe_buttons)
        right.addWidget(self.error)

        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(box)
        self._refresh_list()
        if self.services:
            self.list.setCurrentRow(0)

    # --- working copy ------------------------------------------------------------------

    def _refresh_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.services:
            self.list.addItem(f"{s.name}  ({s.id})")
        self.list.blockSignals(False)
        if 0 <= row < len(self.services):
            self.list.setCurrentRow(row)

    def _select(self, row: int) -> None:
        self._current = row
        if not 0 <= row < len(self.services):
            return
        s = self.services[row]
        self._loading = True
        self.id_edit.setText(s.id)
        self.name_edit.setText(s.name)
        self.region.setCurrentIndex(0 if s.region == "foreign" else 1)
        self.group_edit.setText(s.group)
        self.interval.setValue(s.interval or 0)
        self.probes.setRowCount(0)
        for p in s.probes:
            self._append_probe_row(p)
        self._loading = False

    def _append_probe_row(self, p: ProbeSpec) -> None:
        row = self.probes.rowCount()
        self.probes.insertRow(row)
        values = {
            "capability": p.capability,
            "kind": p.kind,
            "host": p.host or "",
            "port": "" if p.port is None else str(p.port),
            "sni": p.sni or "",
            "url": p.url or "",
            "min_kbps": f"{p.min_kbps:g}" if p.kind == "throughput" else "",
            "max_seconds": f"{p.max_seconds:g}" if p.kind == "throughput" else "",
        }
        for col, key in enumerate(PROBE_COLUMNS):
            if key == "kind":
                combo = QComboBox()
                combo.addItems(KINDS)
                combo.setCurrentText(p.kind)
                combo.currentTextChanged.connect(self._store_probes)
                self.probes.setCellWidget(row, col, combo)
            else:
                item = QTableWidgetItem(values[key])
                if key == "capability":
                    # What the table does not show (source, trust, direction, any_of, role,
                    # a VPN's profile and compare_port) stays with the row, so an edit keeps it.
                    self._next_key += 1
                    self._originals[self._next_key] = p
                    item.setData(Qt.ItemDataRole.UserRole, self._next_key)
                self.probes.setItem(row, col, item)

    def _store_service(self, *_args) -> None:
        if self._loading or not 0 <= self._current < len(self.services):
            return
        s = self.services[self._current]
        s.id, s.name = self.id_edit.text().strip(), self.name_edit.text().strip()
        s.region = self.region.currentData()
        s.group = self.group_edit.text().strip()
        s.interval = self.interval.value() or None
        item = self.list.item(self._current)
        if item:
            item.setText(f"{s.name}  ({s.id})")

    def _cell_text(self, row: int, col: int) -> str:
        item = self.probes.item(row, col)
        return item.text().strip() if item is not None else ""

    def _store_probes(self, *_args) -> None:
        if self._loading or not 0 <= self._current < len(self.services):
            return
        probes = []
        for row in range(self.probes.rowCount()):
            cell = {
                key: self._cell_text(row, col)
                for col, key in enumerate(PROBE_COLUMNS)
                if key != "kind"
            }
            combo = self.probes.cellWidget(row, 1)
            kind = combo.currentText() if isinstance(combo, QComboBox) else ""
            first = self.probes.item(row, 0)
            original = self._originals.get(first.data(Qt.ItemDataRole.UserRole)) if first else None
            p = ProbeSpec(capability=cell["capability"], kind=kind)
            if original is not None:
                p.source, p.trust, p.direction = original.source, original.trust, original.direction
                p.any_of, p.role = original.any_of, original.role
                p.profile, p.compare_port = original.profile, original.compare_port
            p.host = cell["host"] or None
            p.sni = cell["sni"] or None
            p.url = cell["url"] or None
            # A port typed as "abc" goes to the loader as written, so its message is the
            # loader's own ("must be a whole number").
            p.port = (
                int(cell["port"]) if cell["port"].lstrip("-").isdigit() else (cell["port"] or None)  # type: ignore[assignment]
            )
            for key in ("min_kbps", "max_seconds"):
                if cell[key]:
                    try:
                        setattr(p, key, float(cell[key]))
                    except ValueError:
                        setattr(p, key, cell[key])
            probes.append(p)
        self.services[self._current].probes = probes

    def add_service(self) -> None:
        n = len(self.services) + 1
        self.services.append(
            Service(
                id=f"service-{n}",
                name=self.tr("New service"),
                probes=[ProbeSpec("web", "https", url="https://example.org/")],
            )
        )
        self._refresh_list()
        self.list.setCurrentRow(len(self.services) - 1)
        self.name_edit.setFocus()

    def remove_service(self) -> None:
        if 0 <= self._current < len(self.services):
            del self.services[self._current]
            self._current = -1
            self._refresh_list()
            self.list.setCurrentRow(min(len(self.services) - 1, max(0, self.list.currentRow())))

    def add_probe(self) -> None:
        self._append_probe_row(ProbeSpec("web", "https", url="https://"))
        self._store_probes()

    def remove_probe(self) -> None:
        row = self.probes.currentRow()
        if row >= 0:
            self.probes.removeRow(row)
            self._store_probes()

    # --- checking and saving -------------------------------------------------------------

    def _text(self) -> str:
        # Values the person typed go through the loader as written (a port "abc" included),
        # so the message is the loader's own.
        text = catalog_mod.dumps(self.catalog)
        return text

    def validate(self) -> Catalog | None:
        self._clear_marks()
        try:
            self._new_capabilities_on_purpose()
            return catalog_mod.loads(self._text(), str(self.path))
        except ConfigError as exc:
            self._mark(exc)
            return None

    def _new_capabilities_on_purpose(self) -> None:
        """A capability outside the known list (and the catalog's own) is a new column: a
        typo ("site" for "web") is asked about once; saving again adds it on purpose."""
        known = {*CAPABILITIES, *self._known_capabilities, *self._confirmed}
        for s in self.services:
            for i, probe in enumerate(s.probes):
                if probe.capability and probe.capability not in known:
                    self._confirmed.add(probe.capability)
                    raise ConfigError(
                        str(self.path),
                        None,
                        f"services[{s.id}].probes[{i}].capability",
                        self.tr(
                            "{name} is not one of {known}: it would be a new column. Save "
                            "again to add it on purpose."
                        ).format(
                            name=repr(probe.capability),
                            known=", ".join(CAPABILITIES),
                        ),
                    )

    def _clear_marks(self) -> None:
        self.error.hide()
        for w in self.fields.values():
            w.setStyleSheet("")
        for row in range(self.probes.rowCount()):
            for col in range(self.probes.columnCount()):
                item = self.probes.item(row, col)
                if item is not None:
                    item.setBackground(self.probes.palette().base())

    def _mark(self, exc: ConfigError) -> None:
        self.error.setText(f"{exc.key}: {exc.message}" if exc.key else exc.message)
        self.error.show()
        m = _KEY.match(exc.key or "")
        if not m:
            return
        ident = m.group("service")
        row = next((i for i, s in enumerate(self.services) if s.id == ident), None)
        if row is None and ident.isdigit():
            row = int(ident)
        if row is not None and 0 <= row < len(self.services):
            self.list.setCurrentRow(row)
        field = m.group("field")
        if m.group("probe") is None:
            widget = self.fields.get(field)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setFocus()
            return
        probe_row = int(m.group("probe"))
        col = PROBE_COLUMNS.index(field) if field in PROBE_COLUMNS else 0
        item = self.probes.item(probe_row, col)
        if item is not None:
            item.setBackground(Qt.GlobalColor.red)
            self.probes.setCurrentCell(probe_row, col)

    def save(self) -> None:
        checked = self.validate()
        if checked is None:
            return

        save_in_background(self, checked, self.error)
