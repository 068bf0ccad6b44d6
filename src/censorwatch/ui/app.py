"""Starting the window: config (or the default catalog with a banner when yours is broken),
history, the engine thread, the demo lab, and --screenshot."""

from __future__ import annotations

import gc
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

    def __init__(self, app, window, bridge, writer, lab=None, temp=None):
        self.app, self.window, self.bridge, self.writer, self.lab, self.temp = (
            app,
            window,
            bridge,
            writer,
            lab,
            temp,
        )

    def close(self) -> None:
        # Let background reads finish while their receivers still exist.
        QThreadPool.globalInstance().waitForDone(10_000)
        self.bridge.stop()
        self.writer.close()
        if self.lab is not None:
            self.lab.stop()
        if self.temp is not None:
            self.temp.cleanup()


def run_gui(args, user_config: Path) -> int:
    gui = build_gui(args, user_config)
    start_engine_when_settled(gui)
    code = gui.app.exec()
    gui.close()
    # Everything is written and stopped. Leave without the interpreter's final garbage
    # collection, where PySide6 6.x on Python 3.11 can abort over Qt objects torn down out
    # of order ("bool_dealloc") -- a crash after the work is done, but a scary one.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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


def build_gui(args, user_config: Path, catalog_override: Catalog | None = None) -> Gui:
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
    window.show()

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
    return Gui(app, window, bridge, writer, lab, temp)
