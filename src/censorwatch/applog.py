"""The program's own log: a rotating file in the user's log folder that receives every error
(of any thread), the state changes and periodic health figures, so nothing fails silently.

No Qt here: the window and `censorwatch watch` both call `start()`; the window adds a
reporter that shows errors in its banner.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

LOGGER = "censorwatch"
MAX_BYTES = 1_000_000
BACKUPS = 3  # four files of at most 1 MB: weeks of a quiet monitor

log = logging.getLogger(LOGGER)
_reporters: list[Callable[[str], None]] = []


def default_log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("censorwatch", appauthor=False))


def start(folder: Path | None = None, *, stderr: bool = False) -> Path | None:
    """Log to `folder/censorwatch.log` (rotating); install the exception hooks. Returns the
    file, or None when the folder cannot be written (then errors still reach stderr)."""
    log.setLevel(logging.INFO)
    log.propagate = False
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    wanted = (folder or default_log_dir()) / "censorwatch.log"
    path: Path | None = wanted
    handler: logging.Handler
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            wanted, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"censorwatch: cannot write the log {wanted}: {exc}", file=sys.stderr)
        path, handler = None, logging.StreamHandler(sys.stderr)
        stderr = False
    handler.setFormatter(fmt)
    log.addHandler(handler)
    if stderr:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(fmt)
        log.addHandler(console)
    install_hooks()
    return path


def add_reporter(fn: Callable[[str], None]) -> None:
    """`fn(sentence)` is told of every error logged through `report_error` (any thread)."""
    _reporters.append(fn)


def remove_reporter(fn: Callable[[str], None]) -> None:
    if fn in _reporters:
        _reporters.remove(fn)


def report_error(summary: str, exc: BaseException | None = None) -> None:
    """Log an error with its traceback and tell the reporters (the window's banner)."""
    if exc is not None:
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("%s\n%s", summary, detail.rstrip())
    else:
        log.error("%s", summary)
    tell(summary)


def tell(summary: str) -> None:
    """Tell the reporters of an error that is already logged."""
    for fn in list(_reporters):
        try:
            fn(summary)
        except Exception:
            log.exception("a reporter failed")


def _excepthook(kind, value, tb) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    value = value if value is not None else kind()
    value.__traceback__ = tb
    report_error(f"unexpected error: {kind.__name__}: {value}", value)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    value = args.exc_value if args.exc_value is not None else args.exc_type()
    name = args.thread.name if args.thread else "a thread"
    report_error(f"unexpected error in {name}: {args.exc_type.__name__}: {value}", value)


_saved_hooks: list[tuple] = []


def install_hooks() -> None:
    """Uncaught exceptions of the main thread, of Qt's callbacks into Python (PySide prints
    them through sys.excepthook) and of every other thread end up in the log."""
    if not _saved_hooks:
        _saved_hooks.append((sys.excepthook, threading.excepthook))
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def stop() -> None:
    """Close the log file and put the previous exception hooks back."""
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    if _saved_hooks:
        sys.excepthook, threading.excepthook = _saved_hooks.pop()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
