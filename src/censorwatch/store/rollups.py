"""The rollups' aggregates as a batch is written: counts per status and latencies per bucket,
made at the finest level kept and added up into the coarser ones."""

from __future__ import annotations

from typing import Any

from .codes import DAY, HOUR, MINUTE

LEVELS = ((MINUTE, 60_000), (HOUR, 3_600_000), (DAY, 86_400_000))
# An aggregate: counts per status code (n0..n4), then latency min, max and histogram.
LO, HI, HIST = 5, 6, 7


def aggregate() -> list[Any]:
    return [0, 0, 0, 0, 0, None, None, {}]


def levels(
    bases: dict[tuple[int, int, str, int], list[Any]], kept_from: dict[int, int]
) -> dict[tuple[Any, ...], list[Any]]:
    """Every level's aggregates from the batch's finest kept ones (one per minute where minutes are kept, else per hour or day): a minute's
    counts go to its hour (when kept) and day, an hour's to its day."""
    out: dict[tuple[Any, ...], list[Any]] = {}
    first_hour = kept_from.get(HOUR, 0) // 3_600_000
    get = out.get
    for base_key, agg in bases.items():
        level, service_id, capability, bucket = base_key
        if level == MINUTE:
            out[base_key] = agg  # a minute has no other source
            hour = bucket // 60  # whole minutes: the same as minute * 60_000 // 3_600_000
            day = (DAY, service_id, capability, bucket // 1440)
            keys: tuple[tuple[Any, ...], ...] = (
                ((HOUR, service_id, capability, hour), day) if hour >= first_hour else (day,)
            )
        elif level == HOUR:
            keys = (base_key, (DAY, service_id, capability, bucket // 24))
        else:
            keys = (base_key,)
        n0, n1, n2, n3, n4, lo, hi, counts = agg
        for key in keys:
            into = get(key)
            if into is None:
                out[key] = [n0, n1, n2, n3, n4, lo, hi, dict(counts)]
                continue
            into[0] += n0
            into[1] += n1
            into[2] += n2
            into[3] += n3
            into[4] += n4
            if lo is not None:
                if into[LO] is None or lo < into[LO]:
                    into[LO] = lo
                if into[HI] is None or hi > into[HI]:
                    into[HI] = hi
            hist = into[HIST]
            for b, n in counts.items():
                hist[b] = hist.get(b, 0) + n
    return out
