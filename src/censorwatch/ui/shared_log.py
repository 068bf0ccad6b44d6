"""A log someone shared, read into its own temporary history (never mixed into yours), with
the catalog it describes; and the stand-in for the engine while it is shown (nothing is
checked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .. import localtime, scratch
from ..catalog import Catalog, ProbeSpec, Service, Settings
from ..export.shared import log_facts, read_shared
from ..provider import Provider
from ..store import Store, import_measurements, keep_everything
from ..translation import translate


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


@dataclass(slots=True)
class SharedLog:
    """A log someone shared, read into its own temporary history."""

    folder: Path
    catalog: Catalog  # built from the log
    measurements: int
    problems: list[str]
    state: str | None  # the network state the log ended in
    first: float | None  # its first and last rounds (Unix time)
    last: float | None
    provider: Provider | None  # the provider of its last round that found one
    facts: dict[str, str] = field(default_factory=dict)  # version, made (export/shared.py)


def load_shared_log(path: Path) -> SharedLog:
    """Import a log censorwatch wrote (report, JSON Lines, OONI) into its own temporary
    history, which keeps everything (runs off the GUI thread)."""
    folder = scratch.make("shared")  # removed when its window closes (or at exit)
    problems: list[str] = []
    with Store(folder, keep_everything()) as store:
        n = import_measurements(
            store,
            read_shared(
                path, lambda number, reason: problems.append(f"{path.name}:{number}: {reason}")
            ),
        ).inserted
        rows = store.targets()
        last = store.last_round()
        span = store.round_span(0, 2**40)
        provider = Provider.from_dict(store.last_provider())
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
    return SharedLog(
        folder,
        Catalog(Settings(), list(services.values()), str(path)),
        n,
        problems,
        last[1] if last else None,
        span[0] if span else None,
        span[1] if span else None,
        provider,
        log_facts(path),
    )


def _length(seconds: float) -> str:
    """How long a log runs, in the largest unit that says it."""
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return translate("SharedLog", "%n minute(s)", None, minutes)
    hours = round(seconds / 3600)
    if hours < 48:
        return translate("SharedLog", "%n hour(s)", None, hours)
    days = round(seconds / 86400)
    return translate("SharedLog", "%n day(s)", None, days)


def describe(log: SharedLog) -> list[str]:
    """What the shared log's window says of the log: the period it covers, and when, where
    and by which censorwatch it was made, as far as its format tells."""
    lines = []
    if log.first is not None and log.last is not None:
        here = dt.datetime.fromtimestamp(log.last).astimezone()
        lines.append(
            translate(
                "SharedLog", "It covers {start} – {end} ({length}; times in your zone, {zone})."
            ).format(
                start=localtime.from_unix(log.first),
                end=localtime.from_unix(log.last),
                length=_length(log.last - log.first),
                zone=localtime.utc_offset(here),
            )
        )
    made = log.facts.get("made")
    moment = None
    if made:
        try:
            moment = dt.datetime.fromisoformat(made)
        except ValueError:
            moment = None
    version = log.facts.get("version")
    if moment is not None and moment.tzinfo is not None:
        when = translate("SharedLog", "Made {time} in the sender's zone, {zone}").format(
            time=moment.strftime(localtime.MINUTE), zone=localtime.utc_offset(moment)
        )
    else:
        when = translate("SharedLog", "When and where it was made: not in this format")
    by = (
        translate("SharedLog", "by censorwatch {version}").format(version=version)
        if version
        else translate("SharedLog", "version not recorded")
    )
    provider = (
        translate("SharedLog", "provider {provider}").format(provider=log.provider.label)
        if log.provider
        else translate("SharedLog", "provider unknown")
    )
    lines.append(f"{when}, {by}; {provider}.")
    return lines


def period_label(log: SharedLog) -> str:
    """The status bar's words for a shared log (never "first round starting")."""
    if log.first is None or log.last is None:
        return translate("SharedLog", "Shared log (read-only)")
    return translate("SharedLog", "Shared log {start} – {end} (read-only)").format(
        start=localtime.from_unix(log.first), end=localtime.from_unix(log.last)
    )
