"""Redaction of what identifies the person sharing a log, value by value, before anything is
written: their own addresses (as a STUN server reflects them, the addresses of their
network interfaces, a private resolver they use: exact addresses, never whole networks),
their machine's name and their login where those appear as names (a path, a resolver's
address), and their home folder.

Everything else stays as it was: an address a server or a censor's resolver answered with
is evidence, and a name inside a host name ("pi" in "api.telegram.org") or a service id
("max") is not the person's. A redacted value has one form, `[redacted-address-1]`, which
import keeps as it is, so redact -> import -> export changes nothing.
"""

from __future__ import annotations

import getpass
import ipaddress
import re
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..measurement import REDACTED, Measurement
from ..store import Store

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Candidates in free text, parsed one by one: an IPv4 address not inside a longer dotted
# number, an IPv6 address (hex groups and colons), each then checked with ipaddress.
_IPV4 = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
# A path: POSIX (/home/max/…) or Windows (C:\Users\max\…, \\machine\share).
_PATH = re.compile(r"(?:[A-Za-z]:\\|\\\\|/)[^\s'\"<>|]*")
HOMES = ("home", "users")  # the folders that hold home folders
_RESOLVER = re.compile(r"^(udp|https)://(\[[^\]]+\]|[^/:]+)(.*)$")


def interface_addresses() -> set[Address]:
    """The addresses of this machine's interfaces (loopback and link-local left out: they
    identify no one)."""
    try:
        import psutil

        found = psutil.net_if_addrs()
    except Exception:  # noqa: BLE001 - without the list, STUN and resolvers still count
        return set()
    out: set[Address] = set()
    for addrs in found.values():
        for a in addrs:
            try:
                ip = ipaddress.ip_address(a.address.split("%")[0])
            except ValueError:
                continue
            if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                out.add(ip)
    return out


def _ip(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return None


class Redactor:
    """Hides the person's own values in measurements. Disabled, it changes nothing."""

    def __init__(
        self,
        enabled: bool = True,
        *,
        hostname: str | None = None,
        login: str | None = None,
        home: str | Path | None = None,
        folders: Iterable[str | Path] = (),
        addresses: Iterable[str] | None = None,
    ):
        self.enabled = enabled
        self.hostname = (hostname if hostname is not None else _hostname()).lower()
        self.login = login if login is not None else _login()
        home_text = str(home if home is not None else Path.home())
        self.folders = sorted(
            {str(f) for f in (home_text, *folders) if len(str(f)) > 1}, key=len, reverse=True
        )
        own = interface_addresses() if addresses is None else {_ip(a) for a in addresses}
        self.addresses: dict[Address, str] = {}
        for ip in own:
            if ip is not None:
                self._token(ip)

    # --- what is personal ------------------------------------------------------------------

    def _token(self, ip: Address) -> str:
        token = self.addresses.get(ip)
        if token is None:
            token = self.addresses[ip] = f"[redacted-address-{len(self.addresses) + 1}]"
        return token

    def learn(self, evidence: dict[str, Any]) -> None:
        """Pick up the person's own addresses from a measurement's evidence: the address a
        STUN server reflected, a private resolver (of every attempt, too)."""
        stun = evidence.get("stun")
        if isinstance(stun, dict) and isinstance(stun.get("mapped_address"), str):
            ip = _ip(stun["mapped_address"].rsplit(":", 1)[0])
            if ip is not None:
                self._token(ip)
        for q in evidence.get("dns") or []:
            if not isinstance(q, dict):
                continue
            # The resolver as configured, and the servers the system's resolver asked.
            servers = q.get("servers")
            specs = [q.get("resolver"), *(servers if isinstance(servers, list) else [])]
            for spec in specs:
                match = _RESOLVER.match(spec) if isinstance(spec, str) else None
                ip = _ip(match.group(2)) if match else None
                if ip is not None and not ip.is_global and not ip.is_loopback:
                    self._token(ip)
        for attempt in evidence.get("earlier_attempts") or []:
            if isinstance(attempt, dict) and isinstance(attempt.get("evidence"), dict):
                self.learn(attempt["evidence"])

    def learn_from(
        self,
        store: Store,
        since: float | None = None,
        until: float | None = None,
        service: str | None = None,
    ) -> None:
        """A first pass over the stored evidence of what will be exported, so nothing
        personal slips out before it is known."""
        if self.enabled:
            for evidence in store.evidence_items(since, until, service):
                self.learn(evidence)

    # --- hiding it -------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """Free text: each address in it checked exactly, each path checked by component."""
        if not self.enabled or not value or REDACTED.fullmatch(value):
            return value
        if "/" in value or "\\" in value:
            value = _PATH.sub(lambda m: self._path(m.group(0)), value)
        if self.addresses and ("." in value or ":" in value):
            value = _IPV4.sub(self._address_match, value)
            if ":" in value:
                value = _IPV6.sub(self._address_match, value)
        return value

    def _address_match(self, match: re.Match[str]) -> str:
        ip = _ip(match.group(0))
        return self.addresses.get(ip, match.group(0)) if ip is not None else match.group(0)

    def _path(self, path: str) -> str:
        for folder in self.folders:
            if path == folder or path.startswith((folder + "/", folder + "\\")):
                return "[redacted-folder]" + path[len(folder) :]
        sep = "\\" if "\\" in path else "/"
        parts = path.split(sep)
        changed = False
        for i, part in enumerate(parts):
            if self.hostname and part.lower() == self.hostname:
                parts[i], changed = "[redacted-host]", True  # \\machine\share, /mnt/machine
            elif self.login and part == self.login and i and parts[i - 1].lower() in HOMES:
                parts[i], changed = "[redacted-user]", True  # /home/login, C:\Users\login
        return sep.join(parts) if changed else path

    def resolver(self, spec: str) -> str:
        """A resolver as configured: its address when personal, the machine's own name."""
        match = _RESOLVER.match(spec)
        if not self.enabled or not match:
            return self.text(spec)
        scheme, host, rest = match.groups()
        ip = _ip(host)
        if ip is not None and ip in self.addresses:
            host = self.addresses[ip]
        elif ip is None and self.hostname and host.lower().split(".")[0] == self.hostname:
            host = "[redacted-host]"
        return f"{scheme}://{host}{self.text(rest)}"

    def mapped(self, value: str) -> str:
        """A reflected `ip:port`: the address goes, the port (the NAT's choice) stays."""
        host, sep, port = value.rpartition(":")
        ip = _ip(host)
        if ip is None:
            return self.text(value)
        return f"{self._token(ip)}{sep}{port}"

    def evidence(self, value: Any, key: str = "") -> Any:
        """The evidence with personal values replaced; everything else as it was."""
        if isinstance(value, str):
            if key in ("resolver", "servers"):
                return self.resolver(value)
            if key == "mapped_address":
                return self.mapped(value)
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.evidence(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.evidence(v, key) for v in value]
        return value

    def address_list(self, addresses: list[str]) -> list[str]:
        """A list of addresses with the person's own replaced (the others are evidence)."""
        if not self.enabled or not self.addresses:
            return addresses
        out = []
        for a in addresses:
            ip = _ip(a)
            out.append(self.addresses.get(ip, a) if ip is not None else a)
        return out

    def measurement(self, m: Measurement) -> Measurement:
        if not self.enabled:
            return m
        return m.with_evidence(
            self.evidence(m.evidence),
            failure=None if m.failure is None else self.text(m.failure),
            target=self.text(m.target),
            addresses=self.address_list(m.addresses),
            control_addresses=self.address_list(m.control_addresses),
        )

    def machine(self) -> str:
        """The machine's name as an export may show it."""
        return "[redacted-host]" if self.enabled else socket.gethostname()


def _hostname() -> str:
    try:
        name = socket.gethostname().split(".")[0]
    except OSError:
        return ""
    return "" if name.lower() in ("localhost", "") else name


def _login() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name to hide
        return ""
    return user if len(user) > 1 else ""
