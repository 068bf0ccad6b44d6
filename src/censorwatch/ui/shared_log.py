"""A log someone shared, read into its own temporary history (never mixed into yours), with
the catalog it describes; and the stand-in for the engine while it is shown (nothing is
checked)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .. import scratch
from ..catalog import Catalog, ProbeSpec, Service, Settings
from ..export.shared import read_shared
from ..store import Store, import_measurements


class NullBridge(QObject):
    """Stands in for the engine when the window shows a shared log: nothing is checked."""

    roundStarted = Signal(list)
    probeFinished = Signal(object)
    roundFinished = Signal(object)
    historyWritten = Signal()
    engineEvent = Signal(str)
    roundFailed = Signal(str)

    def check_now(self, *_a) -> None:
        pass

    def set_paused(self, *_a) -> None:
        pass

    def replace_catalog(self, *_a) -> None:
        pass

    def next_round_at(self):
        return None

    started = False

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def load_shared_log(path: Path):
    """Import a log censorwatch wrote (report, JSON Lines, OONI) into its own temporary history (runs off the GUI thread).
    Returns (folder, catalog built from the log, measurements, problems, the network state
    the log ended in, when it ended)."""
    folder = scratch.make("shared")  # removed when its window closes (or at exit)
    problems: list[str] = []
    with Store(folder) as store:
        n = import_measurements(
            store,
            read_shared(
                path, lambda number, reason: problems.append(f"{path.name}:{number}: {reason}")
            ),
        ).inserted
        rows = store.targets()
        last = store.last_round()
    services: dict[str, Service] = {}
    for key, name, region, capability, kind, target in rows:
        service = services.setdefault(
            key,
            Service(
                id=key, name=name, region=region, group="domestic" if region == "domestic" else ""
            ),
        )
        service.probes.append(
            ProbeSpec(
                capability,
                kind,
                url=target if "://" in target else None,
                host=None if "://" in target else target,
            )
        )
    state = last[1] if last else None
    ended = last[0] + 60 if last else None
    return (
        folder,
        Catalog(Settings(), list(services.values()), str(path)),
        n,
        problems,
        state,
        ended,
    )
