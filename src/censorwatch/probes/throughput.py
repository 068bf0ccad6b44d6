"""The throughput probe: a speed comparison, not a speed test.

A download's speed alone says nothing about censorship: the link may be slow. So the same
object is downloaded from the same address with the real name and with the decoy name in
the TLS handshake, in turn (A/B/A/B: a link that changes speed changes both), as Xue et al.
confirmed Twitter's throttling in Russia by replaying the traffic with the trigger scrambled
("Throttling Twitter", IMC 2021). The verdict compares the medians. The probe stops as soon as
the answer is clear, because many people pay for every megabyte.
"""

from __future__ import annotations

import statistics
import time

from . import failures, http, urls
from .comparisons import other_name
from .network import Network
from .records import ProbeRecord

PAIRS = 3  # real/decoy pairs before throttling may be claimed
SAMPLE_CAP = 256 * 1024  # body bytes per download: enough to rate a link up to the floor
# Between comparisons, the object is only checked to be reachable: a little past the point
# where Russian DPI freezes foreign transfers (about 16 KB), so a freeze still shows.
REACHABLE_CAP = 24 * 1024


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


async def _sample(
    record: ProbeRecord,
    network: Network,
    url: str,
    address: str,
    window: http.Window,
    sni: str | None,
) -> tuple[float | None, str | None]:
    """One download; (kbit/s, None) or (None, failure). Its bytes are charged to `record`;
    its steps stay out of `record` (the verdict reads the first download's steps)."""
    failure = None
    for _attempt in range(2):  # as a client would, once more when a connection fails
        scratch = ProbeRecord(record.capability, record.kind, url)
        await http.fetch(scratch, network, url, window, address=address, sni=sni)
        sent, received = scratch.wire_bytes
        record.count(sent, received)
        t = scratch.transfer
        status = scratch.http[-1].status if scratch.http else None
        if scratch.failure is None and t is not None and not t.stalled:
            if _the_object(status):
                return round(t.kbps, 1), None
            # Another answer (a 421 for a name the server will not serve, an error page)
            # is not the object: its speed compares nothing.
            return None, failures.unknown(f"HTTP {status} instead of the object")
        failure = scratch.failure or (failures.TIMEOUT if t else failures.unknown("no body"))
    return None, failure


def _the_object(status: int | None) -> bool:
    return status in (200, 206) or (status == 0)  # 0: an upload's window closed first


async def compare(
    record: ProbeRecord,
    network: Network,
    url: str,
    *,
    min_kbps: float,
    max_seconds: float,
    floor_kbps: float,
    ratio: float,
    pairs: int = PAIRS,
    cap: int = SAMPLE_CAP,
    reachable_only: bool = False,
    upload: bool = False,
    sni: str | None = None,
    trust: str = "system",
) -> None:
    """Download `url` (the probe's own steps, judged like any https probe), then, while the
    speed stays below `floor_kbps`, alternate decoy and real downloads from the same address
    until `pairs` of each, within about `max_seconds`. `reachable_only`: between
    comparisons, only the first download, capped like a page. `upload`: the same with POSTs
    of the object's size (the URL must accept them), rated by what the server acknowledged.
    `sni`: the name throttling keys on, sent in the handshake instead of the URL's host
    (YouTube's object fetched with a `*.googlevideo.com` name on the same address): the
    "real" downloads name it, the decoy downloads the decoy name."""
    started = time.perf_counter()
    window = http.Window(min_kbps, max_seconds / (2 * pairs), cap, upload)
    if reachable_only:
        window = http.Window(min_kbps, window.seconds, min(cap, REACHABLE_CAP), upload)
    await http.fetch(record, network, url, window, sni=sni, trust=trust)
    t = record.transfer
    status = record.http[-1].status if record.http else None
    if t is not None and not _the_object(status):
        record.transfer = None  # not the object: nothing to rate or compare
        return
    if reachable_only:
        record.transfer = None  # a page-sized download rates slow start, not the link
        return
    if record.failure is not None or t is None or not record.http:
        return
    t.throttle_ratio, t.floor_kbps, t.pairs = ratio, floor_kbps, pairs
    last = record.http[-1]
    scheme = urls.split_url(last.url)[0]
    decoy = network.settings.decoy_sni
    if scheme != "https" or not decoy or last.address is None:
        return  # only a TLS handshake carries a name that can be swapped
    # Setting up connections on a lossy link takes time too, and on a long path each sample's
    # connection and handshake cost about four round trips before a byte is rated.
    rtt = next((c.rtt_ms for c in record.tcp if c.rtt_ms), None) or 0.0
    budget = max_seconds * 1.5 + 2 * pairs * 4 * rtt / 1000
    for i in range(pairs):
        if (median(t.real_kbps) or 0) >= floor_kbps:
            break  # fast enough that nobody would call it throttled: stop spending data
        if time.perf_counter() - started > budget:
            break
        if i >= 1 and _clearly_not_throttled(t.real_kbps, t.decoy_kbps, ratio):
            break  # the real name is nearly as fast as the decoy: more would only cost data
        kbps, failure = await _sample(record, network, last.url, last.address, window, decoy)
        if kbps is None and i == 0 and failure == failures.SSL_FAILED_HANDSHAKE:
            # The server refused the decoy with an alert of its own: another name its
            # certificate covers stands in for it.
            sibling = other_name(record, sni or urls.split_url(last.url)[1])
            if sibling:
                decoy = sibling
                kbps, failure = await _sample(
                    record, network, last.url, last.address, window, decoy
                )
        if kbps is None:
            t.decoy_failure = failure
            break
        t.decoy_kbps.append(kbps)
        if i + 1 < pairs:
            kbps, failure = await _sample(record, network, last.url, last.address, window, sni)
            if kbps is None:
                break
            t.real_kbps.append(kbps)
    t.kbps = median(t.real_kbps) or t.kbps


def _clearly_not_throttled(real: list[float], decoy: list[float], ratio: float) -> bool:
    """Far from the throttling line (twice the ratio): more pairs would not change the
    verdict, only cost data."""
    r, d = median(real), median(decoy)
    return r is not None and d is not None and r >= min(1.0, 2 * ratio) * d


async def reference(
    network: Network, url: str, seconds: float, cap: int = 4 * SAMPLE_CAP
) -> ProbeRecord:
    """The link's own speed: one download from a service nobody throttles (a domestic one)."""
    record = ProbeRecord("reference", "throughput", url)
    await http.fetch(record, network, url, http.Window(0.0, seconds, cap))
    return record
