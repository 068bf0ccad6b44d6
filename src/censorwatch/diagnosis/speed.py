"""Throttling, judged by comparison: the real name's median speed against the decoy name's
on the same address (A/B/A/B), or against the link's reference download in the same round.
A slow link where everything is slow is the link, not a service."""

from __future__ import annotations

import statistics

from ..probes.failures import TIMEOUT
from ..probes.records import HttpExchange, ProbeRecord, Transfer
from .wording import translate


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def throttled(t: Transfer) -> tuple[bool | None, str, float | None]:
    """(throttled?, the comparison used, its speed). The comparison: "decoy" (another name
    on the same address: throttling by name), "address" (another name is as slow, while the
    link's reference is fast: throttling of the address, whatever the name), "reference"
    (no other name to compare: the link's reference), "" (fast enough). None when the speed
    is below the floor and nothing comparable says why — the round then asks the reference."""
    real = _median(t.real_kbps) or t.kbps
    if real >= t.floor_kbps:
        return False, "", None
    decoy = _median(t.decoy_kbps)
    reference = t.reference_kbps
    if decoy is not None:
        enough = len(t.decoy_kbps) >= t.pairs and len(t.real_kbps) >= t.pairs
        if real < t.throttle_ratio * decoy and enough:
            return True, "decoy", decoy
        if real >= t.throttle_ratio * decoy:
            if decoy >= t.floor_kbps:
                return False, "decoy", decoy  # the address serves another name fast
            # As slow under another name: not by name. Slow at the address, or the link.
            if reference:
                return real < t.throttle_ratio * reference, "address", reference
            return None, "address", None
    if reference:
        return real < t.throttle_ratio * reference, "reference", reference
    return None, "decoy" if decoy is not None else "", decoy


# A page slower than this share of the link's reference, under any name, is slowed down at
# its address (the settings' throttle_ratio rules downloads; a page is judged by its default).
PAGE_RATIO = 0.3


def page_kbps(h: HttpExchange) -> float | None:
    """How fast a page arrived (kbit/s), from its body's bytes and time."""
    if not h.body_ms or h.body_bytes <= 0:
        return None
    return h.body_bytes * 8 / h.body_ms


def slow_everywhere(record: ProbeRecord) -> bool:
    """A page probe whose page did not finish in time, still arriving, under its own name
    and the decoy's alike: only the link's reference can tell a throttled address from a
    slow link."""
    if record.failed_step != "body" or record.failure != TIMEOUT:
        return False
    main = [h for h in record.http if h.main]
    if not main or main[-1].stalled:
        return False
    decoys = [h for h in record.http if h.decoy and not h.via]
    return bool(decoys) and not any(d.body_complete and d.failure is None for d in decoys)


def needs_reference(t: Transfer) -> bool:
    """A slow transfer whose comparison by name cannot say why: the link's reference must."""
    verdict, against, _base = throttled(t)
    return verdict is None and against in ("address", "")


def by_address(t: Transfer) -> bool:
    """Throttling claimed from the link's reference, not by name: it stands only when
    consecutive comparisons see it (a busy server is slow for a while too)."""
    verdict, against, _base = throttled(t)
    return bool(verdict) and against in ("address", "reference")


def speed_verdict(t: Transfer) -> tuple[str, str | None, str]:
    """(status, technique, reason) of a transfer that worked (a download, or an upload)."""
    status, technique, reason = _speed_verdict(t)
    if t.direction == "upload":
        if (status, technique) == ("degraded", "throttling") and throttled(t)[1] == "decoy":
            reason = translate(
                "Verdict",
                "uploads run at {kbps} kbit/s with the service's name, yet at {base} kbit/s to the same server under another name ({n} tries each): throttling by name",
            ).format(
                kbps=f"{_median(t.real_kbps) or t.kbps:.0f}",
                base=f"{_median(t.decoy_kbps) or 0:.0f}",
                n=len(t.real_kbps),
            )
        else:
            reason = translate("Verdict", "upload: {reason}").format(reason=reason)
    return status, technique, reason


def _speed_verdict(t: Transfer) -> tuple[str, str | None, str]:
    real = _median(t.real_kbps) or t.kbps
    verdict, against, base = throttled(t)
    kbps = f"{real:.0f}"
    if verdict:
        if against == "decoy":
            text = translate(
                "Verdict",
                "downloads run at {kbps} kbit/s with the service's name, yet at {base} kbit/s from the same server under another name ({n} tries each): throttling by name",
            )
        elif against == "address":
            text = translate(
                "Verdict",
                "slowed down at this address, whatever the name: downloads run at {kbps} kbit/s under its name and another alike, while your connection downloads at {base} kbit/s",
            )
        else:
            text = translate(
                "Verdict",
                "downloads run at {kbps} kbit/s, while a reference download on the same link runs at {base} kbit/s: throttling",
            )
        return (
            "degraded",
            "throttling",
            text.format(kbps=kbps, base=f"{base:.0f}", n=len(t.real_kbps)),
        )
    if verdict is None:
        if against == "decoy":
            text = translate(
                "Verdict",
                "cannot tell yet: downloads run at {kbps} kbit/s, slower than under another name ({base} kbit/s), but over too few tries to be sure",
            )
        elif against == "address":
            text = translate(
                "Verdict",
                "cannot tell: downloads run at {kbps} kbit/s under its name and another alike, and the link's own speed was not measured to compare",
            )
        else:
            text = translate(
                "Verdict",
                "cannot tell: downloads run at {kbps} kbit/s, and nothing on this link could be compared with it",
            )
        if real < t.min_kbps or against in ("decoy", "address"):
            return "unknown", None, text.format(kbps=kbps, base=f"{base or 0:.0f}")
    if real < t.min_kbps and base is not None and against != "decoy":
        return (
            "ok",
            None,
            translate(
                "Verdict",
                "works, but slowly: {kbps} kbit/s, about as fast as {what} ({base} kbit/s): your connection is slow, not this service",
            ).format(
                kbps=kbps,
                base=f"{base:.0f}",
                what=translate("Verdict", "the reference download"),
            ),
        )
    return (
        "ok",
        None,
        translate("Verdict", "works: downloads run at {kbps} kbit/s").format(kbps=kbps),
    )
