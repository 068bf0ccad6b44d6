"""What the history chart draws, read off the GUI thread: the status band as a heartbeat
(each check fills its interval, as Uptime Kuma draws it), the range fitted to the data, and
the measure that fits the part: download speed where speed is measured, the kilobytes before
a transfer froze, latency otherwise."""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from ..store import Bucket, Store, keep_everything

BUCKETS = 240

# The lower plot's measure, by the probe kinds a part has (first match wins).
SPEED, FREEZE, LATENCY = "speed", "freeze", "latency"
MEASURE_KIND = {SPEED: "throughput", FREEZE: "freeze"}


def measure_for(kinds: set[str], capability: str | None) -> str:
    """Speed for a part with a download check, the freeze point for a part checked for
    freezes, latency otherwise (and for a whole service, whose parts differ)."""
    if capability is None:
        return LATENCY
    for measure, kind in MEASURE_KIND.items():
        if kind in kinds:
            return measure
    return LATENCY


def heartbeat(buckets: list[Bucket]) -> list[str | None]:
    """Each slice's status as a band shows it: a slice between two checks keeps the last
    check's status while the gap is no longer than about one interval between checks (the
    median gap, with room for a late round); a longer silence shows as no checks."""
    measured = [i for i, b in enumerate(buckets) if b.status]
    out: list[str | None] = [b.status for b in buckets]
    if len(measured) < 2:
        return out
    gaps = [b - a for a, b in itertools.pairwise(measured)]
    hold = max(1, round(1.5 * statistics.median(gaps)))
    for a, b in zip(measured, [*measured[1:], len(buckets)], strict=False):
        last = buckets[a].status
        for i in range(a + 1, min(b, a + hold)):
            out[i] = last
    return out


def band_runs(
    buckets: list[Bucket], band: list[str | None]
) -> list[tuple[str | None, float, float]]:
    """(status, start, end) of each run of slices with the same status in the band."""
    out: list[tuple[str | None, float, float]] = []
    for bucket, status in zip(buckets, band, strict=True):
        if out and out[-1][0] == status:
            out[-1] = (status, out[-1][1], bucket.end)
        else:
            out.append((status, bucket.start, bucket.end))
    return out


def band_at(data: dict, bucket: Bucket) -> str | None:
    """The band's status at one of `data`'s slices (a held status where nothing was checked)."""
    for b, status in zip(data.get("buckets", []), data.get("band", []), strict=False):
        if b is bucket:
            return status
    return None


def chart_data(
    folder: Path,
    service: str,
    capability: str | None,
    start: float,
    end: float,
    buckets: int = BUCKETS,
    fit: bool = False,
    keep_all: bool = False,
) -> dict:
    """Everything the chart draws for a range, read from rollups. With `fit`, a range
    longer than the kept history starts shortly before its first check instead."""
    # A shared log's history keeps every level (nothing is pruned from it): its minutes are
    # there however old the log is.
    store = Store(folder, keep_everything() if keep_all else None, read_only=True)
    try:
        first = store.first_time(service, capability)
        if fit and first is not None and first > start:
            start = max(start, first - max(60.0, 0.04 * (end - first)))
        series = store.timeline(service, capability, start, end, buckets)
        changes = [
            c
            for c in store.changes(service, since=start)
            if (capability is None and c["capability"] == "*") or c["capability"] == capability
        ]
        measure = (
            LATENCY
            if service == "network"
            else measure_for(store.kinds(service, capability), capability)
        )
        points = (
            store.measure_points(service, capability, MEASURE_KIND[measure], start, end)
            if measure in MEASURE_KIND
            else []
        )
    finally:
        store.close()
    return {
        "service": service,
        "capability": capability,
        "start": start,
        "end": end,
        "first": first,
        "buckets": series,
        "band": heartbeat(series),
        "changes": changes,
        "measure": measure,
        "points": points,
    }
