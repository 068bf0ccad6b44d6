"""Reading a log: one line decoded (JSON parsed by orjson, duplicate keys refused) and a
whole file read line by line within the caps, so one bad line never stops the rest."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import orjson

from .checks import InvalidMeasurement, _Walk, fields
from .record import Measurement

MAX_LINE = 1 << 20  # bytes: a measurement with its evidence is a few KB


class UnreadableLog(Exception):
    """The file itself cannot be read (missing, a folder, no permission)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise InvalidMeasurement(f"the key {twice[:40]!r} appears twice")
    return out


_BLANKS = b" \t\n\r"  # JSON's white space


def decode(raw: bytes | str) -> Measurement:
    """One line of JSON Lines as a measurement; raises InvalidMeasurement."""
    return Measurement(*decode_fields(raw))


def decode_fields(raw: bytes | str) -> tuple[Any, ...]:
    """`decode`'s measurement as `checks.fields` gives it."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_LINE:
        raise InvalidMeasurement(f"line longer than {MAX_LINE // 1024} KiB")
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        text = str(exc)
        if "recursion" in text.lower() or "depth" in text.lower():
            raise InvalidMeasurement("nested too deeply") from None
        raise InvalidMeasurement(f"not JSON ({text.split(':')[0]})") from None
    walk = _Walk()
    m = fields(obj, walk)
    # No key appeared twice where the line holds two quotes for each key and text parsed
    # (each key and text of the line has two; a key given twice, or its value, is parsed
    # once; an escaped quote is one more): one count of one byte. Otherwise, outside
    # strings, a quote followed by a colon (white space between them taken out) ends a
    # key; inside one, such a pair is more: as many pairs as keys parsed, no key appeared
    # twice. Otherwise (rare) the line is parsed again by a parser that sees every key.
    if (
        raw.count(b'"') != 2 * (walk.keys + walk.texts)
        and raw.translate(None, _BLANKS).count(b'":') != walk.keys
    ):
        try:
            json.loads(raw, object_pairs_hook=_no_duplicates)
        except RecursionError:
            raise InvalidMeasurement("nested too deeply") from None
    return m


def lines(path: Path) -> Generator[tuple[int, bytes | None], None, None]:
    """(line number, line) of a file, each read within MAX_LINE: a longer one is skipped
    unread, never held whole, and given as None."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UnreadableLog(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        number = 0
        while True:
            line = handle.readline(MAX_LINE + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE and not line.endswith(b"\n"):
                while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass  # the rest of a huge line
                yield number, None
                continue
            yield number, line


def decoded(
    number: int, line: bytes | None, report: Callable[[int, str], None]
) -> Measurement | None:
    """One line of `lines` as a measurement; None, and `report(number, reason)` unless it
    is blank, for any other line."""
    values = decoded_fields(number, line, report)
    return None if values is None else Measurement(*values)


def decoded_fields(
    number: int, line: bytes | None, report: Callable[[int, str], None]
) -> tuple[Any, ...] | None:
    """`decoded`'s measurement as `checks.fields` gives it."""
    if line is None:
        report(number, f"line longer than {MAX_LINE // 1024} KiB")
        return None
    if not line or line.isspace():
        return None
    try:
        return decode_fields(line)
    except InvalidMeasurement as exc:
        try:  # orjson refuses any line that is not UTF-8: say where
            line.decode("utf-8")
        except UnicodeDecodeError as bad:
            report(number, f"not UTF-8 (byte {bad.start + 1})")
            return None
        report(number, str(exc))
        return None


def read_measurements(path: Path, report: Callable[[int, str], None]) -> Iterator[Measurement]:
    """The valid measurements of a JSON Lines file; `report(line number, reason)` for every
    other line. Lines are read within MAX_LINE (a longer one is skipped unread) and decoded
    one by one, so one bad line never stops the rest."""
    for number, line in lines(path):
        m = decoded(number, line, report)
        if m is not None:
            yield m
