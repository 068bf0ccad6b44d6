"""Just enough of the DNS wire format for the lab's resolvers (stdlib only)."""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass

A, AAAA = 1, 28
NOERROR, SERVFAIL, NXDOMAIN, REFUSED = 0, 2, 3, 5


@dataclass(slots=True)
class Question:
    ident: int
    flags: int
    name: str
    qtype: int
    qclass: int
    raw_question: bytes  # name + type + class, echoed in the answer


def parse_query(data: bytes) -> Question | None:
    if len(data) < 17:
        return None
    ident, flags, qdcount = struct.unpack("!HHH", data[:6])
    if qdcount != 1 or flags & 0x8000:
        return None
    labels, pos = [], 12
    while pos < len(data):
        n = data[pos]
        pos += 1
        if n == 0:
            break
        if n & 0xC0 or pos + n > len(data):
            return None
        labels.append(data[pos : pos + n].decode("ascii", "replace"))
        pos += n
    if pos + 4 > len(data):
        return None
    qtype, qclass = struct.unpack("!HH", data[pos : pos + 4])
    return Question(ident, flags, ".".join(labels).lower(), qtype, qclass, data[12 : pos + 4])


def response(q: Question, rcode: int, addresses: list[str] = (), ttl: int = 60) -> bytes:
    """An answer for `q`: the addresses of the asked type, compressed to the question."""
    records = []
    for text in addresses:
        ip = ipaddress.ip_address(text)
        rtype = A if ip.version == 4 else AAAA
        if rtype != q.qtype:
            continue
        rdata = ip.packed
        records.append(struct.pack("!HHHIH", 0xC00C, rtype, 1, ttl, len(rdata)) + rdata)
    rd = q.flags & 0x0100
    flags = 0x8000 | 0x0400 | rd | 0x0080 | rcode  # QR, AA, RD echoed, RA
    header = struct.pack("!HHHHHH", q.ident, flags, 1, len(records), 0, 0)
    return header + q.raw_question + b"".join(records)
