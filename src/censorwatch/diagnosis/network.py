"""The state of the network in a round: online, offline (nothing answers: blame no
service) or a white list (only domestic references answer)."""

from __future__ import annotations

from ..probes.records import ProbeRecord
from .wording import translate


def network_state(services: list[tuple[str, str, list[ProbeRecord], str]]) -> tuple[str, str]:
    """`online`, `offline` or `whitelist` from one round.

    `services` holds (id, region, records, status) with the status as judged per probe.
    """
    answered = False
    for _sid, _region, records, _status in services:
        for r in records:
            if any(q.addresses for q in r.dns) or any(t.failure is None for t in r.tcp):
                answered = True
            if r.stun and r.stun.failure is None:
                answered = True
    if services and not answered:
        return "offline", translate(
            "Verdict",
            "Nothing answers, not even domestic sites or DNS resolvers: the internet connection itself seems down. No service is judged blocked.",
        )
    domestic = [s for s in services if s[1] == "domestic"]
    foreign = [s for s in services if s[1] != "domestic"]
    domestic_ok = any(s[3] in ("ok", "degraded") for s in domestic)
    # Every foreign service failed in a way that was judged (not "cannot tell": on a lossy
    # link, silence proves nothing).
    foreign_failed = all(s[3] in ("blocked", "offline") for s in foreign)
    if domestic_ok and len(foreign) >= 2 and foreign_failed:
        return "whitelist", translate(
            "Verdict",
            "Only domestic services work: the network lets through a white list of approved services. Foreign services cannot be judged one by one.",
        )
    return "online", translate("Verdict", "The network works.")
