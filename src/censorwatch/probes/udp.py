"""The listening side of a probe's exchange over UDP (stun, wireguard, openvpn): every datagram
counted with its headers, the first reply the probe accepts is the answer, and an ICMP refusal
or MAX_INVALID replies it does not accept end the wait (a hostile server cannot keep it busy)."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from . import failures

MAX_INVALID = 100  # after this many replies that are not the answer, stop listening
IGNORED = object()  # a reply that is neither the answer nor invalid (WireGuard's cookie)


class Counts(Protocol):
    """What a listener counts on the probe's record."""

    bytes_received: int
    invalid_replies: int


class Listener(asyncio.DatagramProtocol):
    """`answer` resolves to what `accept` makes of the first reply that is the answer."""

    def __init__(self, record: Counts, headers: int, invalid: str):
        self.record, self.headers, self.invalid = record, headers, invalid
        self.answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def accept(self, data: bytes) -> Any:
        """The answer `data` holds; None when it is not the answer, IGNORED when it counts as
        neither."""
        raise NotImplementedError

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.record.bytes_received += len(data) + self.headers
        if self.answer.done():
            return
        found = self.accept(data)
        if found is IGNORED:
            return
        if found is not None:
            self.answer.set_result(found)
            return
        self.record.invalid_replies += 1
        if self.record.invalid_replies >= MAX_INVALID:
            self.answer.set_exception(failures.ProbeError(self.invalid))

    def error_received(self, exc: Exception) -> None:
        # ICMP port unreachable arrives here as ConnectionRefusedError.
        if not self.answer.done():
            self.answer.set_exception(exc)
