"""Latency histograms for rollups: log-spaced bins, small sparse encoding, mergeable."""

from __future__ import annotations

import math
import struct
from bisect import bisect_right

# Bin i covers [0.1 ms * 2^(i/4), 0.1 ms * 2^((i+1)/4)): about ±9 % around its middle.
_BASE_TENTHS = 1.0  # values are stored in tenths of a millisecond
_STEPS_PER_DOUBLING = 4
BINS = 100
_PAIR = struct.Struct("<BI")


def _bin_by_log(tenths: int) -> int:
    if tenths <= 1:
        return 0
    return min(BINS - 1, int(math.log2(tenths / _BASE_TENTHS) * _STEPS_PER_DOUBLING))


def _first_of(i: int) -> int:
    """The smallest value in bin `i` or above (the bins are monotonic)."""
    lo, hi = 1, 1 << 40
    while lo < hi:
        mid = (lo + hi) // 2
        if _bin_by_log(mid) >= i:
            hi = mid
        else:
            lo = mid + 1
    return lo


# Where each bin after the first begins: a value's bin is how many of these it reaches.
_FIRSTS = [_first_of(i) for i in range(1, BINS)]


def bin_of(tenths: int) -> int:
    return bisect_right(_FIRSTS, tenths)


def bin_middle(i: int) -> float:
    """The geometric middle of bin `i`, in tenths of a millisecond."""
    return _BASE_TENTHS * 2 ** ((i + 0.5) / _STEPS_PER_DOUBLING)


def encode(counts: dict[int, int]) -> bytes:
    if len(counts) == 1:  # most minutes of a series: one check
        ((b, n),) = counts.items()
        return _PAIR.pack(b, n) if n else b""
    return b"".join(_PAIR.pack(b, n) for b, n in sorted(counts.items()) if n)


def decode(blob: bytes | None) -> dict[int, int]:
    if not blob:
        return {}
    return {b: n for b, n in _PAIR.iter_unpack(blob)}


def merge(a: bytes | None, b: bytes | None) -> bytes | None:
    """Two stored histograms as one; None (as a bucket without latencies is written) when
    both are empty."""
    counts = decode(a)
    for k, n in decode(b).items():
        counts[k] = counts.get(k, 0) + n
    return encode(counts) if counts else None


def median(counts: dict[int, int], lo: int | None = None, hi: int | None = None) -> float | None:
    """Approximate median in tenths of a ms, clamped to the exact min and max."""
    total = sum(counts.values())
    if not total:
        return None
    seen = 0
    for b in sorted(counts):
        seen += counts[b]
        if seen * 2 >= total:
            value = bin_middle(b)
            if lo is not None:
                value = max(value, lo)
            if hi is not None:
                value = min(value, hi)
            return value
    return None
