"""One probe run to the end: the kind's steps in order, each failure recorded as evidence,
never raised (a bug in one probe must not end the round)."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import string
import time

from . import comparisons, failures, freeze, handshakes, http, stun, throughput, transport
from .names import ascii_name
from .network import Network
from .records import ProbeRecord

_log = logging.getLogger(__name__)

KINDS = (
    "dns", "tcp", "tls", "http", "https", "throughput", "stun", "freeze",
    "quic", "ech", "wireguard", "openvpn",
)  # fmt: skip
DEFAULT_PORTS = {"tls": 443, "quic": 443, "ech": 443, "stun": 3478}
RANDOM_SNI = "random"  # a tls probe's `sni = "random"`: a fresh name no list holds


def random_name() -> str:
    """A name no white list holds and no DNS knows: 12 random letters under .com."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(12)) + ".com"


def target_of(
    kind: str, host: str | None, port: int | None, url: str | None, profile: str | None = None
) -> str:
    if kind in ("http", "https", "throughput", "freeze"):
        return url or ""
    if kind == "dns":
        return host or ""
    if kind in handshakes.PROFILE_KINDS and not host:
        # The server the profile names is read at probe time; its file's name stands for it.
        return f"profile:{os.path.basename(profile or '')}"
    h = f"[{host}]" if host and ":" in host else host
    return f"{h}:{port or DEFAULT_PORTS.get(kind)}"


async def _tcp(record: ProbeRecord, network: Network, host: str, port: int) -> None:
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    stream, _address = await transport.open_any(record, network, addresses, port)
    if stream is not None:
        stream.close()
        return
    await comparisons.after_connect(record, network, ascii_name(host), port)


async def _tls(
    record: ProbeRecord, network: Network, host: str, port: int, sni: str, trust: str = "system"
) -> None:
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    stream, address = await transport.open_any(record, network, addresses, port)
    if stream is not None and address is not None:
        try:
            await transport.tls(record, network, stream, address, port, sni, trust)
        finally:
            stream.close()
    await comparisons.after_connect(record, network, ascii_name(host), port, sni, trust)


async def _stun(record: ProbeRecord, network: Network, host: str, port: int) -> None:
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    record.stun = await stun.binding(addresses[0], port, network.timeout)
    record.count(record.stun.requests_sent * (20 + stun.UDP_HEADERS), record.stun.bytes_received)
    if record.stun.failure:
        record.fail("udp", record.stun.failure)


async def _dns(record: ProbeRecord, network: Network, host: str) -> None:
    record.dns.extend(await network.resolve(ascii_name(host)))
    test = record.dns[0]
    if test.failure:
        record.fail("dns", test.failure)


async def measure(
    network: Network,
    capability: str,
    kind: str,
    *,
    host: str | None = None,
    port: int | None = None,
    sni: str | None = None,
    url: str | None = None,
    min_kbps: float = 1000.0,
    max_seconds: float = 10.0,
    trust: str = "system",
    compare: bool = True,
    upload: bool = False,
    profile: str | None = None,
    compare_port: int | None = None,
) -> ProbeRecord:
    """Run one probe to the end; failures are recorded, never raised."""
    target = target_of(kind, host, port, url, profile)
    record = ProbeRecord(capability, kind, target, started_at=time.time())
    start = time.perf_counter()
    try:
        if kind == "dns":
            await _dns(record, network, host or "")
        elif kind == "tcp":
            await _tcp(record, network, host or "", port or 0)
        elif kind == "tls":
            name = random_name() if sni == RANDOM_SNI else ascii_name(sni or host or "")
            await _tls(record, network, host or "", port or 443, name, trust)
        elif kind in ("http", "https"):
            last, address = await http.fetch(record, network, url or "", trust=trust)
            await comparisons.after_page(record, network, last, address, trust)
        elif kind == "freeze":
            await freeze.measure(record, network, url or "", trust)
        elif kind == "throughput":
            await throughput.compare(
                record,
                network,
                url or "",
                min_kbps=min_kbps,
                max_seconds=max_seconds,
                floor_kbps=network.settings.throttle_floor_kbps,
                ratio=network.settings.throttle_ratio,
                reachable_only=not compare,
                upload=upload,
                sni=sni,
                trust=trust,
            )
        elif kind == "stun":
            await _stun(record, network, host or "", port or 3478)
        elif kind == "quic":
            name = ascii_name(sni or host or "")
            await handshakes.quic_probe(record, network, host or "", port or 443, name)
        elif kind == "ech":
            name = ascii_name(sni or handshakes.ech.ECH_OUTER_NAME)
            await handshakes.ech_probe(record, network, host or "", port or 443, name)
        elif kind in handshakes.PROFILE_KINDS:
            where = (host, port) if host else None
            await handshakes.vpn_probe(record, network, kind, profile or "", where, compare_port)
        else:
            raise ValueError(f"unknown probe kind {kind!r}")
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in one probe must not end the round
        # censorwatch's own fault: never a verdict about the network (diagnosis says so).
        _log.exception("the %s probe of %s failed inside censorwatch", kind, record.target)
        record.internal_error = f"{type(exc).__name__}: {exc}"[:300]
        if record.failure is None:
            record.failure = failures.INTERNAL
    record.duration_ms = (time.perf_counter() - start) * 1000
    return record
