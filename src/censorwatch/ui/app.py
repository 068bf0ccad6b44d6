"""Starting the window: config (or the default catalog with a banner when yours is broken),
history, the engine thread, the demo lab, and --screenshot."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QThreadPool,
    QTimer,
    QTranslator,
)
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from .. import applog, health, scratch
from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from ..diagnosis import wording
from ..diagnosis.wording import catalog_text
from ..resources import resources_dir
from ..service import consent
from ..service.instance import instance_name
from ..store import Store, default_data_dir, retention_from
from ..store.writer import StoreWriter
from . import startup_probe
from .background import run_in_pool
from .metered import metered_source
from .relays import ErrorRelay, HistoryOpened
from .screenshot import size_and_screenshot
from .theme import apply_theme

HEALTH_SECONDS = 3600  # how often the window logs its health figures (memory, files, refs)


class UnusableBinding(Exception):
    """The installed Qt binding would crash a long-running window (see ui/binding.py)."""


def _settings(folder: Path | None) -> QSettings:
    if folder is not None:
        return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    return QSettings("censorwatch", "censorwatch")


LANGUAGES = ("system", "en", "ru")


def install_translation(app, settings: QSettings) -> str:
    """Speak the person's language: the setting, else the system locale (CENSORWATCH_LANG
    overrides both). Returns the language in use ("en" or "ru")."""
    choice = os.environ.get("CENSORWATCH_LANG") or str(settings.value("language", "system"))
    lang = QLocale.system().name()[:2] if choice == "system" else choice
    if lang != "ru":
        return "en"
    ours = QTranslator(app)
    if not ours.load(str(resources_dir() / "censorwatch_ru.qm")):
        return "en"  # not built: `make` builds it
    app.installTranslator(ours)
    qt = QTranslator(app)  # Qt's own words: dialog buttons, context menus
    if qt.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    app._censorwatch_translators = (ours, qt)  # keep them alive
    app.setProperty("censorwatch_language", "ru")  # the help pages' language (ui/help.py)
    return "ru"


def load_catalog(config: str | None, user_config: Path) -> tuple[Catalog, str | None]:
    """The catalog to watch, and the error to show when the person's own config is broken.
    A broken file is never overwritten: the default catalog runs until it is fixed."""
    if config:
        return catalog_mod.load(config), None  # an explicit --config must be right: exit 2
    if user_config.is_file():
        try:
            return catalog_mod.load(user_config), None
        except ConfigError as exc:
            return catalog_mod.load_default(catalog_text), str(exc)
    return catalog_mod.load_default(catalog_text), None


def seed_demo_history(folder: Path, catalog: Catalog) -> None:
    from ..lab.demo import demo_history

    services = [
        (s.id, s.name, s.region, [(p.capability, p.kind, p.target) for p in s.probes])
        for s in catalog.services
    ]
    with Store(folder) as store:
        store.write(demo_history(services, now=time.time() - 60))


class Gui:
    """Everything the window runs with; `close()` stops it all in order."""

    def __init__(self, app, window, bridge, writer, lab=None, relay=None, first_run=False):
        self.app, self.window, self.bridge, self.writer = app, window, bridge, writer
        self.lab, self.relay, self.first_run = lab, relay, first_run

    def close(self) -> None:
        # Out of sight at once: what follows may wait for the round in flight.
        self.window.hide()
        if self.window.tray is not None:
            self.window.tray.hide()
        # Let background reads finish while their receivers still exist.
        QThreadPool.globalInstance().waitForDone(10_000)
        # The round in flight is finished and stored (at most the grace, then what it
        # measured, as a partial round), as `watch` does on SIGTERM.
        self.bridge.stop()
        self.writer.close()
        if self.lab is not None:
            self.lab.stop()
        if self.relay is not None:
            applog.remove_reporter(self.relay.error.emit)
        # The demo's history and the shared logs opened in this run.
        scratch.remove_mine()
        applog.log.info("window closed")


def log_health(window, every: float | None = None) -> QTimer:
    """Write the health figures to the log now and every `every` seconds
    (CENSORWATCH_HEALTH_SECONDS, default an hour): weeks of running leave a trace."""
    from shiboken6 import Shiboken

    def write() -> None:
        figures = health.sample(
            {
                "qt_wrappers": len(Shiboken.getAllValidWrappers()),
                "widgets": len(QApplication.allWidgets()),
                "rounds": window.rounds_seen,
            }
        )
        applog.log.info("health %s", json.dumps(figures))

    seconds = every or float(os.environ.get("CENSORWATCH_HEALTH_SECONDS") or HEALTH_SECONDS)
    timer = QTimer(window, interval=max(1000, int(seconds * 1000)))
    timer.timeout.connect(write)
    timer.start()
    write()
    return timer


def raise_running_instance(name: str) -> bool:
    """True when another censorwatch answers on `name`: it is asked to show its window."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(500):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    return True


def listen_for_second_starts(name: str, window) -> QLocalServer:
    server = QLocalServer(window)
    QLocalServer.removeServer(name)  # a stale socket left by a crash
    server.listen(name)

    def raise_window() -> None:
        while server.hasPendingConnections():
            server.nextPendingConnection().deleteLater()
        window.show_normal()

    server.newConnection.connect(raise_window)
    return server


def quit_on_signals(window) -> None:
    """SIGTERM (logout, a service manager) and SIGINT end the window as Quit does: the round
    in flight and the history are written first. Python runs signal handlers only between
    its own bytecodes, so the signal also wakes Qt's loop through a socket it watches."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(woken)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: window.quit())
    window._signal_sockets = (reader, writer, notifier)  # alive as long as the window


def run_gui(args, user_config: Path) -> int:
    path = applog.start()
    scratch.remove_leftovers()
    try:
        gui = build_gui(args, user_config)
    except UnusableBinding as exc:
        applog.log.error("%s", exc)
        print(f"censorwatch: {exc}", file=sys.stderr)
        return 2
    if gui is None:
        print("censorwatch is already running; its window was brought to the front.")
        return 0
    applog.log.info("window started (log: %s)", path)
    quit_on_signals(gui.window)
    if gui.first_run:
        ask_first(gui)
    else:
        start_engine_when_settled(gui)
    code = gui.app.exec()
    gui.close()
    return code


def ask_first(gui: Gui):
    """The first-run notice; nothing is checked before the person chooses to start."""
    from .firstrun import FirstRunNotice
    from .metered import metered_now

    window = gui.window
    notice = FirstRunNotice(window.catalog, window, metered=metered_now())

    def finished(result: int) -> None:
        if result != FirstRunNotice.DialogCode.Accepted:
            window.quit()
            return
        chosen = notice.chosen_catalog()
        if chosen is not window.catalog:
            try:  # remembered, so that the next start checks what was chosen, not more
                catalog_mod.save(chosen, window.config_path)
            except (OSError, ConfigError) as exc:
                window.banner.warn(str(exc))
            window.apply_catalog(chosen)
        window.settings.setValue("first_run_done", True)
        window.settings.sync()
        if window.data_dir is not None:  # the same agreement as `check` and `watch` ask for
            run_in_pool(
                lambda: consent.record(window.data_dir, "the window's first start"),
                lambda _: None,
                what="recording the agreement",
            )
        start_engine_when_settled(gui)

    notice.finished.connect(finished)
    notice.open()
    return notice


PAINT_FIRST_MS = 250


def start_engine_when_settled(gui: Gui, wait_ms: int = 1500) -> None:
    """Start the checks once the window shows what the history knows (or after `wait_ms`):
    the first round then does not compete with the start-up reads for the interpreter."""
    started: list[bool] = []

    def start() -> None:
        if not started:
            started.append(True)
            gui.bridge.start()

    # Once the history is shown, its painting comes first (a quarter second): the engine's
    # own reading of the history would share the interpreter with it.
    gui.window.historyLoaded.connect(lambda: QTimer.singleShot(PAINT_FIRST_MS, start))
    QTimer.singleShot(wait_ms, start)


def build_gui(args, user_config: Path, catalog_override: Catalog | None = None) -> Gui | None:
    """Create the window and everything behind it; the engine starts with `bridge.start()`."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("censorwatch")
    app.setOrganizationName("censorwatch")
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app, getattr(args, "theme", "system"))
    from .binding import problem

    unusable = problem()
    if unusable:
        raise UnusableBinding(unusable)
    wording.set_translator(QCoreApplication.translate)

    lab = None
    if args.demo:
        from ..lab import Lab

        temp = scratch.make("demo")  # removed when the window closes (or at the next start)
        lab = Lab(temp / "lab").start()
        catalog, config_error = catalog_mod.load(lab.config_path), None
        data_dir = temp / "history"
        seed_demo_history(data_dir, catalog)
        settings = _settings(temp)
        config_path = lab.config_path
        install_translation(app, settings)
    else:
        config_path = Path(args.config) if args.config else user_config
        data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
        instance = instance_name(data_dir)
        if raise_running_instance(instance):
            print(
                "censorwatch: this history is in use by another censorwatch (a window, which was "
                "asked to show itself, or `censorwatch watch`)",
                file=sys.stderr,
            )
            return None
        settings = _settings(
            Path(os.environ["CENSORWATCH_SETTINGS_DIR"])
            if os.environ.get("CENSORWATCH_SETTINGS_DIR")
            else None
        )
        install_translation(app, settings)  # first: the built-in catalog's names are said in it
        catalog, config_error = load_catalog(args.config, user_config)
        if catalog_override is not None:
            catalog = catalog_override

    from .bridge import EngineBridge
    from .window import MainWindow

    problems: list[str] = []

    def history_error(message: str) -> None:
        # Before the window exists the banner shows it from the list; afterwards, the relay.
        if not relay_ready:
            problems.append(message)
        applog.report_error(f"history: {message}")

    relay_ready: list[bool] = []

    # The history opens in the writer's thread (a busy one waits there, a damaged one is
    # moved aside there): the window shows at once and reads the history once it is open.
    opened = HistoryOpened()
    writer = StoreWriter(
        data_dir,
        retention_from(catalog.settings),
        on_error=history_error,
        on_open=lambda error, aside: opened.done.emit(error or "", str(aside or "")),
    )
    bridge = EngineBridge(catalog, writer, history=data_dir, metered=metered_source(app))
    window = MainWindow(
        catalog,
        None,
        bridge,
        settings,
        demo=bool(args.demo),
        config_path=config_path,
    )
    if config_error:
        window.banner.warn(
            QCoreApplication.translate(
                "MainWindow",
                "Your config has an error, so the built-in catalog runs until it is fixed (nothing was overwritten): {error}",
            ).format(error=config_error)
        )
    opened.deliver_to(window, data_dir, writer)
    for p in problems:
        window.banner.warn(p)
    relay = ErrorRelay(window)
    relay.error.connect(window.banner.warn)
    applog.add_reporter(relay.error.emit)
    relay_ready.append(True)
    window.health_timer = log_health(window)
    bridge.engineEvent.connect(window.history_event)
    if not args.demo:
        window.instance_server = listen_for_second_starts(instance, window)
    window.pause_action.setChecked(getattr(args, "paused", False))  # before the engine starts
    minimized = getattr(args, "minimized", False) and window.tray is not None
    if not minimized:
        startup_probe.watch(window)
        window.show()  # at login, with a tray, the window waits in the tray

    size_and_screenshot(window, args)

    # What exists now lives as long as the window: keep the garbage collector from walking
    # it again and again (full collections are the longest pauses of a big Qt program).
    gc.collect()
    gc.freeze()
    # The engine, the history writer and chart readers are Python threads too: hand the
    # interpreter lock over more often (default 5 ms), so the window waits less for it —
    # its painting calls Python for every row and cell and waits for the lock each time
    # (benchmarks/gui.py, longest stalls: 38-70 ms at 1 ms, 31-64 ms at 0.2 ms, before the
    # summary's batched layout; a round took as long).
    sys.setswitchinterval(0.0002)
    first_run = not (args.demo or args.screenshot) and not settings.value(
        "first_run_done", False, type=bool
    )
    return Gui(app, window, bridge, writer, lab, relay, first_run)
