"""Blockpage fingerprints: parsing the shipped CSV and matching responses and DNS answers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fingerprint:
    name: str
    location: str  # body | header.<name> | dns
    pattern_type: str  # contains | prefix | full
    pattern: str
    source: str

    def matches(self, value: str) -> bool:
        if self.pattern_type == "prefix":
            return value.startswith(self.pattern)
        if self.pattern_type == "full":
            return value == self.pattern
        return self.pattern in value


@dataclass(frozen=True, slots=True)
class Fingerprints:
    rows: tuple[Fingerprint, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Fingerprints:
        lines = [line for line in text.splitlines() if line and not line.startswith("#")]
        rows = []
        for row in csv.DictReader(io.StringIO("\n".join(lines))):
            rows.append(
                Fingerprint(
                    row["name"],
                    row["location_found"],
                    row["pattern_type"],
                    row["pattern"],
                    row.get("source", ""),
                )
            )
        return cls(tuple(rows))

    def match_http(self, headers: list[tuple[str, str]], body: bytes) -> Fingerprint | None:
        text = body.decode("utf-8", "replace") if body else ""
        by_name: dict[str, list[str]] = {}
        for name, value in headers:
            by_name.setdefault(name.lower(), []).append(value)
        for fp in self.rows:
            if fp.location == "body":
                if text and fp.matches(text):
                    return fp
            elif fp.location.startswith("header."):
                for value in by_name.get(fp.location[7:], []):
                    if fp.matches(value):
                        return fp
        return None

    def match_dns(self, addresses: list[str]) -> Fingerprint | None:
        for fp in self.rows:
            if fp.location == "dns" and any(fp.matches(a) for a in addresses):
                return fp
        return None
