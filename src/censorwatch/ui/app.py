"""Starting the window: config (or the default catalog with a banner when yours is broken),
history, the engine thread, the demo lab, and --screenshot."""

from __future__ import annotations

import gc
import getpass
import hashlib
import os
import sys
import tempfile
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

from .. import catalog as catalog_mod
from ..catalog import Catalog, ConfigError
from ..diagnosis import words
from ..store import Store, default_data_dir, retention_from
from ..store.writer import StoreWriter

SCREENSHOT_TIMEOUT_MS = 120_000


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
    if not ours.load(str(catalog_mod.resources_dir() / "censorwatch_ru.qm")):
        return "en"  # not built: `make` builds it
    app.installTranslator(ours)
    qt = QTranslator(app)  # Qt's own words: dialog buttons, context menus
    if qt.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    app._censorwatch_translators = (ours, qt)  # keep them alive
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
            return catalog_mod.load_default(), str(exc)
    return catalog_mod.load_default(), None


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

    def __init__(self, app, window, bridge, writer, lab=None, temp=None, first_run=False):
        self.app, self.window, self.bridge, self.writer = app, window, bridge, writer
        self.lab, self.temp, self.first_run = lab, temp, first_run

    def close(self) -> None:
        # Let background reads finish while their receivers still exist.
        QThreadPool.globalInstance().waitForDone(10_000)
        self.bridge.stop()
        self.writer.close()
        if self.lab is not None:
            self.lab.stop()
        if self.temp is not None:
            self.temp.cleanup()


def instance_name(data_dir: Path) -> str:
    """One running censorwatch per history: the name of its local socket."""
    digest = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return f"censorwatch-{getpass.getuser()}-{digest}"


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


def run_gui(args, user_config: Path) -> int:
    gui = build_gui(args, user_config)
    if gui is None:
        print("censorwatch is already running; its window was brought to the front.")
        return 0
    if gui.first_run:
        ask_first(gui)
    else:
        start_engine_when_settled(gui)
    code = gui.app.exec()
    gui.close()
    # Everything is written and stopped. Leave without the interpreter's final garbage
    # collection, where PySide6 6.x on Python 3.11 can abort over Qt objects torn down out
    # of order ("bool_dealloc") -- a crash after the work is done, but a scary one.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def ask_first(gui: Gui):
    """The first-run notice; nothing is checked before the person chooses to start."""
    from .firstrun import FirstRunNotice

    window = gui.window
    notice = FirstRunNotice(window.catalog, window)

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
        start_engine_when_settled(gui)

    notice.finished.connect(finished)
    notice.open()
    return notice


def start_engine_when_settled(gui: Gui, wait_ms: int = 1500) -> None:
    """Start the checks once the window shows what the history knows (or after `wait_ms`):
    the first round then does not compete with the start-up reads for the interpreter."""
    started = []

    def start() -> None:
        if not started:
            started.append(True)
            gui.bridge.start()

    gui.window.historyLoaded.connect(start)
    QTimer.singleShot(wait_ms, start)


def build_gui(args, user_config: Path, catalog_override: Catalog | None = None) -> Gui | None:
    """Create the window and everything behind it; the engine starts with `bridge.start()`."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("censorwatch")
    app.setOrganizationName("censorwatch")
    app.setQuitOnLastWindowClosed(False)
    words.set_translator(QCoreApplication.translate)

    lab = None
    temp = None
    if args.demo:
        from ..lab import Lab

        temp = tempfile.TemporaryDirectory(prefix="censorwatch-demo-")
        lab = Lab(Path(temp.name) / "lab").start()
        catalog, config_error = catalog_mod.load(lab.config_path), None
        data_dir = Path(temp.name) / "history"
        seed_demo_history(data_dir, catalog)
        settings = _settings(Path(temp.name))
        config_path = lab.config_path
    else:
        config_path = Path(args.config) if args.config else user_config
        catalog, config_error = load_catalog(args.config, user_config)
        if catalog_override is not None:
            catalog = catalog_override
        data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
        instance = instance_name(data_dir)
        if raise_running_instance(instance):
            return None
        settings = _settings(
            Path(os.environ["CENSORWATCH_SETTINGS_DIR"])
            if os.environ.get("CENSORWATCH_SETTINGS_DIR")
            else None
        )

    install_translation(app, settings)
    from .bridge import EngineBridge
    from .window import MainWindow

    problems: list[str] = []
    writer = StoreWriter(data_dir, retention_from(catalog.settings), on_error=problems.append)
    bridge = EngineBridge(
        catalog,
        None if writer.store_error else writer,
        history=None if writer.store_error else data_dir,
    )
    window = MainWindow(
        catalog,
        None if writer.store_error else data_dir,
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
    if writer.store_error:
        window.banner.warn(
            QCoreApplication.translate("MainWindow", "History is not kept: {error}").format(
                error=writer.store_error
            )
        )
    if writer.moved_aside:
        window.banner.warn(
            QCoreApplication.translate(
                "MainWindow",
                "The history could not be read; it was moved aside to {path} and a new one was started.",
            ).format(path=writer.moved_aside)
        )
    for p in problems:
        window.banner.warn(p)
    bridge.event.connect(lambda text: text.startswith("history") and window.banner.warn(text))
    if not args.demo:
        window._instance_server = listen_for_second_starts(instance, window)
    minimized = getattr(args, "minimized", False) and window.tray is not None
    if not minimized:
        window.show()  # at login, with a tray, the window waits in the tray

    if args.screenshot:
        target = Path(args.screenshot)

        def save() -> None:
            window.grab().save(str(target))
            window.quit()

        def after_first_round() -> None:
            # Wait for the round to reach the history and the chart to redraw.
            window.chart.loaded.connect(lambda: QTimer.singleShot(300, save))
            QTimer.singleShot(15_000, save)

        window.firstRoundShown.connect(after_first_round)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, save)

    # What exists now lives as long as the window: keep the garbage collector from walking
    # it again and again (full collections are the longest pauses of a big Qt program).
    gc.collect()
    gc.freeze()
    # The engine, the history writer and chart readers are Python threads too: hand the
    # interpreter lock over more often (default 5 ms), so the window waits less for it.
    sys.setswitchinterval(0.001)
    first_run = not (args.demo or args.screenshot) and not settings.value(
        "first_run_done", False, type=bool
    )
    return Gui(app, window, bridge, writer, lab, temp, first_run)
