"""Stored rows decoded once per distinct value, for the fast exporters (CSV, JSON Lines)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ..store import NETWORK_STATES, STATUSES, Store, StoredRow, iso_from_ms


class TextOut(Protocol):
    """Where an exporter writes: a text file, or the redacting writer in front of one."""

    def write(self, text: str, /) -> object: ...


def number(tenths: int | None) -> str:
    """A stored tenth as JSON text."""
    return "null" if tenths is None else repr(tenths / 10)


def decoded_rows(
    store: Store, since: float | None = None, until: float | None = None, service: str | None = None
) -> Iterator[tuple[StoredRow, str, str | None, str | None, str | None]]:
    """Stored rows with their time and words decoded once per distinct value:
    (row, "YYYY-MM-DDThh:mm:ss.mmmZ", technique, failure, failed_step)."""
    seconds: dict[int, str] = {}
    texts: dict[int | None, str | None] = {None: None}
    for row in store.raw_measurements(since, until, service):
        ms = row.time_ms
        second = seconds.get(ms // 1000)
        if second is None:
            if len(seconds) > 4096:
                seconds.clear()
            second = seconds[ms // 1000] = iso_from_ms(ms)[:19]
        words = []
        for sid in (row.technique, row.failure, row.failed_step):
            if sid not in texts:
                texts[sid] = store.text_of(sid)
            words.append(texts[sid])
        yield row, f"{second}.{ms % 1000:03d}Z", words[0], words[1], words[2]


__all__ = ["NETWORK_STATES", "STATUSES", "TextOut", "decoded_rows", "number"]
