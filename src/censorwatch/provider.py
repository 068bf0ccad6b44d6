"""Which provider a connection goes through: the AS number, its name and the country of the
public address the STUN probes see, looked up in a local copy of the public-domain IP-to-AS
table of iptoasn.com (resources/ip2asn/SOURCE.md). Nothing is asked of anyone: the table is
read from disk, and refreshed (at most weekly) only when the person allows it.

The public address is personal data and stays out of everything this module returns; the
provider (an AS number, its name and country) is not: a helpline groups reports by it.
"""

from __future__ import annotations

import gzip
import ipaddress
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .resources import resources_dir

TABLE = "ip2asn-combined.tsv.gz"  # the whole table, as iptoasn.com publishes it
EXCERPT = "ip2asn-excerpt.tsv"  # the lines this source tree carries
URL = "https://iptoasn.com/data/" + TABLE
REFRESH_SECONDS = 7 * 86400  # at most weekly
MAX_DOWNLOAD = 64 << 20  # bytes of the compressed table (it is about 8 MB)
MAX_LINE = 512  # characters: a longer line is not the table's
MAX_NAME = 120  # characters of an AS name kept


@dataclass(frozen=True, slots=True)
class Provider:
    asn: int
    name: str
    country: str  # ISO 3166 alpha-2, "" when the table has none

    def as_dict(self) -> dict[str, Any]:
        return {"asn": self.asn, "name": self.name, "country": self.country}

    @property
    def label(self) -> str:
        """ "AS12389 ROSTELECOM-AS, RU": how a helpline writes it."""
        country = f", {self.country}" if self.country else ""
        return f"AS{self.asn} {self.name}{country}"

    @classmethod
    def from_dict(cls, value: object) -> Provider | None:
        """A provider as the contracts write it; None for anything else (other people's data)."""
        if not isinstance(value, dict):
            return None
        asn, name, country = value.get("asn"), value.get("name"), value.get("country", "")
        if isinstance(asn, bool) or not isinstance(asn, int) or not 0 < asn < 2**32:
            return None
        if not isinstance(name, str) or not isinstance(country, str):
            return None
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            return None
        return cls(asn, _clean(name), country.upper())


def _clean(text: str) -> str:
    return "".join(c for c in text if c.isprintable())[:MAX_NAME].strip()


def tables(data_dir: Path | None = None) -> list[Path]:
    """The tables to read, newest first: a refreshed copy in the data folder, a whole table
    shipped with the program (make provider-table), the excerpt."""
    here = resources_dir() / "ip2asn"
    found = [
        p for p in ((data_dir / TABLE) if data_dir else None, here / TABLE) if p and p.is_file()
    ]
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    excerpt = here / EXCERPT
    return [*found, *([excerpt] if excerpt.is_file() else [])]


def _rows(path: Path) -> Iterator[tuple[str, str, str, str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if len(line) > MAX_LINE or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                yield parts[0], parts[1], parts[2], parts[3], parts[4]


def _number(text: str, version: int) -> int | None:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return int(ip) if ip.version == version else None


def _search(path: Path, address: int, version: int) -> Provider | None:
    """The row whose range holds `address` (the table is sorted by start: the scan stops
    once a start is past it)."""
    for start, end, asn, country, name in _rows(path):
        if (":" in start) != (version == 6):
            continue
        first = _number(start, version)
        if first is None or first > address:
            if first is not None:
                break
            continue
        last = _number(end, version)
        if last is None or address > last:
            continue
        if not asn.isdigit() or int(asn) == 0:  # 0: "Not routed"
            return None
        country = country.strip().upper()
        return Provider(int(asn), _clean(name), country if len(country) == 2 else "")
    return None


_cache: dict[tuple[str, tuple[str, ...]], Provider | None] = {}
_lock = threading.Lock()


def lookup(address: str | None, data_dir: Path | None = None) -> Provider | None:
    """The provider of a public address, from the newest table that knows it; None for a
    private, loopback or unknown address. Reads files: call it off the GUI thread and off
    the engine's loop (asyncio.to_thread); answers are kept per address and table."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%")[0])
    except ValueError:
        return None
    if not ip.is_global:
        return None
    paths = tables(data_dir)
    key = (str(ip), tuple(f"{p}:{p.stat().st_mtime_ns}" for p in paths))
    with _lock:
        if key in _cache:
            return _cache[key]
    found = None
    for path in paths:
        try:
            found = _search(path, int(ip), ip.version)
        except (OSError, EOFError, gzip.BadGzipFile):
            continue  # a damaged copy: the next table
        if found is not None:
            break
    with _lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = found
    return found


def due(data_dir: Path, now: float | None = None) -> bool:
    """Whether the copy in the data folder is missing or a week old."""
    path = data_dir / TABLE
    now = time.time() if now is None else now
    try:
        return now - path.stat().st_mtime >= REFRESH_SECONDS
    except OSError:
        return True


def refresh(data_dir: Path, url: str = URL, timeout: float = 60.0) -> Path:
    """Download the table into the data folder (only when the person allows it: Settings),
    within MAX_DOWNLOAD, check that it reads as the table, and put it in place at once;
    raises OSError (with a sentence) and leaves the copy there was otherwise."""
    import httpx

    data_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".ip2asn-", suffix=".gz", dir=data_dir)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out, httpx.stream("GET", url, timeout=timeout) as response:
            if response.status_code != 200:
                raise OSError(f"the provider table: {url} answered {response.status_code}")
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    raise OSError(
                        f"the provider table: {url} sent more than {MAX_DOWNLOAD >> 20} MB"
                    )
                out.write(chunk)
        try:
            rows = sum(1 for _ in zip(range(100), _rows(tmp), strict=False))
        except (OSError, EOFError, gzip.BadGzipFile):
            rows = 0
        if rows < 100:
            raise OSError(f"the provider table: what {url} sent is not the table")
        os.replace(tmp, data_dir / TABLE)
    except httpx.HTTPError as exc:
        raise OSError(f"the provider table: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    with _lock:
        _cache.clear()
    return data_dir / TABLE
