"""The lab's UDP servers: an honest and a lying resolver, one that fails everything
(SERVFAIL), a STUN server that answers, one that never does, and one that sends garbage.

Two names show a bad link's DNS to the client: the first query for `lossy-first.<lab>`
(per name and type) is dropped, as a lost datagram is; answers for `late.<lab>` come after
LATE seconds, as on a queued link."""

from __future__ import annotations

import asyncio
import os
import socket
import struct

from . import dns_answers, hosts

LATE = 0.8  # seconds: longer than a retransmission's first wait, shorter than a timeout
LOSSY_FIRST = "lossy-first."
LATE_PREFIX = "late."


class DnsServer(asyncio.DatagramProtocol):
    def __init__(self, lying: bool, world: str = "", servfail: bool = False):
        self.lying, self.world, self.servfail = lying, world, servfail
        self.dropped: set[tuple[str, int]] = set()  # (name, type) whose first query was lost

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        query = dns_answers.question(data)
        if query is None:
            return
        # The many-records name answers with thousands of records in one oversized datagram:
        # hostile on purpose, the client must cap what it keeps.
        if self.servfail:
            self.transport.sendto(dns_answers.servfail(query), addr)
            return
        answer = dns_answers.response(query, self.lying, self.world)
        if answer is None:  # the lying resolver's silence
            return
        asked = query.question[0]
        name = asked.name.to_text(omit_final_dot=True).lower()
        first = (name, asked.rdtype) not in self.dropped and len(self.dropped) < 10_000
        if name.startswith(LOSSY_FIRST) and first:
            self.dropped.add((name, asked.rdtype))
            return
        if name.startswith(LATE_PREFIX):
            asyncio.get_running_loop().call_later(LATE, self.transport.sendto, answer, addr)
            return
        self.transport.sendto(answer, addr)


class StunServer(asyncio.DatagramProtocol):
    def __init__(self, mode: str):
        self.mode = mode

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        if self.mode == "blackhole" or len(data) < 20:
            return
        msg_type, _, cookie = struct.unpack("!HHI", data[:8])
        txid = data[8:20]
        if self.mode == "garbage":
            self.transport.sendto(os.urandom(48), addr)
            # Right header, wrong transaction: must be ignored too.
            self.transport.sendto(struct.pack("!HHI", 0x0101, 0, cookie) + os.urandom(12), addr)
            return
        if msg_type != 0x0001 or cookie != 0x2112A442:
            return
        host, port = addr[0], addr[1]
        if self.mode == "nat":  # the caller as a provider's NAT shows it to the internet
            host = hosts.NAT_PUBLIC
        xport = port ^ (0x2112A442 >> 16)
        xaddr = bytes(
            b ^ k
            for b, k in zip(socket.inet_aton(host), struct.pack("!I", 0x2112A442), strict=True)
        )
        attr = struct.pack("!HHBBH", 0x0020, 8, 0, 1, xport) + xaddr
        self.transport.sendto(
            struct.pack("!HHI", 0x0101, len(attr), 0x2112A442) + txid + attr, addr
        )
