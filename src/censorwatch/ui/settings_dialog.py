"""The Settings dialog: interval, timeout, resolvers, retention, notifications, language and
start at login; checked by the config loader."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from .config_saving import error_label, save_in_background


class SettingsDialog(QDialog):
    """Interval, timeout, resolvers, retention and notifications."""

    saved = Signal(object)  # the new Catalog

    def __init__(
        self,
        catalog: Catalog,
        path: Path,
        notifications: bool,
        parent=None,
        language: str = "system",
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.path = Path(path)
        self.catalog = copy.deepcopy(catalog)
        s = self.catalog.settings
        self.interval = QSpinBox()
        self.interval.setRange(10, 86400)
        self.interval.setValue(s.interval)
        self.interval.setSuffix(self.tr(" s"))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 120)
        self.timeout.setValue(s.timeout)
        self.timeout.setSuffix(self.tr(" s"))
        self.resolver = QLineEdit(s.resolver)
        self.resolver.setToolTip(self.tr('"system", udp://IP:PORT, or an https://…/dns-query URL'))
        self.controls = QPlainTextEdit("\n".join(s.control_resolvers))
        self.controls.setToolTip(self.tr("Independent resolvers, one per line"))
        self.controls.setTabChangesFocus(True)
        self.decoy = QLineEdit(s.decoy_sni)
        self.retries = QSpinBox()
        self.retries.setRange(0, 3)
        self.retries.setValue(s.retries)
        self.keep_raw = QSpinBox()
        self.keep_raw.setRange(1, 3650)
        self.keep_raw.setValue(s.keep_raw_days)
        self.keep_raw.setSuffix(self.tr(" days"))
        self.keep_minute = QSpinBox()
        self.keep_minute.setRange(1, 24 * 365)
        self.keep_minute.setValue(s.keep_minute_hours)
        self.keep_minute.setSuffix(self.tr(" hours"))
        self.keep_hourly = QSpinBox()
        self.keep_hourly.setRange(1, 3650)
        self.keep_hourly.setValue(s.keep_hourly_days)
        self.keep_hourly.setSuffix(self.tr(" days"))
        # Speed comparisons move megabytes: rationed, for people who pay for data.
        self.compare_every = QSpinBox()
        self.compare_every.setRange(5, 7 * 24 * 60)
        self.compare_every.setValue(max(5, round(s.throughput_interval / 60)))
        self.compare_every.setSuffix(self.tr(" min"))
        self.budget = QSpinBox()
        self.budget.setRange(0, 100_000)
        self.budget.setValue(round(s.daily_budget_mb))
        self.budget.setSuffix(self.tr(" MB a day"))
        self.budget.setSpecialValueText(self.tr("no limit"))
        self.budget.setToolTip(
            self.tr("Speed comparisons pause for the day once today's traffic reaches this")
        )
        self.metered = QCheckBox(self.tr("Compare speeds on metered connections too"))
        self.metered.setChecked(s.allow_metered)
        self.notify = QCheckBox(self.tr("Notify me when a service changes state"))
        self.notify.setChecked(notifications)
        self.language = QComboBox()
        self.language.addItem(self.tr("as the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("Русский", "ru")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.setToolTip(self.tr("Takes effect at the next start"))
        self.autostart = QCheckBox(self.tr("Start at login, in the tray"))
        self.metrics = QLineEdit(s.metrics)
        self.metrics.setPlaceholderText(self.tr("off"))
        self.metrics.setToolTip(
            self.tr(
                "Serve Prometheus metrics for a team's monitoring at HOST:PORT (a port alone: "
                "this computer only). Takes effect at the next start."
            )
        )
        self.errors = {
            key: error_label()
            for key in (
                "interval",
                "timeout",
                "resolver",
                "control_resolvers",
                "decoy_sni",
                "retries",
                "metrics",
            )
        }
        form = QFormLayout()

        def row(label, widget, key=None):
            if key is None:
                form.addRow(label, widget)
                return
            holder = QWidget()
            inner = QVBoxLayout(holder)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(widget)
            inner.addWidget(self.errors[key])
            form.addRow(label, holder)

        row(self.tr("Check &every"), self.interval, "interval")
        row(self.tr("&Timeout of each step"), self.timeout, "timeout")
        row(self.tr("&Resolver under test"), self.resolver, "resolver")
        row(self.tr("&Control resolvers"), self.controls, "control_resolvers")
        row(self.tr("&Decoy name (SNI)"), self.decoy, "decoy_sni")
        row(self.tr("Confirmation re&tries"), self.retries, "retries")
        row(self.tr("Compare &speeds every"), self.compare_every)
        row(self.tr("Data &budget"), self.budget)
        row("", self.metered)
        row(self.tr("Keep raw checks"), self.keep_raw)
        row(self.tr("Keep minute detail"), self.keep_minute)
        row(self.tr("Keep hourly detail"), self.keep_hourly)
        row("", self.notify)
        row("", self.autostart)
        row(self.tr("&Language"), self.language)
        row(self.tr("Prometheus &metrics"), self.metrics, "metrics")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)

    def _apply(self) -> None:
        s = self.catalog.settings
        s.interval = self.interval.value()
        s.timeout = round(self.timeout.value(), 2)
        s.resolver = self.resolver.text().strip()
        s.control_resolvers = [
            line.strip() for line in self.controls.toPlainText().splitlines() if line.strip()
        ]
        s.decoy_sni = self.decoy.text().strip()
        s.retries = self.retries.value()
        s.keep_raw_days = self.keep_raw.value()
        s.keep_minute_hours = self.keep_minute.value()
        s.keep_hourly_days = self.keep_hourly.value()
        s.throughput_interval = self.compare_every.value() * 60
        s.daily_budget_mb = self.budget.value()
        s.allow_metered = self.metered.isChecked()
        s.metrics = self.metrics.text().strip()

    def validate(self) -> Catalog | None:
        for label in self.errors.values():
            label.hide()
        self._apply()
        try:
            return catalog_mod.loads(catalog_mod.dumps(self.catalog), str(self.path))
        except ConfigError as exc:
            field = exc.key.removeprefix("settings.")
            label = self.errors.get(field) or next(iter(self.errors.values()))
            label.setText(exc.message)
            label.show()
            return None

    def save(self) -> None:
        checked = self.validate()
        if checked is None:
            return

        save_in_background(self, checked, self.errors["interval"])
