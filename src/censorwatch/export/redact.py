"""Redaction of what identifies the person sharing a log: their own addresses, a private
resolver's address, machine and user names, folders."""

from __future__ import annotations

import getpass
import ipaddress
import json
import re
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..store import Store
from .rows import TextOut

REDACTED_ADDRESS = "[redacted address]"
REDACTED_HOST = "[redacted machine]"
REDACTED_USER = "[redacted user]"
REDACTED_PATH = "[redacted folder]"


class Redactor:
    """Removes what identifies the person: their own public and local addresses (as a STUN
    server reflects them), a private resolver's address, machine and user names, folders."""

    def __init__(self, enabled: bool = True, extra_paths: Iterable[str | Path] = ()):
        self.enabled = enabled
        self._addresses: set[str] = set()
        names: list[tuple[str, str]] = []
        try:
            host = socket.gethostname()
            if host and host not in ("localhost",):
                names.append((host, REDACTED_HOST))
        except OSError:
            pass
        try:
            user = getpass.getuser()
            if user and len(user) > 1:
                names.append((user, REDACTED_USER))
        except Exception:  # noqa: BLE001 - no user name to hide
            pass
        paths = [str(Path.home()), *(str(p) for p in extra_paths)]
        self._fixed = [
            (p, REDACTED_PATH) for p in sorted(set(paths), key=len, reverse=True) if len(p) > 1
        ]
        self._fixed += names
        self._compile()

    def _compile(self) -> None:
        # Longest first, so a folder under the home folder goes before the home folder. The
        # JSON-escaped form of each value is hidden too (a Windows path doubles its "\\").
        pairs = self._fixed + [(a, REDACTED_ADDRESS) for a in self._addresses]
        pairs += [
            (json.dumps(k, ensure_ascii=False)[1:-1], v)
            for k, v in pairs
            if json.dumps(k, ensure_ascii=False)[1:-1] != k
        ]
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._map = dict(pairs)
        pattern = "|".join(re.escape(k) for k, _ in pairs)
        self._regex = re.compile(pattern) if pattern else None

    def learn(self, m: dict[str, Any]) -> None:
        """Pick up the personal addresses a measurement reveals."""
        found = False
        stun = (m.get("evidence") or {}).get("stun") or {}
        mapped = stun.get("mapped_address")
        if mapped:
            host = mapped.rsplit(":", 1)[0].strip("[]")
            found |= self._add(host)
        for q in (m.get("evidence") or {}).get("dns", []):
            resolver = q.get("resolver") or ""
            m_host = re.match(r"^(?:udp|https)://\[?([^\]/]+?)\]?(?::\d+)?(?:/|$)", resolver)
            if m_host and _is_private(m_host.group(1)):
                found |= self._add(m_host.group(1))
        if found:
            self._compile()

    def _add(self, address: str) -> bool:
        if address in self._addresses:
            return False
        self._addresses.add(address)
        return True

    def text(self, value: str) -> str:
        if not self.enabled or self._regex is None:
            return value
        return self._regex.sub(lambda match: self._map[match.group(0)], value)


class RedactingWriter:
    """Redacts text on its way to a file, whole lines at a time (a value is never split
    between two chunks), so the writers can stream without walking every record."""

    CHUNK = 256 * 1024

    def __init__(self, out: TextOut, redactor: Redactor):
        self.out, self.redactor = out, redactor
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        if not self.redactor.enabled:
            self.out.write(text)
            return
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.CHUNK:
            self._drain(final=False)

    def _drain(self, final: bool) -> None:
        text = "".join(self._parts)
        cut = len(text) if final else text.rfind("\n") + 1
        if cut <= 0:
            return
        self.out.write(self.redactor.text(text[:cut]))
        rest = text[cut:]
        self._parts, self._size = ([rest], len(rest)) if rest else ([], 0)

    def flush(self) -> None:
        if self.redactor.enabled:
            self._drain(final=True)


def _is_private(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not ip.is_global


def learn(
    store: Store,
    redactor: Redactor,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
) -> None:
    """A first pass over the stored evidence, so nothing personal slips out before it is
    known (personal addresses only ever appear in evidence)."""
    if redactor.enabled:
        for evidence in store.evidence_items(since, until, service):
            redactor.learn({"evidence": evidence})
