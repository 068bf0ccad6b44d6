"""The Settings dialog in two layers: what a person sets (how often, the mobile data limit
with what the watched services cost, notifications, language, start at login), and under
Advanced the rest (resolvers, timeouts, retention, metrics), each with a tooltip; checked by
the config loader."""

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
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from ..catalog.cost import catalog_cost, compares, megabytes
from ..translation import number
from .config_saving import error_label, save_in_background
from .disclosure import disclosure


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
        metered: bool | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.path = Path(path)
        self.catalog = copy.deepcopy(catalog)
        s = self.catalog.settings
        self.metered_now = metered
        # --- what a person sets ------------------------------------------------------------
        self.interval = QSpinBox()
        self.interval.setRange(1, 24 * 60)
        self.interval.setValue(max(1, round(s.interval / 60)))
        self.interval.setSuffix(self.tr(" min"))
        self._interval_seconds = s.interval  # kept as written unless the minutes change
        self.interval.setToolTip(
            self.tr(
                "How often each service is checked (some, such as messengers, have their own "
                "interval). Shorter shows a block sooner and costs more data."
            )
        )
        self.budget = QSpinBox()
        self.budget.setRange(0, 100_000)
        self.budget.setValue(round(s.daily_budget_mb))
        self.budget.setSuffix(self.tr(" MB a day"))
        self.budget.setSpecialValueText(self.tr("no limit"))
        self.budget.setToolTip(
            self.tr(
                "Everything censorwatch sends and receives in a day stays within this: speed "
                "comparisons pause first, then checks run less often (the status bar says so)."
            )
        )
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.metered = QCheckBox(self.tr("Compare speeds on metered connections too"))
        self.metered.setChecked(s.allow_metered)
        self.metered.setToolTip(
            self.tr(
                "A speed comparison downloads about half a megabyte twice; on a connection the "
                "system marks as metered (a phone's hotspot) it is skipped unless you allow it."
            )
        )
        self.provider_updates = QCheckBox(self.tr("Update the provider table weekly"))
        self.provider_updates.setChecked(s.update_provider_table)
        self.provider_updates.setToolTip(
            self.tr(
                "Which provider your connection goes through is looked up in a table on this "
                "computer; nothing is asked of anyone. With this on, censorwatch downloads the "
                "newest public table from iptoasn.com (about 8 MB) once a week."
            )
        )
        self.notify = QCheckBox(self.tr("Notify me when a service changes state"))
        self.notify.setChecked(notifications)
        self.language = QComboBox()
        self.language.addItem(self.tr("as the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("Русский", "ru")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.setToolTip(self.tr("Takes effect at the next start"))
        self.autostart = QCheckBox(self.tr("Start at login, in the tray"))
        # --- Advanced ------------------------------------------------------------------------
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 120)
        self.timeout.setValue(s.timeout)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setToolTip(
            self.tr(
                "How long each step (DNS, connection, handshake, page) may take before it counts as failed"
            )
        )
        self.resolver = QLineEdit(s.resolver)
        self.resolver.setToolTip(
            self.tr(
                'The DNS resolver whose answers are checked for tampering: "system" (your '
                "provider's, as the system uses it), udp://IP:PORT, or an https://…/dns-query URL"
            )
        )
        self.controls = QPlainTextEdit("\n".join(s.control_resolvers))
        self.controls.setToolTip(
            self.tr(
                "Independent resolvers the answers are compared with, one per line, asked in "
                "order when the one before does not answer"
            )
        )
        self.controls.setTabChangesFocus(True)
        self.controls.setFixedHeight(self.controls.fontMetrics().lineSpacing() * 4 + 24)
        self.decoy = QLineEdit(s.decoy_sni)
        self.decoy.setToolTip(
            self.tr(
                "An unblocked name sent to the same address when a connection fails: if it "
                "gets through, the block is by name (SNI); if not, by address"
            )
        )
        self.retries = QSpinBox()
        self.retries.setRange(0, 3)
        self.retries.setValue(s.retries)
        self.retries.setToolTip(
            self.tr(
                "How many times a new failure is checked again before it is reported (a "
                "short outage is not a block)"
            )
        )
        self.compare_every = QSpinBox()
        self.compare_every.setRange(5, 7 * 24 * 60)
        self.compare_every.setValue(max(5, round(s.throughput_interval / 60)))
        self.compare_every.setSuffix(self.tr(" min"))
        self.compare_every.setToolTip(
            self.tr(
                "How often a throttled service's speed is compared with an unthrottled name; "
                "each comparison moves about a megabyte"
            )
        )
        self.keep_raw = QSpinBox()
        self.keep_raw.setRange(1, 3650)
        self.keep_raw.setValue(s.keep_raw_days)
        self.keep_raw.setSuffix(self.tr(" days"))
        self.keep_raw.setToolTip(
            self.tr("Every check with its evidence is kept this long; summaries stay after")
        )
        self.keep_minute = QSpinBox()
        self.keep_minute.setRange(1, 24 * 365)
        self.keep_minute.setValue(s.keep_minute_hours)
        self.keep_minute.setSuffix(self.tr(" hours"))
        self.keep_minute.setToolTip(
            self.tr("The chart's minute-by-minute detail is kept this long")
        )
        self.keep_hourly = QSpinBox()
        self.keep_hourly.setRange(1, 3650)
        self.keep_hourly.setValue(s.keep_hourly_days)
        self.keep_hourly.setSuffix(self.tr(" days"))
        self.keep_hourly.setToolTip(
            self.tr("Hour-by-hour detail is kept this long; daily summaries and changes for ever")
        )
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

        def form_row(form, label, widget, key=None):
            if key is None:
                form.addRow(label, widget)
                return
            holder = QWidget()
            inner = QVBoxLayout(holder)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(widget)
            inner.addWidget(self.errors[key])
            form.addRow(label, holder)

        basic = QFormLayout()
        form_row(basic, self.tr("Check &every"), self.interval, "interval")
        form_row(basic, self.tr("Mobile data &limit"), self.budget)
        form_row(basic, "", self.estimate)
        form_row(basic, "", self.metered)
        form_row(basic, "", self.notify)
        form_row(basic, "", self.autostart)
        form_row(basic, self.tr("&Language"), self.language)
        advanced = QFormLayout()
        form_row(advanced, self.tr("&Timeout of each step"), self.timeout, "timeout")
        form_row(advanced, self.tr("&Resolver under test"), self.resolver, "resolver")
        form_row(advanced, self.tr("&Control resolvers"), self.controls, "control_resolvers")
        form_row(advanced, self.tr("&Decoy name (SNI)"), self.decoy, "decoy_sni")
        form_row(advanced, self.tr("Confirmation re&tries"), self.retries, "retries")
        form_row(advanced, self.tr("Compare &speeds every"), self.compare_every)
        form_row(advanced, self.tr("Keep every check"), self.keep_raw)
        form_row(advanced, self.tr("Keep minute detail"), self.keep_minute)
        form_row(advanced, self.tr("Keep hourly detail"), self.keep_hourly)
        form_row(advanced, self.tr("Prometheus &metrics"), self.metrics, "metrics")
        form_row(advanced, "", self.provider_updates)
        self.advanced = QWidget()
        self.advanced.setLayout(advanced)
        self.advanced_button = disclosure(
            self.tr("Advanced"),
            self.advanced,
            self.tr("Resolvers, timeouts, how long the history is kept, metrics"),
            after=self.adjustSize,
        )
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(basic)
        layout.addWidget(self.advanced_button)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        layout.addWidget(box)
        for widget in (self.interval, self.budget):
            widget.valueChanged.connect(self._estimate)
        self.metered.toggled.connect(self._estimate)
        self._estimate()

    def _estimate(self, *_args) -> None:
        """What the services watched cost a day with these settings, beside the limit."""
        self._apply()
        compare = compares(self.catalog.settings, self.metered_now)
        cost = catalog_cost(self.catalog, compare)
        value, decimals = megabytes(cost.total)
        text = self.tr("What you watch costs about {amount} MB a day.").format(
            amount=number(value, decimals)
        )
        limit = self.budget.value()
        if limit and cost.checks > limit * 1_000_000:
            text += " " + self.tr(
                "That is more than the limit: checks will run less often to stay within it."
            )
        elif limit and cost.total > limit * 1_000_000:
            text += " " + self.tr("Speed comparisons will pause once the limit is near.")
        self.estimate.setText(text)

    def _apply(self) -> None:
        s = self.catalog.settings
        minutes = self.interval.value()
        keep = round(self._interval_seconds / 60) == minutes
        s.interval = self._interval_seconds if keep else minutes * 60
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
        s.update_provider_table = self.provider_updates.isChecked()
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
            if field not in ("interval",) and not self.advanced_button.isChecked():
                self.advanced_button.setChecked(True)  # the field in error is under Advanced
            return None

    def save(self) -> None:
        checked = self.validate()
        if checked is None:
            return

        save_in_background(self, checked, self.errors["interval"])
