"""Latency histograms for rollups: log-spaced bins, small sparse encoding, mergeable."""

from __future__ import annotations

import math
import struct

# Bin i covers [0.1 ms * 2^(i/4), 0.1 ms * 2^((i+1)/4)): about ±9 % around its middle.
_BASE_TENTHS = 1.0  # values are stored in tenths of a millisecond
_STEPS_PER_DOUBLING = 4
BINS = 100
_PAIR = struct.Struct("<BI")


def bin_of(tenths: int) -> int:
    if tenths <= 1:
        return 0
    return min(BINS - 1, int(math.log2(tenths / _BASE_TENTHS) * _STEPS_PER_DOUBLING))


def bin_middle(i: int) -> float:
    """The geometric middle of bin `i`, in tenths of a millisecond."""
    return _BASE_TENTHS * 2 ** ((i + 0.5) / _STEPS_PER_DOUBLING)


def encode(counts: dict[int, int]) -> bytes:
    return b"".join(_PAIR.pack(b, n) for b, n in sorted(counts.items()) if n)


def decode(blob: bytes | None) -> dict[int, int]:
    if not blob:
        return {}
    return {b: n for b, n in _PAIR.iter_unpack(blob)}


def merge(a: bytes | None, b: bytes | None) -> bytes:
    counts = decode(a)
    for k, n in decode(b).items():
        counts[k] = counts.get(k, 0) + n
    return encode(counts)


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
