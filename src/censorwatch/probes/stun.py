"""The stun probe: an RFC 5389 Binding Request over UDP, as calls start."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import struct
import time

from . import failures, udp
from .records import StunExchange
from .udp import Listener

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
XOR_MAPPED_ADDRESS = 0x0020
MAPPED_ADDRESS = 0x0001
UDP_HEADERS = 28  # IPv4 and UDP, per datagram
DATAGRAM_CAP = 1500  # larger replies are not STUN we asked for
MAX_INVALID = udp.MAX_INVALID  # after this many bad replies, stop listening


def binding_request(transaction_id: bytes) -> bytes:
    return struct.pack("!HHI", BINDING_REQUEST, 0, MAGIC_COOKIE) + transaction_id


def parse_binding_response(data: bytes, transaction_id: bytes) -> str | None:
    """The reflected address (ip:port) of a valid success response, or None."""
    if len(data) < 20 or len(data) > DATAGRAM_CAP:
        return None
    msg_type, length, cookie = struct.unpack("!HHI", data[:8])
    if cookie != MAGIC_COOKIE or data[8:20] != transaction_id:
        return None
    if msg_type != BINDING_SUCCESS or length % 4 or 20 + length != len(data):
        return None
    pos, end = 20, 20 + length
    mapped = None
    while pos + 4 <= end:
        attr_type, attr_len = struct.unpack("!HH", data[pos : pos + 4])
        value = data[pos + 4 : pos + 4 + attr_len]
        if len(value) < attr_len:
            return None
        if attr_type in (XOR_MAPPED_ADDRESS, MAPPED_ADDRESS) and attr_len >= 8:
            family = value[1]
            port = struct.unpack("!H", value[2:4])[0]
            raw = value[4:]
            if attr_type == XOR_MAPPED_ADDRESS:
                port ^= MAGIC_COOKIE >> 16
                key = struct.pack("!I", MAGIC_COOKIE) + transaction_id
                raw = bytes(b ^ k for b, k in zip(raw, key, strict=False))
            if family == 1 and len(raw) >= 4:
                address = str(ipaddress.IPv4Address(raw[:4]))
            elif family == 2 and len(raw) >= 16:
                address = f"[{ipaddress.IPv6Address(raw[:16])}]"
            else:
                return None
            found = f"{address}:{port}"
            if attr_type == XOR_MAPPED_ADDRESS or mapped is None:
                mapped = found
        pos += 4 + attr_len + (-attr_len % 4)
    return mapped


class _Protocol(Listener):
    def __init__(self, transaction_id: bytes, record: StunExchange):
        super().__init__(record, UDP_HEADERS, failures.unknown("invalid STUN responses"))
        self.transaction_id = transaction_id

    def accept(self, data: bytes) -> str | None:
        return parse_binding_response(data, self.transaction_id)


async def binding(address: str, port: int, timeout: float) -> StunExchange:
    """Send Binding Requests, retransmitting (RFC 5389 §7.2.1) until an answer or timeout."""
    record = StunExchange(address=address, port=port)
    transaction_id = os.urandom(12)
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            lambda: _Protocol(transaction_id, record), remote_addr=(address, port)
        )
    except OSError as exc:
        record.failure = failures.failure_string(exc)
        return record
    try:
        request = binding_request(transaction_id)
        deadline = start + timeout
        rto = 0.5
        async with asyncio.timeout(timeout):
            while True:
                transport.sendto(request)
                record.requests_sent += 1
                wait = min(rto, deadline - time.perf_counter())
                done, _ = await asyncio.wait({protocol.answer}, timeout=max(wait, 0))
                if done:
                    record.mapped_address = protocol.answer.result()
                    record.time_ms = (time.perf_counter() - start) * 1000
                    break
                rto *= 2
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
        failure = failures.failure_string(exc)
        if failure == failures.TIMEOUT and record.invalid_replies:
            failure = failures.unknown("invalid STUN responses")
        record.failure = failure
    finally:
        transport.close()
    return record
