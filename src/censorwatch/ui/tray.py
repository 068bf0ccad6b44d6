"""The tray icon: the overall state at a glance (its icon and tooltip), a menu to show the
window, check now, pause and quit, and the place notifications appear."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ..diagnosis.wording import status_word
from ..engine import RoundResult
from .status_style import status_icon


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def overall(rnd: RoundResult) -> tuple[str, list[str]]:
    """The state the tray shows, and the services blocked."""
    statuses = [s.verdict.status for s in rnd.services if s.service.region != "domestic"]
    blocked = [s.service.name for s in rnd.services if s.verdict.status == "blocked"]
    if rnd.network_state != "online":
        return "offline", blocked
    if blocked:
        return "blocked", blocked
    return ("degraded" if "degraded" in statuses else "ok"), blocked


def make_tray(window, actions) -> QSystemTrayIcon | None:
    """The tray icon of `window` with `actions` in its menu; None where there is no tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(status_icon(None, 32), window)
    menu = QMenu(window)
    show = menu.addAction(_tr("Show censorwatch"))
    show.triggered.connect(window.show_normal)
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    tray.setContextMenu(menu)
    tray.setToolTip("censorwatch")
    tray.activated.connect(window.tray_activated)
    tray.show()
    return tray


def show_round(tray: QSystemTrayIcon, rnd: RoundResult) -> None:
    state, blocked = overall(rnd)
    tray.setIcon(status_icon(state, 32))
    tray.setToolTip(
        "censorwatch: "
        + (
            _tr("blocked: {names}").format(names=", ".join(blocked[:5]))
            if blocked
            else status_word(state)
        )
    )
