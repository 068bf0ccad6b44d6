"""Add a site in one step: the field takes what a person has (a link copied from the
browser, a bare domain, пример.рф) and makes a service of it by the one rule
(catalog/from_text.py): a name from the domain, the region guessed and asked when unsure,
the default interval. The capability, the kind of check and certificate trust are under
Advanced. Saved like every dialog's config (atomically, off the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..catalog import Catalog
from ..catalog.cost import megabytes, service_cost
from ..catalog.from_text import NewSite, NotASite, new_site
from ..diagnosis.wording import capability_word
from ..translation import number
from ..vocabulary import CAPABILITIES
from .config_saving import error_label, save_in_background, with_service
from .disclosure import disclosure


class AddSiteDialog(QDialog):
    """Accepted once the config holding the new site is written; `saved` carries it."""

    saved = Signal(object)  # the new Catalog

    def __init__(self, catalog: Catalog, path: Path, builtin: Catalog | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a site"))
        self.path = Path(path)
        self.catalog = catalog
        self.builtin = builtin
        self.site: NewSite | None = None
        self._name_edited = False
        self._region_chosen = False

        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("online.sberbank.ru, пример.рф or a copied link"))
        self.address.setClearButtonEnabled(True)
        self.address.setToolTip(
            self.tr(
                "What you would type in the browser. A copied link is fine: what follows "
                "? or # (which may hold a login) is dropped."
            )
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("from the address"))
        self.name.textEdited.connect(self._name_typed)
        self.domestic = QRadioButton(self.tr("A &Russian site"))
        self.foreign = QRadioButton(self.tr("A &foreign site"))
        self.foreign.setChecked(True)
        self.regions = QButtonGroup(self)
        self.regions.addButton(self.domestic)
        self.regions.addButton(self.foreign)
        self.domestic.clicked.connect(self._region_clicked)
        self.foreign.clicked.connect(self._region_clicked)
        region_row = QHBoxLayout()
        region_row.addWidget(self.domestic)
        region_row.addWidget(self.foreign)
        region_row.addStretch(1)
        self.region_note = QLabel()
        self.region_note.setWordWrap(True)
        self.every = QSpinBox()
        self.every.setRange(1, 24 * 60)
        self.every.setValue(max(1, round(catalog.settings.interval / 60)))
        self.every.setSuffix(self.tr(" min"))
        self.every.setToolTip(self.tr("How often this site is checked"))

        # Advanced: what the check measures, for those who want it.
        self.capability = QComboBox()
        for cap in CAPABILITIES:
            self.capability.addItem(capability_word(cap), cap)
        self.capability.setToolTip(
            self.tr("The column the result is shown in. A site is usually the web.")
        )
        self.kind = QComboBox()
        self.kind.addItem(self.tr("the page over HTTPS (as a browser opens it)"), "https")
        self.kind.addItem(self.tr("the page over plain HTTP"), "http")
        self.kind.addItem(self.tr("only the secure connection (TLS handshake)"), "tls")
        self.kind.setToolTip(
            self.tr(
                "HTTPS fetches the page and compares what a censor could change; the "
                "handshake alone costs less data and shows blocks by name."
            )
        )
        self.any_certificate = QCheckBox(self.tr("Count a completed handshake whoever signed it"))
        self.any_certificate.setToolTip(
            self.tr(
                "For a site with its own certificate authority (a bank's own, a company's). "
                "Interception is then not recognised for this site."
            )
        )
        advanced_form = QFormLayout()
        advanced_form.addRow(self.tr("Shown as"), self.capability)
        advanced_form.addRow(self.tr("Check"), self.kind)
        advanced_form.addRow("", self.any_certificate)
        self.advanced = QGroupBox()
        self.advanced.setLayout(advanced_form)
        self.advanced_button = disclosure(self.tr("Advanced"), self.advanced, after=self._fit)

        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.error = error_label()

        form = QFormLayout()
        form.addRow(self.tr("&Address"), self.address)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("Where"), region_row)
        form.addRow(self.tr("Check &every"), self.every)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = box.addButton(self.tr("&Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(False)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.region_note)
        advanced_row = QWidget()
        row = QHBoxLayout(advanced_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.advanced_button)
        row.addStretch(1)
        layout.addWidget(advanced_row)
        layout.addWidget(self.advanced)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(box)
        self.address.textChanged.connect(self._update)
        for widget in (self.capability, self.kind):
            widget.currentIndexChanged.connect(self._update)
        self.every.valueChanged.connect(self._update)
        self.setMinimumWidth(560)
        self._update()

    def _fit(self) -> None:
        """Grow to show every line (a wrapped note, the Advanced part); never shrink under
        the person's hands while typing."""
        layout = self._layout
        layout.activate()
        wanted = self.sizeHint().height()
        if layout.hasHeightForWidth():  # wrapped lines: their height at this width
            wanted = max(wanted, layout.totalHeightForWidth(self.width()))
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _name_typed(self, text: str) -> None:
        self._name_edited = bool(text.strip())
        self._update()

    def _region_clicked(self) -> None:
        self._region_chosen = True
        self._update()

    # --- the site --------------------------------------------------------------------------

    def _make(self) -> NewSite:
        region = None
        if self._region_chosen:
            region = "domestic" if self.domestic.isChecked() else "foreign"
        name = self.name.text() if self._name_edited else None
        site = new_site(self.address.text(), self.catalog, self.builtin, name=name, region=region)
        service = site.service
        probe = service.probes[0]
        kind = self.kind.currentData()
        if kind == "tls":
            probe.kind, probe.host, probe.port, probe.url = "tls", probe.site, 443, None
        elif kind == "http" and probe.url:
            probe.kind = "http"
            probe.url = "http://" + probe.url.split("://", 1)[1]
        probe.capability = self.capability.currentData()
        if self.any_certificate.isChecked():
            probe.trust = "handshake"
        minutes = self.every.value()
        if minutes * 60 != self.catalog.settings.interval:
            service.interval = minutes * 60
        return site

    def _update(self, *_args) -> None:
        self._show_site()
        self._fit()

    def _show_site(self) -> None:
        """The site as typed: its preview, its region, or why it is not one."""
        self.error.hide()
        if not self.address.text().strip():
            self.site = None
            self.add_button.setEnabled(False)
            self.preview.setText("")
            self.region_note.setText(self._why_region())
            return
        try:
            self.site = site = self._make()
        except NotASite as exc:
            self.site = None
            self.add_button.setEnabled(False)
            self.preview.setText("")
            self.error.setText(str(exc))
            self.error.show()
            return
        service = site.service
        if not self._name_edited:
            self.name.setPlaceholderText(service.name)
        if not self._region_chosen:
            button = self.domestic if service.region == "domestic" else self.foreign
            button.setChecked(True)
        if site.region_sure or self._region_chosen:
            self.region_note.setText(self._why_region())
            self.region_note.setStyleSheet("")
        else:
            self.region_note.setText(
                self.tr("Not sure: is it a Russian site? ") + self._why_region()
            )
            self.region_note.setStyleSheet("color: #b26a00;")
        value, decimals = megabytes(service_cost(service, self.catalog.settings).total)
        self.preview.setText(
            self.tr("Will check {url} every {minutes} min (about {amount} MB a day).").format(
                url=site.url or service.probes[0].target,
                minutes=self.every.value(),
                amount=number(value, decimals),
            )
        )
        self.add_button.setEnabled(True)

    def _why_region(self) -> str:
        return self.tr(
            "It matters during mobile shutdowns: when only a white list of Russian sites "
            "opens, foreign sites are expected to fail, and a Russian one that fails tells "
            "you the shutdown is on."
        )

    def chosen_catalog(self) -> Catalog | None:
        """The catalog with the new site, checked by the config loader; None (and the reason
        shown) when it cannot be."""
        self._update()
        if self.site is None:
            return None
        return with_service(self.catalog, self.site.service, self.path, self.error)

    def save(self) -> None:
        checked = self.chosen_catalog()
        if checked is not None:
            save_in_background(self, checked, self.error)
