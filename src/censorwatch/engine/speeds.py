"""The round's speeds: the link's reference download (only when a slow download or page has
no other comparison: it costs data), the link's speed the round measured, and speed
comparisons carried between the rounds that make them (they run hourly)."""

from __future__ import annotations

import dataclasses
import statistics

from ..catalog import Settings
from ..diagnosis.speed import needs_reference, slow_everywhere
from ..probes import Network, ProbeRecord, throughput
from ..probes.records import Transfer
from .results import ProbeResult

CARRY_INTERVALS = 3  # a speed comparison stands for this many comparison intervals


async def reference(
    settings: Settings, network: Network, results: list[ProbeResult]
) -> ProbeRecord | None:
    """The link's own speed, downloaded only when a slow download has no decoy to be
    compared with, or a page is slow under every name (it costs data too)."""
    url = settings.reference_url
    transfers = [
        r.record.transfer
        for r in results
        if r.record.transfer is not None and r.record.failure is None
    ]
    pages = any(slow_everywhere(r.record) for r in results)
    if not url or not (pages or any(needs_reference(t) for t in transfers)):
        return None
    seconds = max(
        (r.spec.max_seconds for r in results if r.spec.kind == "throughput"),
        default=settings.timeout,
    )
    record = await throughput.reference(network, url, seconds / (2 * throughput.PAIRS))
    if record.failure is None and record.kbps:
        for t in transfers:
            t.reference_kbps = record.kbps
    return record


def carry(
    last_speed: dict[tuple[str, str, str, str], tuple[Transfer, float]],
    settings: Settings,
    results: list[ProbeResult],
    compared: bool,
    now: float,
    steady: float,
) -> None:
    """Remember this round's comparisons; between comparisons, a probe whose object is
    still reachable keeps the last comparison's speeds (marked with their time, `now` on
    the wall clock; their age is kept on the steady clock, `steady`, so setting the clock
    neither keeps them for ever nor drops them)."""
    keep = CARRY_INTERVALS * settings.throughput_interval
    for r in results:
        if r.spec.kind != "throughput":
            continue
        t = r.record.transfer
        if compared:
            if t is not None and r.record.failure is None:
                last_speed[r.key] = (dataclasses.replace(t, measured_at=now), steady)
            else:
                last_speed.pop(r.key, None)
            continue
        last = last_speed.get(r.key)
        if last is not None and r.record.failure is None and steady - last[1] < keep:
            r.record.transfer = dataclasses.replace(last[0])


def link_kbps(reference: ProbeRecord | None, results: list[ProbeResult]) -> float | None:
    """The link's speed this round: the reference download, else the fastest download under
    the decoy name (a name nobody throttles), else unknown."""
    if reference is not None and reference.failure is None and reference.kbps:
        return reference.kbps
    decoys = [
        statistics.median(t.decoy_kbps)
        for r in results
        if (t := r.record.transfer) is not None and t.decoy_kbps and t.measured_at is None
    ]
    return max(decoys, default=None)
