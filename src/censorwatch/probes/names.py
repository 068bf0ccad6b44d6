"""Host names as a person writes them and as the network carries them: пример.рф in the
config and the window, its IDNA form (xn--e1afmkfd.xn--p1ai) in DNS, the TLS name and the
Host header. IDNA 2008 with the UTS #46 mapping (the `idna` package), as browsers do;
Python's own codec is IDNA 2003."""

from __future__ import annotations

import idna


class BadName(ValueError):
    """A host name that has no IDNA form."""


def ascii_name(host: str) -> str:
    """The form the network carries: ASCII names only lower-cased (an underscore, which
    IDNA 2008 forbids, is left alone), others encoded (upper case mapped, as UTS #46 does)."""
    host = host.strip()
    if host.isascii():
        return host.lower()
    trailing = host.endswith(".")
    try:
        encoded = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise BadName(f"{host!r} is not a valid international name: {exc}") from exc
    return encoded + ("." if trailing else "")


def unicode_name(host: str) -> str:
    """The form a person reads: xn-- labels decoded where they decode, else as they are."""
    if "xn--" not in host.lower():
        return host
    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError):
        return host
