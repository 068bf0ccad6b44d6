"""URLs as the probes send them: the host in the form the network carries (IDNA), the path
percent-encoded, the Host header, and where a redirect leads (as a browser reads a
Location, with OONI's failure names for one that leads nowhere)."""

from __future__ import annotations

import urllib.parse

from . import failures
from .dns import is_ip
from .names import ascii_name

# Redirects followed before giving up, as Go (and so OONI) does; browsers allow 20.
MAX_REDIRECTS = 10
# Characters a request target may carry as they are; anything else (a Cyrillic path) is
# percent-encoded, as browsers send it.
_TARGET_SAFE = "/:@!$&'()*+,;=-._~%"


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-with-query) of an http(s) URL; the host in the form the
    network carries (IDNA), the path percent-encoded. ValueError when it is not one."""
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = parts.hostname if is_ip(parts.hostname) else ascii_name(parts.hostname)
    port = parts.port or (443 if scheme == "https" else 80)
    path = urllib.parse.quote(parts.path or "/", safe=_TARGET_SAFE)
    if parts.query:
        path += "?" + urllib.parse.quote(parts.query, safe=_TARGET_SAFE + "?")
    return scheme, host, port, path


def host_header(host: str, port: int, scheme: str) -> str:
    """The Host header of a request: the port only when it is not the scheme's own, an
    IPv6 address in brackets."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    default = 443 if scheme == "https" else 80
    return name if port == default else f"{name}:{port}"


REDIRECTS = (301, 302, 303, 307, 308)


def next_hop(url: str, location: str) -> tuple[str | None, str]:
    """(failure, the next URL) of a redirect, as browsers read a Location: relative to the
    page; a Location with no host (`http://`) or a scheme no browser follows to a page is a
    failure with OONI's name, never a page that works."""
    location = location.strip()
    raw = urllib.parse.urlsplit(location)
    if raw.scheme.lower() in ("http", "https") and not raw.hostname:
        return failures.HTTP_INVALID_REDIRECT_LOCATION_HOST, location  # `http://`: no host
    target = urllib.parse.urljoin(url, location)
    parts = urllib.parse.urlsplit(target)
    if parts.scheme.lower() not in ("http", "https"):
        return failures.HTTP_INVALID_REDIRECT_LOCATION, target
    try:
        if not parts.hostname:
            return failures.HTTP_INVALID_REDIRECT_LOCATION_HOST, target
        split_url(target)
    except ValueError:
        return failures.HTTP_INVALID_REDIRECT_LOCATION, target
    return None, target
