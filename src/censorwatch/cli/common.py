"""What the commands share: exit codes, usage errors, the config and history they use,
ages such as 24h, local times, and speaking the person's language."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .. import catalog as catalog_mod
from .. import localtime
from ..catalog import Catalog
from ..diagnosis.wording import catalog_text, translate
from ..resources import resources_dir

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


_translators: list[object] = []


class UsageError(Exception):
    pass


def user_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("censorwatch", appauthor=False)) / "config.toml"


def load_catalog(args) -> Catalog:
    """--config, else the person's own config, else the built-in catalog."""
    if args.config:
        return catalog_mod.load(args.config)
    path = user_config_path()
    if path.is_file():
        return catalog_mod.load(path)
    return catalog_mod.load_default(catalog_text)


def data_dir(args) -> Path:
    from ..store import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def open_store(args, catalog: Catalog | None = None):
    """The history of --data-dir, saying on stderr when it was moved aside or upgraded."""
    from ..store import Store, retention_from

    retention = retention_from(catalog.settings) if catalog is not None else None
    store = Store(data_dir(args), retention)
    if store.moved_aside:
        note = translate(
            "Cli",
            "the history could not be read; it was moved aside to {path} and a new one was started",
        ).format(path=store.moved_aside)
        print(f"censorwatch: {note}", file=sys.stderr)
    if store.backup:
        note = translate("Cli", "history upgraded; the previous file is kept as {path}").format(
            path=store.backup
        )
        print(f"censorwatch: {note}", file=sys.stderr)
    return store


def parse_age(text: str, option: str = "--since") -> float:
    """'90m', '24h', '7d', '2w' or plain seconds -> seconds; 'all' -> since the epoch."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
    text = text.strip().lower()
    if text == "all":
        return time.time()
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise UsageError(
            translate("Cli", "{option}: cannot read {text}; write e.g. 90m, 24h or 7d").format(
                option=option, text=repr(text)
            )
        ) from None


def local_time(iso: str) -> str:
    """An ISO UTC time as the person's local 'YYYY-MM-DD HH:MM'."""
    return localtime.from_iso(iso)


def speak_the_locale() -> None:
    """Verdicts and words in Russian when the person's locale is Russian (or
    CENSORWATCH_LANG=ru); option help stays in English."""
    choice = os.environ.get("CENSORWATCH_LANG", "system")
    if choice == "system":
        choice = (
            os.environ.get("LC_ALL")
            or os.environ.get("LC_MESSAGES")
            or os.environ.get("LANG")
            or ""
        )
    if not choice.startswith("ru"):
        return
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ..diagnosis import wording

    app = QCoreApplication.instance() or QCoreApplication(["censorwatch"])
    translator = QTranslator(app)
    if translator.load(str(resources_dir() / "censorwatch_ru.qm")):
        app.installTranslator(translator)
        _translators.append(translator)  # alive as long as the command runs
        wording.set_translator(QCoreApplication.translate)
