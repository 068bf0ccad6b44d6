"""The main window: network banner, status grid, detail panel, history chart, status bar."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QSystemTrayIcon,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import desktop, localtime, scratch
from ..catalog import Catalog
from ..diagnosis import TECHNIQUES
from ..diagnosis.wording import data_amount, status_word, technique_short, tunnel_words
from ..engine import RoundResult, ServiceResult
from ..measurement import Measurement
from ..provider import Provider
from ..since import from_latest
from ..store import Store
from ..translation import number, translate
from ..vocabulary import RANK
from . import choosing, tray
from .background import run_in_pool
from .banner import Banner
from .chart import HistoryChart
from .detail import DetailPanel
from .help import HelpWindow
from .model import StatusGridModel, gap_text
from .notifications import ChangeNotifier
from .status_style import status_icon
from .summary import SummaryModel, SummaryView


def load_history_summary(folder: Path | None) -> tuple[list[dict], dict]:
    """The latest known states and uptimes (runs off the GUI thread)."""
    if folder is None:
        return [], {}
    store = Store(folder, read_only=True)
    try:
        latest = store.latest()
        uptime = {entry["service"]: store.uptime(entry["service"]) for entry in latest}
    finally:
        store.close()
    return latest, uptime


class MainWindow(QMainWindow):
    firstRoundShown = Signal()
    closed = Signal()  # a shared log's window closed: its temporary history can go
    historyLoaded = Signal()  # the known states are in the grid (each time they are read)

    def __init__(
        self,
        catalog: Catalog,
        data_dir: Path | None,
        bridge,
        settings: QSettings,
        demo: bool = False,
        config_path: Path | None = None,
        shared: str | None = None,
    ):
        super().__init__()
        self.config_path = config_path
        self.shared = shared  # the file, when this window shows a log someone shared
        self.shared_period = self.tr("Shared log (read-only)")  # the status bar's words
        self.shared_windows: list[MainWindow] = []
        self.catalog, self.data_dir, self.bridge, self.settings = (
            catalog,
            data_dir,
            bridge,
            settings,
        )
        self.last_round: RoundResult | None = None
        self.provider: Provider | None = None  # the last round's that found one
        self.rounds_seen = 0
        self.health_timer: QTimer | None = None  # the window's health lines in the log
        self.instance_server: object = None  # answers a second start
        self.results: dict[str, ServiceResult] = {}
        self.history_latest: dict[str, dict] = {}
        self._probes_total = self._probes_done = 0
        self._tunnels_told: set[str] = set()
        self.notifier = ChangeNotifier()
        self._quitting = False
        self.help_window: HelpWindow | None = None
        if shared:
            self.setWindowTitle(
                self.tr("censorwatch — shared log {name} (read-only)").format(
                    name=Path(shared).name
                )
            )
        else:
            self.setWindowTitle(self.tr("censorwatch — demo (lab)") if demo else "censorwatch")
        self.setWindowIcon(status_icon("ok", 32))

        self.banner = Banner()
        self.model = StatusGridModel(catalog, self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setAccessibleName(self.tr("Status of each service and capability"))
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().hide()
        self.grid.setShowGrid(False)
        self.grid.setAlternatingRowColors(False)
        self.grid.setWordWrap(False)
        self.grid.setTabKeyNavigation(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._size_columns()
        self._span_groups()
        self.model.modelReset.connect(self._span_groups)
        self.grid.selectionModel().currentChanged.connect(self._selected)

        self.detail = DetailPanel()
        self.detail.checkNow.connect(lambda sid: self.check_now([sid]))
        self.detail.saveReport.connect(self.save_report)
        self.detail.helpRequested.connect(self.show_help)
        self.detail.copyRequested.connect(self.copy_diagnosis)
        self.detail.copied.connect(
            lambda text: self.statusBar().showMessage(
                self.tr("Diagnosis copied to the clipboard ({n} characters)").format(n=len(text)),
                4000,
            )
        )
        self.chart = HistoryChart(data_dir)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.detail)
        right.addWidget(self.chart)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        # What a person asks first: one line per service (ui/summary.py); the grid of every
        # part one tab away, for those who want it.
        self.summary_model = SummaryModel(self.model, self)
        self.summary = SummaryView(self.summary_model)
        self.summary.selectionModel().currentChanged.connect(self._summary_selected)
        self.summary.clicked.connect(self._summary_selected)  # the line already chosen too
        self.summary_model.modelReset.connect(self._keep_summary_selection)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.summary, self.tr("Summary"))
        self.views.addTab(self.grid, self.tr("All parts"))
        # While nothing is watched, what to do instead of an empty summary.
        self.empty_guide = choosing.EmptyGuide()
        self.empty_guide.addSite.connect(self.add_site)
        self.empty_guide.pick.connect(self.choose_services)
        self.left = QStackedWidget()
        self.left.addWidget(self.views)
        self.left.addWidget(self.empty_guide)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 540])
        self.splitter = split
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_status_bar()
        self._make_tray()
        self._show_guide()

        bridge.roundStarted.connect(self._round_started)
        bridge.probeFinished.connect(self._probe_finished)
        bridge.roundFinished.connect(self._round_finished)
        bridge.historyWritten.connect(self._history_written)
        # Bound methods only on the bridge's signals: Qt then drops the connections with the
        # window. A lambda over `self` would tie the window to a bridge that outlives it.
        bridge.engineEvent.connect(self._engine_event)
        bridge.roundFailed.connect(self._round_failed)

        # The status line says when the next round is due ("next at 14:05"), so it changes
        # only when rounds do: a slow timer is enough, and an idle laptop may sleep.
        self._clock = QTimer(self, interval=60_000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._restore()
        self.reload_history()

    # --- building ------------------------------------------------------------------------

    def _make_actions(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.check_action = QAction(self.tr("Check &now"), self)
        self.check_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Refresh), QKeySequence("Ctrl+R")]
        )
        self.check_action.setToolTip(self.tr("Check every service now (F5)"))
        self.check_action.triggered.connect(lambda: self.check_now(None))
        self.pause_action = QAction(self.tr("&Pause"), self)
        self.pause_action.setCheckable(True)
        self.pause_action.setShortcut(QKeySequence("Ctrl+P"))
        self.pause_action.setToolTip(self.tr("Stop the scheduled checks until you resume them"))
        self.pause_action.toggled.connect(self._pause)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit)
        self.add_action = QAction(self.tr("&Add a site…"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action.setToolTip(
            self.tr("Watch a site by its address: a link, or a name like example.org (Ctrl+N)")
        )
        self.add_action.triggered.connect(self.add_site)
        self.pick_action = QAction(self.tr("&Choose from the built-in list…"), self)
        self.pick_action.triggered.connect(self.choose_services)
        self.services_action = QAction(self.tr("&Services…"), self)
        self.services_action.setShortcut(QKeySequence("Ctrl+E"))
        self.services_action.setToolTip(self.tr("Add, edit or remove what is watched (Ctrl+E)"))
        self.services_action.triggered.connect(self.edit_services)
        self.vpn_action = QAction(self.tr("Add my &VPN…"), self)
        self.vpn_action.setToolTip(
            self.tr("Check whether your own VPN's protocol gets through: choose its profile")
        )
        self.vpn_action.triggered.connect(self.add_vpn)
        services_menu = QMenu(self)
        services_menu.addAction(self.pick_action)
        services_menu.addAction(self.vpn_action)
        edit = services_menu.addAction(self.tr("&Edit services and probes…"))
        edit.triggered.connect(self.edit_services)
        self.services_action.setMenu(services_menu)
        self.settings_action = QAction(self.tr("Se&ttings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.edit_settings)
        self.export_action = QAction(self.tr("&Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setToolTip(
            self.tr("Write a log to share: CSV, JSON Lines, OONI or an HTML report")
        )
        self.export_action.triggered.connect(self.export_log)
        self.open_action = QAction(self.tr("&Open a shared log…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_shared)
        for a in (
            self.check_action,
            self.pause_action,
            self.add_action,
            self.services_action,
            self.settings_action,
            self.export_action,
            self.open_action,
        ):
            bar.addAction(a)
        can_save = self.config_path is not None and not self.shared
        for a in (self.services_action, self.add_action, self.pick_action):
            a.setEnabled(can_save)
        self.settings_action.setEnabled(can_save)
        if self.shared:
            for a in (self.check_action, self.pause_action, self.open_action):
                a.setEnabled(False)
        self.addAction(self.quit_action)
        focus_grid = QAction(self)
        focus_grid.setShortcut(QKeySequence("Ctrl+1"))
        focus_grid.triggered.connect(self.grid.setFocus)
        focus_detail = QAction(self)
        focus_detail.setShortcut(QKeySequence("Ctrl+2"))
        focus_detail.triggered.connect(self.detail.evidence.setFocus)
        copy = QAction(self)
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))
        copy.triggered.connect(self.detail.copy_diagnosis)
        for a in (focus_grid, focus_detail, copy):
            self.addAction(a)
        # Help: every word the window shows, explained; F1 on a line or a cell explains it.
        self.help_action = QAction(self.tr("Help"), self)
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.setToolTip(self.tr("What the words mean (F1 on a line or a cell)"))
        self.help_action.triggered.connect(self._help_for_selection)
        bar.addAction(self.help_action)

    def _make_status_bar(self) -> None:
        bar = QStatusBar()
        self.setStatusBar(bar)
        self.round_label = QLabel(
            self.tr("Shared log (read-only)") if self.shared else self.tr("First round starting…")
        )
        self.round_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(180)  # its text changes: a fixed width keeps the layout
        self._progress_later = QTimer(self, singleShot=True, interval=150)
        self._progress_later.timeout.connect(lambda: self.progress.setValue(self._probes_done))
        self.progress.setTextVisible(True)
        self.progress.hide()
        bar.addPermanentWidget(self.round_label)
        bar.addPermanentWidget(self.progress)

    def _make_tray(self) -> None:
        self.tray = None
        if not self.shared:
            self.tray = tray.make_tray(
                self, [self.check_action, self.pause_action, None, self.quit_action]
            )

    def tray_activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_normal()

    def _size_columns(self) -> None:
        # Fixed widths from the font: ResizeToContents would re-measure every row on every
        # cell update, which stalls the window during a big round.
        header = self.grid.horizontalHeader()
        metrics = self.grid.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 195)
        # The longest words a cell can hold, in the language in use.
        texts = [technique_short(t) for t in TECHNIQUES] + [
            status_word("ok"),
            status_word("offline"),
        ]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        for col in range(1, self.model.columnCount() - 2):
            header.resizeSection(col, widest + 36)
        for col in range(self.model.columnCount() - 2, self.model.columnCount()):
            header.resizeSection(col, metrics.horizontalAdvance("100.0 %") + 12)
        header.setStretchLastSection(False)

    def _span_groups(self) -> None:
        self.grid.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.is_group_row(row):
                self.grid.setSpan(row, 0, 1, self.model.columnCount())

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 860)
        state = self.settings.value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        else:
            # Once laid out: the grid gets what its columns need, the rest goes right.
            QTimer.singleShot(0, self._default_split)
        selected = self.settings.value("window/service")
        row = self.model.row_of(selected) if isinstance(selected, str) else -1
        if row < 0:
            row = next(
                (r for r in range(self.model.rowCount()) if not self.model.is_group_row(r)), -1
            )
        if row >= 0:
            self.grid.setCurrentIndex(self.model.index(row, 0))

    def _default_split(self) -> None:
        header = self.grid.horizontalHeader()
        needed = header.length() + self.grid.verticalScrollBar().sizeHint().width() + 4
        total = sum(self.splitter.sizes())
        left = min(needed, int(total * 0.66))
        self.splitter.setSizes([left, max(0, total - left)])

    def save_state(self) -> None:
        """Remember the size, the split and the selected service."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        service = self.model.service_at(self.grid.currentIndex().row())
        if service:
            self.settings.setValue("window/service", service.id)
        self.settings.sync()

    # --- behaviour -------------------------------------------------------------------------

    def edit_services(self) -> QDialog | None:
        from .service_editor import ServiceEditor

        if self.config_path is None:
            return None  # a shared log's window edits nothing
        dialog = ServiceEditor(self.catalog, self.config_path, self)
        dialog.saved.connect(self.apply_catalog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept hidden for weeks
        dialog.open()
        return dialog

    def add_site(self) -> QDialog | None:
        return choosing.open_add_site(self)

    def add_vpn(self) -> QDialog | None:
        return choosing.open_add_vpn(self)

    def choose_services(self) -> QDialog | None:
        return choosing.open_picker(self)

    def _show_guide(self) -> None:
        """The empty window's guidance while nothing is watched (never for a shared log)."""
        empty = not self.catalog.services and not self.shared
        self.left.setCurrentWidget(self.empty_guide if empty else self.views)

    def edit_settings(self) -> QDialog | None:
        from .settings_dialog import SettingsDialog

        if self.config_path is None:
            return None
        dialog = SettingsDialog(
            self.catalog,
            self.config_path,
            bool(self.settings.value("notifications", True, type=bool)),
            self,
            language=str(self.settings.value("language", "system")),
            metered=choosing.metered_now(),
        )
        dialog.autostart.setChecked(desktop.autostart_enabled())
        dialog.saved.connect(self.apply_catalog)

        def remember(_catalog) -> None:
            self.settings.setValue("notifications", dialog.notify.isChecked())
            self.settings.setValue("language", dialog.language.currentData())
            self.settings.sync()
            wanted = dialog.autostart.isChecked()
            run_in_pool(
                lambda: desktop.set_autostart(wanted),
                lambda _r: None,
                lambda e: self.banner.warn(e),
            )

        dialog.saved.connect(remember)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept hidden for weeks
        dialog.open()
        return dialog

    def show_log(self, log) -> None:
        """For a shared log (ui/shared_log.SharedLog): the network state it ended in, its
        period (the chart fitted to it, its end as "now"), and where it came from."""
        from .shared_log import describe, period_label

        self.banner.set_state(log.state, "")
        for line in describe(log):
            self.banner.note(line)
        self.shared_period = period_label(log)
        self.round_label.setText(self.shared_period)
        self.chart.keep_all = True
        if log.last is not None:
            self.chart.show_period(log.first or log.last, log.last + 60)

    def export_log(self, service: str | None = None):
        from .export_dialog import ExportDialog

        if self.data_dir is None:
            self.statusBar().showMessage(self.tr("No history to export"), 5000)
            return None
        names = [(s.id, s.name) for s in self.catalog.services]
        dialog = ExportDialog(self.data_dir, names, self, service)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept hidden for weeks
        dialog.open()
        return dialog

    def save_report(self, service_id: str) -> None:
        """The HTML report of one service, as `censorwatch export --format html` writes it."""
        from .export_dialog import ExportDialog

        if self.data_dir is None:
            return
        dialog = ExportDialog(
            self.data_dir, [(s.id, s.name) for s in self.catalog.services], self, service_id
        )
        dialog.format.setCurrentIndex(dialog.format.findData("html"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept hidden for weeks
        dialog.open()

    def open_shared(self, path: str | Path | None = None) -> None:
        """Show a log someone shared in its own read-only window (asks for the file when
        `path` is None); it is read off the GUI thread."""
        from PySide6.QtWidgets import QFileDialog

        from .shared_log import load_shared_log

        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Open a shared log"),
                str(Path.home()),
                self.tr("censorwatch logs (*.html *.jsonl *.json);;All files (*)"),
            )
            if not path:
                return
        chosen = Path(path)
        run_in_pool(
            lambda: load_shared_log(chosen),
            lambda result: self._show_shared(chosen, result),
            lambda error: self.banner.warn(
                self.tr("Could not open {name}: {error}").format(name=chosen.name, error=error)
            ),
            what="opening a shared log",
        )

    def _show_shared(self, path: Path, result) -> None:
        from .shared_log import NullBridge

        log = result
        n, problems = log.measurements, log.problems
        bridge = NullBridge()
        window = MainWindow(
            log.catalog,
            log.folder,
            bridge,
            QSettings(str(log.folder / "window.ini"), QSettings.Format.IniFormat),
            shared=str(path),
        )
        bridge.setParent(window)  # goes with its window
        window.banner.note(
            translate(
                "MainWindow",
                "Shared log {name}: %n measurement(s), read-only, not mixed into your history.",
                None,
                n,
            ).format(name=path.name)
        )
        window.show_log(log)
        for p in problems[:5]:
            window.banner.warn(p)
        if len(problems) > 5:
            more = len(problems) - 5  # a name: lupdate reads no expression as the count
            window.banner.warn(translate("MainWindow", "%n more line(s) skipped", None, more))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shared_windows.append(window)
        window.closed.connect(self._shared_closed)
        window.show()

    def _shared_closed(self) -> None:
        """A shared log's window closed: forget it and remove its temporary history."""
        window = self.sender()
        if isinstance(window, MainWindow):
            if window in self.shared_windows:
                self.shared_windows.remove(window)
            if window.data_dir is not None:
                scratch.remove(window.data_dir)

    def apply_catalog(self, catalog: Catalog) -> None:
        """A saved config takes effect at once: new services are checked right away."""
        self.catalog = catalog
        self.model.set_catalog(catalog)
        self._size_columns()
        self._show_guide()
        self.bridge.replace_catalog(catalog)
        self.statusBar().showMessage(
            self.tr("Saved {path}; the previous file is kept as a .bak").format(
                path=self.config_path
            ),
            8000,
        )
        self.reload_history()

    def check_now(self, service_ids: list[str] | None) -> None:
        self.bridge.check_now(service_ids)
        self.statusBar().showMessage(self.tr("Checking now…"), 3000)
        QTimer.singleShot(500, self._tick)

    def _pause(self, paused: bool) -> None:
        self.bridge.set_paused(paused)
        self.banner.set_paused(paused)
        self.pause_action.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        self._tick()

    def show_help(self, word: str = "") -> HelpWindow:
        """The help window (one at a time), at `word`'s page, or at the index."""
        window = self.help_window
        if window is None:
            window = self.help_window = HelpWindow(self)
            window.destroyed.connect(lambda: setattr(self, "help_window", None))
        if word:
            window.show_word(word)
        else:
            window.show_index()
        window.show()
        window.raise_()
        return window

    def _help_for_selection(self) -> None:
        """F1: the page of what the chosen cell (or the summary's line: its worst part) says."""
        index = self.grid.currentIndex()
        service = self.model.service_at(index.row())
        cell = None
        if service is not None and index.column() > 0:
            caps = self.model.capabilities()
            if index.column() <= len(caps):
                cell = self.model.cell(service.id, caps[index.column() - 1])
        elif service is not None:
            cell = self.model.service_cell(service.id)
        if cell is None or cell.status is None:
            self.show_help()
            return
        technique = cell.technique if cell.status in ("blocked", "degraded") else None
        self.show_help(technique or cell.status)

    def _summary_selected(self, current, _previous=None) -> None:
        """A line of the summary: the same service in the grid, at its worst part (which
        the detail panel then shows first)."""
        service = self.summary_model.service_at(current.row())
        if service is None:
            return
        row = self.model.row_of(service.id)
        worst_col, worst_rank = 0, 0
        for name in service.shown_capabilities:
            cell = self.model.cell(service.id, name)
            if cell is not None and cell.status and RANK.get(cell.status, 0) > worst_rank:
                worst_col, worst_rank = self.model.column_of(name), RANK[cell.status]
        index = self.model.index(row, worst_col)
        if index != self.grid.currentIndex():
            self.grid.setCurrentIndex(index)

    def _keep_summary_selection(self) -> None:
        service = self.model.service_at(self.grid.currentIndex().row())
        if service is None:
            return
        row = self.summary_model.row_of(service.id)
        if row >= 0:
            self.summary.selectionModel().blockSignals(True)
            self.summary.setCurrentIndex(self.summary_model.index(row, 0))
            self.summary.selectionModel().blockSignals(False)

    def _selected(self, current, _previous=None) -> None:
        service = self.model.service_at(current.row())
        if service is None:
            return
        capabilities = self.model.capabilities()
        col = current.column()
        capability = (
            capabilities[col - 1]
            if 1 <= col <= len(capabilities) and capabilities[col - 1] in service.capabilities
            else None
        )
        result = self.results.get(service.id)
        known = self.history_latest.get(service.id)
        fallback = ""
        status = None
        if result is None and known and "status" in known:
            status = known["status"]
            tech = technique_short(known.get("technique")) if status != "ok" else ""
            stretch = from_latest(known)
            moment = localtime.from_iso(known["since"])
            if stretch is not None and stretch.first_look:  # the history began with it
                since = self.tr("since at least {time}").format(time=moment)
            else:
                since = self.tr("since {time}").format(time=moment)
            if self.shared:
                text = self.tr("From the shared log: {status}{tech} {since}.")
            elif self.pause_action.isChecked():
                text = self.tr("From the history: {status}{tech} {since}. Checks are paused.")
            else:
                text = self.tr("From the history: {status}{tech} {since}. A check is on its way.")
            fallback = text.format(
                status=status_word(status), tech=f" ({tech})" if tech else "", since=since
            )
            if stretch is not None and stretch.gap is not None:
                fallback += " " + gap_text(stretch.gap).capitalize() + "."
        self.detail.show_service(
            service, result, self.last_round, fallback, status, capability=capability
        )
        if result is None and self.data_dir is not None:
            folder, sid = self.data_dir, service.id

            def read() -> list[Measurement]:
                with Store(folder, read_only=True) as store:
                    return store.latest_measurements(sid)

            run_in_pool(
                read,
                lambda items: self.detail.show_stored(sid, items),
                what="reading the stored evidence",
            )
        if self.shared:
            self.detail.check_button.setEnabled(False)
        title = (
            service.name
            if capability is None
            else f"{service.name} — {self.model.headerData(col, Qt.Orientation.Horizontal)}"
        )
        self.chart.show_series(
            service.id, capability, self.tr("History: {what}").format(what=title)
        )

    def _round_started(self, services) -> None:
        self.model.round_started(services)
        self._probes_total = sum(len(s.probes) for s in services)
        self._probes_done = 0
        self.progress.setRange(0, max(1, self._probes_total))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("checking %v of %m"))
        self.progress.show()

    def _probe_finished(self, result) -> None:
        self.model.probe_finished(result)
        self._probes_done += 1
        # The bar moves a few times a second, not once per probe: each move lays out and
        # paints the status bar (a 300-probe round stalled the window for 80 ms).
        if not self._progress_later.isActive():
            self._progress_later.start()

    def _round_finished(self, rnd: RoundResult) -> None:
        previous = {
            sid: (r.verdict.status, {c.name: c.verdict.status for c in r.capabilities})
            for sid, r in self.results.items()
        }
        first = self.last_round is None
        self.last_round = rnd
        self.rounds_seen += 1
        for s in rnd.services:
            self.results[s.service.id] = s
        self.model.round_finished(rnd)
        self.banner.set_state(rnd.network_state, rnd.network_explanation)
        self.banner.set_quality(rnd.quality, rnd.speed)
        self.banner.set_resolver(rnd.resolver)
        if rnd.tunnel and rnd.tunnel not in self._tunnels_told:
            self._tunnels_told.add(rnd.tunnel)
            self.banner.warn(
                self.tr("{what}: the results describe the tunnel, not your provider.").format(
                    what=tunnel_words(rnd.tunnel).capitalize()
                )
            )
        self.progress.hide()
        self._update_tray()
        self._notify_changes(rnd, previous)
        self._selected(self.grid.currentIndex())
        self._tick()
        if first:
            self.firstRoundShown.emit()

    def _engine_event(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def history_event(self, text: str) -> None:
        """Trouble with the history is shown in the banner too: it must not go unseen."""
        if text.startswith("history"):
            self.banner.warn(text)

    def _round_failed(self, message: str) -> None:
        """A round raised (a bug, logged with its traceback): the grid leaves "checking"."""
        self.model.round_failed()
        self.progress.hide()
        self.banner.warn(self.tr("A round of checks failed: {error}").format(error=message))
        self._tick()

    def _history_written(self) -> None:
        self.reload_history()
        self.chart.reload()

    def history_opened(self, folder: Path | None, error: str, moved_aside: str) -> None:
        """The history is open (`folder`), or could not be (`error`: busy, read-only,
        unreadable; it is left where it is), or was damaged and moved aside."""
        if error:
            self.banner.warn(self.tr("History is not kept: {error}").format(error=error))
        if moved_aside:
            self.banner.warn(
                self.tr(
                    "The history could not be read; it was moved aside to {path} and a new one was started."
                ).format(path=moved_aside)
            )
        self.data_dir = folder
        self.chart.folder = folder
        if folder is not None:
            self.reload_history()
            self.chart.reload()

    def copy_diagnosis(self, service_id: str = "") -> None:
        """The whole connection's diagnosis from the history (a live one or a shared log),
        `service_id`'s evidence first, put on the clipboard; composed off the GUI thread."""
        from ..diagnosis.wording import quality_words
        from ..export.diagnosis import diagnosis_text

        folder = self.data_dir
        if folder is None:
            self.statusBar().showMessage(self.tr("The history is not open yet"), 4000)
            return
        rnd = self.last_round
        quality = quality_words(rnd.quality.as_dict(), rnd.speed)[0] if rnd is not None else ""

        def compose() -> str:
            with Store(folder, read_only=True) as store:
                return diagnosis_text(store, quality, first=service_id or None)

        run_in_pool(
            compose,
            self.detail.put_on_clipboard,
            lambda error: self.banner.warn(
                self.tr("Could not compose the diagnosis: {error}").format(error=error)
            ),
            what="composing the diagnosis",
        )

    def reload_history(self) -> None:
        def apply(result):
            latest, uptime = result
            self.history_latest = {e["service"]: e for e in latest}
            self.model.set_history(latest, uptime)
            if self.last_round is None:
                self._selected(self.grid.currentIndex())
            self.historyLoaded.emit()

        run_in_pool(lambda: load_history_summary(self.data_dir), apply, what="reading the history")

    def _tick(self) -> None:
        if self.shared:
            self.round_label.setText(self.shared_period)
            return
        parts = []
        if self.last_round:
            parts.append(
                self.tr("Last round {time}").format(
                    time=dt.datetime.fromtimestamp(self.last_round.finished_at).strftime("%H:%M:%S")
                )
            )
            parts.append(
                self.tr("today {amount}").format(amount=data_amount(self.last_round.today_bytes))
            )
            if self.last_round.provider is not None:
                self.provider = self.last_round.provider  # a round without STUN keeps it
            if self.provider is not None:
                parts.append(self.tr("provider {provider}").format(provider=self.provider.label))
            if self.last_round.stretch > 1.0:
                parts.append(
                    self.tr(
                        "holding back for today's data limit ({limit}): checks {times} times less often"
                    ).format(
                        limit=data_amount(self.last_round.limit_bytes),
                        times=number(self.last_round.stretch, 1),
                    )
                )
        if self.pause_action.isChecked():
            parts.append(self.tr("paused"))
        else:
            nxt = self.bridge.next_round_at()
            if nxt is not None and self.last_round is not None:
                parts.append(
                    self.tr("next at {time}").format(
                        time=dt.datetime.fromtimestamp(max(nxt, time.time())).strftime("%H:%M")
                    )
                )
        self.round_label.setText(" · ".join(parts) if parts else self.tr("First round starting…"))

    def _update_tray(self) -> None:
        if self.tray is not None and self.last_round is not None:
            tray.show_round(self.tray, self.last_round)

    def _notify_changes(self, rnd: RoundResult, previous: dict) -> None:
        if self.tray is None or not self.settings.value("notifications", True, type=bool):
            return

        def since(sid: str, capability: str | None) -> float | None:
            cell = (
                self.model.service_cell(sid)
                if capability is None
                else self.model.cell(sid, capability)
            )
            return None if cell is None else cell.since

        for notice in self.notifier.notices(rnd, previous, since):
            self.tray.showMessage("censorwatch", notice.text, status_icon(notice.status, 32), 8000)

    # --- window manners ----------------------------------------------------------------------

    def show_normal(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.shared:
            event.accept()  # a shared log's window just closes
            self.closed.emit()
            return
        self.save_state()
        if self.tray is not None and not self._quitting:
            # Keep watching from the tray; Quit is in its menu and on Ctrl+Q.
            self.hide()
            self.tray.showMessage(
                "censorwatch",
                self.tr("Still watching in the background. Use Quit in this menu to stop."),
                status_icon("ok", 32),
                4000,
            )
            event.ignore()
            return
        event.accept()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def quit(self) -> None:
        self._quitting = True
        self.close()
