"""Whether the connection is metered, as the desktop knows it: Qt's QNetworkInformation
(NetworkManager's own flag on Linux, the system's elsewhere), read in the GUI thread and
kept for the engine's thread; NetworkManager's command line where Qt has no answer."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtNetwork import QNetworkInformation

from ..applog import log
from ..engine.budget import system_metered


def metered_source(app=None) -> Callable[[], bool | None]:
    """A callable the engine may call from any thread. CENSORWATCH_METERED overrides (tests,
    and systems we cannot ask)."""
    if os.environ.get("CENSORWATCH_METERED") in ("0", "1"):
        return system_metered
    feature = QNetworkInformation.Feature.Metered
    try:
        loaded = QNetworkInformation.loadBackendByFeatures(feature)
    except (AttributeError, RuntimeError):
        loaded = False
    info = QNetworkInformation.instance() if loaded else None
    if info is None or not info.supports(feature):
        return system_metered
    state = {"metered": bool(info.isMetered())}

    def changed(metered: bool) -> None:
        state["metered"] = bool(metered)
        log.info("the connection is %s", "metered" if metered else "not metered")

    info.isMeteredChanged.connect(changed)
    log.info("metered connections: from Qt's %s backend", info.backendName())
    return lambda: state["metered"]


def metered_now() -> bool | None:
    """Whether the connection is metered, without waiting (the GUI thread asks): the override,
    else Qt's answer where its backend has one, else None (not known)."""
    forced = os.environ.get("CENSORWATCH_METERED")
    if forced in ("0", "1"):
        return forced == "1"
    info = QNetworkInformation.instance()
    feature = QNetworkInformation.Feature.Metered
    if info is None or not info.supports(feature):
        return None
    return bool(info.isMetered())
