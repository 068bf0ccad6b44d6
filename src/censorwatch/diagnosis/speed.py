"""Throttling, judged by comparison: the real name's median speed against the decoy name's
on the same address (A/B/A/B), or against the link's reference download in the same round.
A slow link where everything is slow is the link, not a service."""

from __future__ import annotations

import statistics

from ..probes.records import Transfer
from .wording import translate


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def throttled(t: Transfer) -> tuple[bool | None, str, float | None]:
    """(throttled?, the comparison used: "decoy", "reference" or "", its speed). None when
    the speed is below the floor and nothing comparable says why."""
    real = _median(t.real_kbps) or t.kbps
    if real >= t.floor_kbps:
        return False, "", None
    decoy = _median(t.decoy_kbps)
    if decoy is not None:
        enough = len(t.decoy_kbps) >= t.pairs and len(t.real_kbps) >= t.pairs
        if real < t.throttle_ratio * decoy and enough:
            return True, "decoy", decoy
        if real >= t.throttle_ratio * decoy:
            return False, "decoy", decoy
    if t.reference_kbps:
        return real < t.throttle_ratio * t.reference_kbps, "reference", t.reference_kbps
    return None, "decoy" if decoy is not None else "", decoy


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
        else:
            text = translate(
                "Verdict",
                "cannot tell: downloads run at {kbps} kbit/s, and nothing on this link could be compared with it",
            )
        if real < t.min_kbps or against == "decoy":
            return "unknown", None, text.format(kbps=kbps, base=f"{base or 0:.0f}")
    if real < t.min_kbps and base is not None:
        return (
            "ok",
            None,
            translate(
                "Verdict",
                "works, but slowly: {kbps} kbit/s, about as fast as {what} ({base} kbit/s): your connection is slow, not this service",
            ).format(
                kbps=kbps,
                base=f"{base:.0f}",
                what=translate("Verdict", "the same server under another name")
                if against == "decoy"
                else translate("Verdict", "the reference download"),
            ),
        )
    return (
        "ok",
        None,
        translate("Verdict", "works: downloads run at {kbps} kbit/s").format(kbps=kbps),
    )
