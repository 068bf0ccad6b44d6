"""A check of the Qt binding at start-up: a release that drops references to None or True
(PySide6 6.12.0 on Python 3.11, docs/upstream/pyside6-6.12.0-refcount.md) would abort the
window hours later, so it is refused at once with a sentence saying what to install.

pyproject.toml already excludes that release where it is fatal; this covers installs that
bypass it (a distribution's package, a hand-made environment)."""

from __future__ import annotations

import sys
from collections.abc import Callable

CALLS = 64


def _immortal(obj: object) -> bool:
    # Python 3.12+ (PEP 683): None, True and False are immortal; a dropped reference to
    # them changes nothing.
    return sys.version_info >= (3, 12)


def drops_references(call: Callable[[], object] | None = None) -> list[str]:
    """The singletons that `call` (by default a void Qt method and a signal emission) loses
    a reference to, when they are mortal. Empty when the binding is sound."""
    if call is None:
        from PySide6.QtCore import QObject, QTimer, Signal

        class _Probe(QObject):
            ping = Signal()

        timer, probe = QTimer(), _Probe()

        def call() -> None:
            timer.setInterval(5)  # a void method: returns None
            probe.ping.emit()  # returns True

    lost = []
    for name, obj in (("None", None), ("True", True)):
        if _immortal(obj):
            continue
        call()
        before = sys.getrefcount(obj)
        for _ in range(CALLS):
            call()
        if sys.getrefcount(obj) <= before - CALLS // 2:
            lost.append(name)
    return lost


def problem() -> str | None:
    """A sentence for the person when the installed binding is unusable, else None."""
    lost = drops_references()
    if not lost:
        return None
    import PySide6

    return (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} drops references to "
        f"{' and '.join(lost)} on every call, which aborts a long-running window. Install a "
        "release censorwatch allows (pip install 'PySide6-Essentials<6.12'), or run it on "
        "Python 3.12 or newer."
    )
