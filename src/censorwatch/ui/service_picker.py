"""Pick from the built-in list: its services as a checklist grouped as the grid groups them,
each with the data it costs a day at its interval, the total, and presets. The domestic
references that tell a white-list shutdown from a block are explained and kept unless the
person unticks them. Used by the first-run dialog and by "Choose from the built-in list…"."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..catalog import Catalog, Service
from ..catalog.cost import catalog_cost, compares, megabytes, service_cost
from ..catalog.groups import grouped
from ..diagnosis.wording import capability_word
from ..translation import number, translate
from .config_saving import error_label, save_in_background
from .model import group_title

MESSENGERS = "messengers"
REFERENCES = "domestic"
ID_ROLE = Qt.ItemDataRole.UserRole


class ServicePicker(QWidget):
    """`chosen_ids()`: the ticked services, in the list's order."""

    changed = Signal()

    def __init__(
        self,
        builtin: Catalog,
        chosen: set[str] | None = None,
        metered: bool | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.builtin = builtin
        self.compare = compares(builtin.settings, metered)
        self.metered = metered
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Service"), self.tr("Data a day")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.reference_note = QLabel()
        self.reference_note.setWordWrap(True)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}
        for group, services in grouped(builtin.services):
            head = QTreeWidgetItem(self.tree, [self._group_heading(group)])
            head.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsAutoTristate
            )
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            if group == REFERENCES:
                head.setToolTip(0, self.reference_help())
            self.groups[group] = head
            for service in services:
                item = QTreeWidgetItem(head, [service.name, self._cost_text(service)])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setData(0, ID_ROLE, service.id)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(0, self._service_help(service))
                self.items[service.id] = item
        self.tree.expandAll()
        if chosen is None:
            chosen = self.default_choice(metered)
        self.set_chosen(chosen)
        self.tree.itemChanged.connect(lambda *_: self._refresh())

        presets = QHBoxLayout()
        presets.addWidget(QLabel(self.tr("Choose:")))
        self.messengers_button = QPushButton(self.tr("&Messengers and calls"))
        self.messengers_button.setToolTip(
            self.tr("Only the messengers (and the domestic references); the least data")
        )
        self.everything_button = QPushButton(self.tr("E&verything"))
        self.none_button = QPushButton(self.tr("N&one"))
        self.none_button.setToolTip(
            self.tr("Untick every service; the domestic references stay unless you untick them")
        )
        for button in (self.messengers_button, self.everything_button, self.none_button):
            presets.addWidget(button)
        presets.addStretch(1)
        self.messengers_button.clicked.connect(lambda: self.preset(MESSENGERS))
        self.everything_button.clicked.connect(lambda: self.preset("everything"))
        self.none_button.clicked.connect(lambda: self.preset("none"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(presets)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.reference_note)
        self._refresh()

    # --- what is chosen ------------------------------------------------------------------

    def default_choice(self, metered: bool | None) -> set[str]:
        """Everything; on a metered connection the messengers and the references."""
        if metered:
            return self._members(MESSENGERS) | self._members(REFERENCES)
        return {s.id for s in self.builtin.services}

    def _members(self, group: str) -> set[str]:
        return {
            s.id for g, members in grouped(self.builtin.services) if g == group for s in members
        }

    def chosen_ids(self) -> list[str]:
        return [
            sid for sid, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_chosen(self, ids: set[str]) -> None:
        blocker = self.tree.blockSignals(True)
        for sid, item in self.items.items():
            item.setCheckState(0, Qt.CheckState.Checked if sid in ids else Qt.CheckState.Unchecked)
        self.tree.blockSignals(blocker)
        self._refresh()

    def preset(self, which: str) -> None:
        """The presets choose services; the references stay as they are, except that
        "everything" ticks them too."""
        references = self._members(REFERENCES)
        kept = set(self.chosen_ids()) & references
        if which == MESSENGERS:
            self.set_chosen(self._members(MESSENGERS) | kept)
        elif which == "everything":
            self.set_chosen({s.id for s in self.builtin.services})
        else:
            self.set_chosen(kept)

    def chosen_catalog(self) -> Catalog:
        ids = set(self.chosen_ids())
        return Catalog(
            self.builtin.settings,
            [s for s in self.builtin.services if s.id in ids],
            self.builtin.path,
        )

    def day_bytes(self) -> float:
        return catalog_cost(self.chosen_catalog(), self.compare).total

    # --- words -----------------------------------------------------------------------------

    def _group_heading(self, group: str) -> str:
        if group == REFERENCES:
            return self.tr("Domestic references (to recognise white lists)")
        return group_title(group)

    def reference_help(self) -> str:
        return self.tr(
            "During a mobile shutdown only a white list of approved Russian services opens. "
            "censorwatch checks a few of them so it can tell a white-list shutdown from a "
            "block of one service or an outage. Keep them unless data is very tight."
        )

    def _mb(self, nbytes: float) -> str:
        value, decimals = megabytes(nbytes)
        return self.tr("{n} MB").format(n=number(value, decimals))

    def _cost_text(self, service: Service) -> str:
        return self._mb(service_cost(service, self.builtin.settings, self.compare).total)

    def _service_help(self, service: Service) -> str:
        minutes = max(1, round((service.interval or self.builtin.settings.interval) / 60))
        what = ", ".join(capability_word(c) for c in service.capabilities)
        return self.tr("Checks {what} every {minutes} min").format(what=what, minutes=minutes)

    def _refresh(self) -> None:
        ids = self.chosen_ids()
        count = len(ids)  # a name: lupdate reads no expression as the count
        if ids:
            text = translate(
                "ServicePicker", "About {amount} a day for %n service(s).", None, count
            ).format(amount=self._mb(self.day_bytes()))
        else:
            text = self.tr("Nothing chosen: nothing will be checked.")
        if not self.compare:
            text += " " + self.tr(
                "This connection is metered: speed comparisons are off (Settings can allow them)."
            )
        self.total.setText(text)
        references = self._members(REFERENCES)
        dropped = references - set(ids)
        if references and dropped == references:
            self.reference_note.setText(
                self.tr(
                    "Without the domestic references censorwatch cannot tell a white-list "
                    "shutdown from a block: it will say what fails and claim no white list."
                )
            )
            self.reference_note.setStyleSheet("color: #b26a00;")
        else:
            self.reference_note.setText(
                self.tr("The domestic references are kept: they recognise white-list shutdowns.")
            )
            self.reference_note.setStyleSheet("")
        self.changed.emit()


class PickDialog(QDialog):
    """Choose from the built-in list later: what is ticked is watched; sites of one's own
    stay as they are."""

    saved = Signal(object)  # the new Catalog

    def __init__(
        self, catalog: Catalog, path: Path, builtin: Catalog, metered: bool | None, parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose from the built-in list"))
        self.path = Path(path)
        self.catalog = catalog
        self.builtin = Catalog(catalog.settings, builtin.services, builtin.path)
        known = {s.id for s in builtin.services}
        self.picker = ServicePicker(
            self.builtin, {s.id for s in catalog.services if s.id in known}, metered
        )
        self.error = error_label()
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.resize(600, 640)

    def chosen_catalog(self) -> Catalog:
        """The ticked built-in services (as already watched, if they were), then the rest of
        what was watched that is not from the list, in the order they were."""
        chosen = set(self.picker.chosen_ids())
        current = {s.id: s for s in self.catalog.services}
        known = {s.id for s in self.builtin.services}
        services = [
            copy.deepcopy(current.get(s.id, s)) for s in self.builtin.services if s.id in chosen
        ]
        services += [copy.deepcopy(s) for s in self.catalog.services if s.id not in known]
        return Catalog(copy.deepcopy(self.catalog.settings), services, self.catalog.path)

    def save(self) -> None:
        save_in_background(self, self.chosen_catalog(), self.error)
