"""Reading back what censorwatch writes, whatever the format a person was sent: the HTML
report (its measurements travel inside it, `report.py`), JSON Lines, and the OONI-shaped
JSON (verdicts and timings; OONI's shape does not keep every piece of our evidence). A
spreadsheet export or anything else gets one sentence, never a warning per line.

`censorwatch import` and the window's "Open a shared log" both read through `read_shared`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..measurement import MAX_LINE, Measurement, UnreadableLog, decode
from ..measurement.beside import decoded_lines
from ..measurement.checks import InvalidMeasurement, validate
from ..measurement.reading import decoded, lines
from ..provider import Provider
from ..translation import translate

# The report's block of measurements: the JSON Lines of the export, one per line, with
# every "<" written as \u003c (the same JSON) so that no line can end the block.
EMBED_ID = "censorwatch-measurements"
EMBED_OPEN = f'<script type="application/x-ndjson" id="{EMBED_ID}">'
EMBED_CLOSE = "</script>"
SNIFF = 64 * 1024

Report = Callable[[int, str], None]


class ScriptSafe:
    """A text stream for the report's block: JSON Lines with "<" escaped."""

    def __init__(self, out: Any):
        self.out = out

    def write(self, text: str) -> int:
        return int(self.out.write(text.replace("<", "\\u003c")))


def kind_of(path: Path) -> str:
    """ "report", "jsonl", "ooni", "csv" or "other", from the file's first line(s)."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF)
    except OSError as exc:
        raise UnreadableLog(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] == b"<":
        return "report"
    first = text.split(b"\n", 1)[0].strip()
    if first.startswith(b"{"):
        try:
            obj = json.loads(first)
        except ValueError:
            return "jsonl" if len(first) >= SNIFF - 1 else "other"
        if isinstance(obj, dict) and "test_keys" in obj and "annotations" in obj:
            return "ooni"
        return "jsonl"
    if first.startswith(b"time,") or b",service," in first:
        return "csv"
    return "other"


_GENERATOR = re.compile(rb"<meta name='generator' content='censorwatch ([^'<>]{1,40})'>")
_MADE = re.compile(rb"<meta name='censorwatch-made' content='([0-9T:+.-]{10,40})'>")


def log_facts(path: Path) -> dict[str, str]:
    """What a log says of where it was made: `version` (the censorwatch that wrote it) and
    `made` (an ISO time with the maker's offset) — the report says both, the OONI export
    its version, JSON Lines neither. Empty for what it does not say."""
    facts: dict[str, str] = {}
    try:
        kind = kind_of(path)
        with path.open("rb") as f:
            head = f.read(SNIFF)
    except (OSError, UnreadableLog):
        return facts
    if kind == "report":
        for key, pattern in (("version", _GENERATOR), ("made", _MADE)):
            found = pattern.search(head)
            if found:
                facts[key] = found.group(1).decode("ascii", "replace")
    elif kind == "ooni":
        try:
            first = json.loads(head.split(b"\n", 1)[0])
        except ValueError:
            return facts
        version = first.get("software_version") if isinstance(first, dict) else None
        if isinstance(version, str) and len(version) <= 40 and version.isprintable():
            facts["version"] = version
    return facts


def _from_report(path: Path, report: Report) -> Iterator[Measurement]:
    inside = False
    found = False
    for number, line in lines(path):
        if not inside:
            if line is not None and EMBED_OPEN.encode() in line:
                inside = found = True
            continue
        if line is not None and line.strip() == EMBED_CLOSE.encode():
            break
        m = decoded(number, line, report)
        if m is not None:
            yield m
    if not found:
        raise UnreadableLog(
            translate(
                "Shared",
                "{name} is a web page without measurements in it: a report from an older "
                "censorwatch, or another page. Ask for a report made by this version, or for "
                "the JSON Lines export.",
            ).format(name=path.name)
        )


def from_ooni(obj: object) -> Measurement:
    """One of our OONI-shaped measurements back as a measurement of the contract: its
    verdict, timings and explanation (the rest of the evidence is OONI's shape)."""
    if not isinstance(obj, dict):
        raise InvalidMeasurement("not a JSON object")
    notes = obj.get("annotations")
    keys = obj.get("test_keys")
    if not isinstance(notes, dict) or not isinstance(keys, dict):
        raise InvalidMeasurement("not an OONI measurement written by censorwatch")
    ours = keys.get("censorwatch")
    ours = ours if isinstance(ours, dict) else {}
    start = obj.get("measurement_start_time")
    when = f"{start.replace(' ', 'T')}Z" if isinstance(start, str) else start
    explanation = ours.get("explanation")
    evidence: dict[str, Any] = {}
    asn = obj.get("probe_asn")
    if isinstance(asn, str) and asn.startswith("AS") and asn[2:].isdigit() and asn != "AS0":
        provider = Provider.from_dict(
            {
                "asn": int(asn[2:]),
                "name": obj.get("probe_network_name") or "",
                "country": "" if obj.get("probe_cc") == "ZZ" else obj.get("probe_cc") or "",
            }
        )
        if provider is not None:
            evidence["provider"] = provider.as_dict()
    if explanation:
        evidence["explanation"] = explanation
    return validate(
        {
            "time": when,
            "round": notes.get("round"),
            "service": notes.get("service"),
            "service_name": notes.get("service_name"),
            "region": notes.get("region") or "foreign",
            "capability": notes.get("capability"),
            "kind": notes.get("censorwatch_kind"),
            "target": obj.get("input"),
            "status": notes.get("censorwatch_status"),
            "technique": notes.get("censorwatch_technique") or None,
            "failure": keys.get("failure"),
            "failed_step": notes.get("censorwatch_failed_step") or None,
            "timings_ms": ours.get("timings_ms"),
            "kbps": ours.get("kbps"),
            "network_state": notes.get("network_state") or "online",
            "evidence": evidence,
        }
    )


def _from_ooni(path: Path, report: Report) -> Iterator[Measurement]:
    for number, line in lines(path):
        if line is None:
            report(number, f"line longer than {MAX_LINE // 1024} KiB")
            continue
        if not line.strip():
            continue
        try:
            yield from_ooni(json.loads(line))
        except ValueError as exc:  # InvalidMeasurement too
            report(number, str(exc) if isinstance(exc, InvalidMeasurement) else "not JSON")


def read_shared(path: Path, report: Report) -> Iterator[Measurement]:
    """The measurements of a file censorwatch wrote, whatever its format; `report(line,
    reason)` for a bad line; UnreadableLog (one sentence) for a file that is not one."""
    path = Path(path)
    kind = kind_of(path)
    if kind == "report":
        return _from_report(path, report)
    if kind == "ooni":
        return _from_ooni(path, report)
    if kind == "csv":
        raise UnreadableLog(
            translate(
                "Shared",
                "{name} is a spreadsheet export (CSV): open it in a spreadsheet, or ask for "
                "the report, which censorwatch opens.",
            ).format(name=path.name)
        )
    if kind == "other":
        raise UnreadableLog(
            translate(
                "Shared",
                "{name} is not a log censorwatch wrote: it opens its report (.html), JSON "
                "Lines (.jsonl) and OONI (.json) exports.",
            ).format(name=path.name)
        )
    return _jsonl(path, report)


def _ours(line: bytes) -> bool:
    """A line that means to be one of our measurements (a damaged one is still a line of a
    log, skipped with its reason; a line of anything else says what the file is)."""
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and ("schema" in obj or {"service", "status"} <= obj.keys())


def _jsonl(path: Path, report: Report) -> Iterator[Measurement]:
    numbered = lines(path)
    for number, line in numbered:
        if line is None or not line.strip():
            decoded(number, line, report)  # an over-long line is said; a blank one is not
            continue
        try:  # the first line decides: a file of something else is said in one sentence
            first = decode(line)
        except InvalidMeasurement as exc:
            if _ours(line):
                report(number, str(exc))
                continue
            raise UnreadableLog(
                translate(
                    "Shared",
                    "{name} is not a censorwatch log: its first line is not a measurement "
                    "({reason}).",
                ).format(name=path.name, reason=exc)
            ) from None
        yield first
        break
    else:
        return
    numbered.close()
    # The rest, decoded in a second process beside the history's writing when it pays.
    yield from decoded_lines(path, number, report)
