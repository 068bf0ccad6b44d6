"""Judging a round: probes into capabilities (any_of groups; controls, whose restriction is
claimed only over consecutive rounds), capabilities into services, and the services into
the network's state (offline, a white list and its kind)."""

from __future__ import annotations

import time
from typing import Any

from .. import diagnosis
from ..catalog import DISCRIMINATORS, Service
from ..diagnosis import Judged, Seen, Verdict, wording
from ..diagnosis.facts import AGAIN
from ..localtime import unix_from_iso
from .results import CapabilityResult, ProbeResult, RoundResult, ServiceResult, new_round_id

# A restriction shown by a control (call servers silent, the control answering) is claimed
# when this many rounds in a row see it; a single round says "cannot tell yet".
CONFIRM_ROUNDS = 2


class Judge:
    """Remembers, between rounds, how many rounds in a row saw each pattern that takes
    consecutive rounds to claim: a control's (calls restricted), an address slowed down."""

    def __init__(self) -> None:
        self.streaks: dict[tuple[str, str], int] = {}

    def seed(self, latest: list[dict[str, Any]], now: float, max_age: float) -> None:
        """Carry on from the history: a pattern that takes consecutive rounds, stored in the
        last `max_age` seconds ("cannot tell yet" or claimed: calls restricted, technique
        udp; an address slowed down, technique throttling) counts as the rounds before this
        one, so a `check` run from cron confirms it too."""
        for service in latest:
            for c in service.get("capabilities", []):
                status, technique = c.get("status"), c.get("technique")
                if technique not in ("udp", "throttling") or status not in (
                    "unknown",
                    "blocked",
                    "degraded",
                ):
                    continue
                checked = unix_from_iso(c.get("checked"))
                if checked is None or now - checked > max_age:
                    continue
                seen = 1 if status == "unknown" else CONFIRM_ROUNDS
                self.streaks[(service["service"], c["name"])] = seen

    def round(
        self, services: list[Service], results: list[ProbeResult], started: float
    ) -> RoundResult:
        by_service: dict[str, list[ProbeResult]] = {s.id: [] for s in services}
        for r in results:
            by_service[r.service.id].append(r)
        judged: list[ServiceResult] = []
        for service in services:
            position = {id(spec): i for i, spec in enumerate(service.probes)}
            probes = sorted(by_service[service.id], key=lambda r: position.get(id(r.spec), 0))
            capabilities = self._capabilities(service, probes)
            verdict = _service_verdict(service, capabilities)  # of what is measured only
            capabilities += [
                CapabilityResult(name, diagnosis.not_measured(reason))
                for name, reason in service.not_measured.items()
            ]
            judged.append(ServiceResult(service, verdict, capabilities, probes))
        state, explanation = diagnosis.network_state([_seen(s) for s in judged])
        if state in ("offline", "whitelist"):
            _blame_the_network(judged, state, explanation)
        return RoundResult(new_round_id(started), started, time.time(), state, explanation, judged)

    def _capabilities(self, service: Service, probes: list[ProbeResult]) -> list[CapabilityResult]:
        items: dict[str, list[Judged]] = {name: [] for name in service.capabilities}
        for p in probes:
            if p.spec.role not in DISCRIMINATORS and p.spec.capability in items:
                items[p.spec.capability].append(Judged(p.verdict, p.spec.any_of, p.spec.role))
        measured = {name: diagnosis.measured_verdict(js) for name, js in items.items()}
        messages = measured.get("messages")
        out = []
        for name, verdict in measured.items():
            controls = [j.verdict for j in items[name] if j.role == "control"]
            messages_work = None if messages is None else messages.status in ("ok", "degraded")
            confirm = verdict.confirm
            verdict, pattern = diagnosis.with_controls(verdict, controls, messages_work)
            key = (service.id, name)
            if controls or confirm:
                pattern = pattern or bool(confirm)
                if not pattern:
                    self.streaks[key] = 0
                elif confirm != AGAIN:  # a comparison carried over is not a new round
                    self.streaks[key] = self.streaks.get(key, 0) + 1
                seen = max(1, self.streaks.get(key, 0))
                if pattern and seen < CONFIRM_ROUNDS:
                    verdict = diagnosis.unconfirmed(verdict, seen, CONFIRM_ROUNDS)
            else:
                self.streaks.pop(key, None)
            out.append(CapabilityResult(name, verdict))
        return out


def _seen(s: ServiceResult) -> Seen:
    return Seen(
        s.service.id,
        s.service.is_listed,
        [p.record for p in s.probes if p.spec.role not in DISCRIMINATORS],
        s.verdict.status,
        s.verdict.technique,
        [(p.spec.role, p.record) for p in s.probes if p.spec.role in DISCRIMINATORS],
        s.service.region == "domestic",
    )


def _blame_the_network(judged: list[ServiceResult], state: str, explanation: str) -> None:
    """Offline: no service is to blame. A white list: no unlisted service is judged alone."""
    for s in judged:
        if state == "whitelist" and (s.service.is_listed or s.verdict.status in ("ok", "degraded")):
            continue
        s.verdict = Verdict("offline", None, explanation, s.verdict.evidence)
        for c in s.capabilities:
            if c.name in s.service.not_measured:
                continue
            if c.verdict.status != "ok" or state == "offline":
                c.verdict = Verdict("offline", None, explanation, c.verdict.evidence)


def _service_verdict(service: Service, capabilities: list[CapabilityResult]) -> Verdict:
    """The service takes its worst capability; the sentence says which part and what works."""
    worst = diagnosis.capability_verdict([c.verdict for c in capabilities])
    if worst.status == "ok":
        return Verdict(
            "ok",
            None,
            wording.translate("Verdict", "{service} works.").format(service=service.name),
        )
    bad = [c for c in capabilities if c.verdict.status == worst.status]
    good = [c.name for c in capabilities if c.verdict.status == "ok"]
    first = bad[0]
    if worst.status == "unknown":
        # Its reason says "cannot tell" already.
        text = wording.translate("Verdict", "{service} {capability}: {reason}.").format(
            service=service.name,
            capability=", ".join(wording.capability_word(c.name) for c in bad),
            reason=first.verdict.explanation,
        )
    else:
        text = wording.translate("Verdict", "{service} {capability}: {state}. {reason}.").format(
            service=service.name,
            capability=", ".join(wording.capability_word(c.name) for c in bad),
            state=wording.part_status([c.name for c in bad], worst.status),
            reason=_capitalized(first.verdict.explanation),
        )
    if good:
        text += " " + wording.translate("Verdict", "Still working: {capabilities}.").format(
            capabilities=", ".join(wording.capability_word(c) for c in good)
        )
    return Verdict(worst.status, first.verdict.technique, text, [])


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
