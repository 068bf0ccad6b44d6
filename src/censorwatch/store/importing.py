"""Loading measurements of the JSON Lines contract into a history (`censorwatch import`, and
the shared-log window's own temporary history), in batches that end at a round boundary so a
round's state changes are judged whole."""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..gcpause import collector_paused, now_and_then
from ..measurement import Measurement
from .history import Store
from .write import WriteResult

BATCH = 5000


def import_measurements(store: Store, items: Iterable[Measurement]) -> WriteResult:
    """Write `items` (validated measurements, in file order); returns the totals."""
    total = WriteResult()
    batch: list[Measurement] = []

    def flush() -> None:
        result = store.write(batch, now=time.time())
        total.inserted += result.inserted
        total.duplicates += result.duplicates
        total.rounds += result.rounds
        batch.clear()
        now_and_then()

    with collector_paused():  # a log's lines are decoded while this loop draws them
        for m in items:
            if len(batch) >= BATCH and batch[-1].round != m.round:
                flush()
            batch.append(m)
        if batch:
            flush()
    return total
