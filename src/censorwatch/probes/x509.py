"""Reads the few fields of a DER certificate a support person needs (no verification here)."""

from __future__ import annotations

import datetime as dt
import ipaddress

from .records import Certificate

_NAME_OIDS = {"2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C"}


class _Der:
    def __init__(self, data: bytes, pos: int = 0, end: int | None = None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def more(self) -> bool:
        return self.pos < self.end

    def read(self) -> tuple[int, bytes, int]:
        """One TLV: (tag, value, value offset)."""
        d = self.data
        if self.pos + 2 > self.end:
            raise ValueError("truncated DER")
        tag = d[self.pos]
        length = d[self.pos + 1]
        pos = self.pos + 2
        if length & 0x80:
            n = length & 0x7F
            if n == 0 or n > 4 or pos + n > self.end:
                raise ValueError("bad DER length")
            length = int.from_bytes(d[pos : pos + n], "big")
            pos += n
        if pos + length > self.end:
            raise ValueError("truncated DER")
        self.pos = pos + length
        return tag, d[pos : pos + length], pos

    def enter(self) -> _Der:
        _tag, value, offset = self.read()
        return _Der(self.data, offset, offset + len(value))


def _oid(value: bytes) -> str:
    parts = [value[0] // 40, value[0] % 40]
    n = 0
    for b in value[1:]:
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


def _name(seq: _Der) -> str:
    parts = []
    while seq.more():
        rdn = seq.enter()
        while rdn.more():
            atv = rdn.enter()
            _, oid, _ = atv.read()
            _, value, _ = atv.read()
            key = _NAME_OIDS.get(_oid(oid))
            if key:
                parts.append(f"{key}={value.decode('utf-8', 'replace')}")
    return ", ".join(parts)


def _time(tag: int, value: bytes) -> str:
    text = value.decode("ascii", "replace")
    fmt = "%y%m%d%H%M%SZ" if tag == 0x17 else "%Y%m%d%H%M%SZ"
    try:
        return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC).isoformat()
    except ValueError:
        return text


def _san(value: bytes) -> list[str]:
    names = []
    seq = _Der(value).enter()
    while seq.more() and len(names) < 100:
        tag, item, _ = seq.read()
        if tag == 0x82:
            names.append(item.decode("ascii", "replace"))
        elif tag == 0x87 and len(item) in (4, 16):
            names.append(str(ipaddress.ip_address(item)))
    return names


def summarize(der: bytes) -> Certificate | None:
    """Subject, issuer, names and validity of a DER certificate; None when unreadable."""
    try:
        tbs = _Der(der).enter().enter()
        tag, _, _ = _peek(tbs)
        if tag == 0xA0:  # version
            tbs.read()
        tbs.read()  # serial
        tbs.read()  # signature algorithm
        issuer = _name(tbs.enter())
        validity = tbs.enter()
        nb_tag, not_before, _ = validity.read()
        na_tag, not_after, _ = validity.read()
        subject = _name(tbs.enter())
        tbs.read()  # public key
        names: list[str] = []
        while tbs.more():
            tag, value, offset = tbs.read()
            if tag != 0xA3:
                continue
            exts = _Der(der, offset, offset + len(value)).enter()
            while exts.more():
                ext = exts.enter()
                _, oid, _ = ext.read()
                tag, val, _ = ext.read()
                if tag == 0x01:  # critical flag
                    tag, val, _ = ext.read()
                if _oid(oid) == "2.5.29.17":
                    names = _san(val)
        return Certificate(
            subject=subject,
            issuer=issuer,
            names=names,
            not_before=_time(nb_tag, not_before),
            not_after=_time(na_tag, not_after),
        )
    except (ValueError, IndexError):
        return None


def _peek(der: _Der) -> tuple[int, bytes, int]:
    pos = der.pos
    item = der.read()
    der.pos = pos
    return item
