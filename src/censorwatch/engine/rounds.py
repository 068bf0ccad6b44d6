"""Runs a round: every probe concurrently under a bound, confirmation retries, verdicts.

asyncio, no Qt: the CLI awaits `run_round`; the window runs the same engine in its own
thread and receives each result as it finishes through the `on_probe` callback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import diagnosis
from ..catalog import Catalog, ProbeSpec, Service
from ..diagnosis import Verdict, wording
from ..diagnosis.fingerprints import Fingerprints
from ..probes import Network, ProbeRecord, ProbeSettings, measure
from ..probes.tunnel import tunnel_hint
from ..resources import resources_dir

RETRY_DELAY = 1.0  # seconds before a confirmation retry


def load_fingerprints() -> Fingerprints:
    path = resources_dir() / "blockpages.csv"
    try:
        return Fingerprints.parse(path.read_text(encoding="utf-8"))
    except OSError:
        return Fingerprints()


@dataclass(slots=True)
class ProbeResult:
    service: Service
    spec: ProbeSpec
    record: ProbeRecord
    verdict: Verdict
    earlier: list[ProbeRecord] = field(default_factory=list)  # attempts before confirmation

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.service.id, self.spec.capability, self.spec.kind, self.spec.target)


@dataclass(slots=True)
class CapabilityResult:
    name: str
    verdict: Verdict


@dataclass(slots=True)
class ServiceResult:
    service: Service
    verdict: Verdict
    capabilities: list[CapabilityResult]
    probes: list[ProbeResult]


@dataclass(slots=True)
class RoundResult:
    id: str
    started_at: float
    finished_at: float
    network_state: str
    network_explanation: str
    services: list[ServiceResult]
    tunnel: str | None = None  # a VPN or proxy that seemed active: results describe it


def new_round_id(now: float | None = None) -> str:
    stamp = dt.datetime.fromtimestamp(now or time.time(), dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"r-{stamp}-{os.urandom(3).hex()}"


def probe_settings(catalog: Catalog) -> ProbeSettings:
    s = catalog.settings
    return ProbeSettings(
        timeout=s.timeout,
        resolver=s.resolver,
        control_resolvers=list(s.control_resolvers),
        ca_file=s.ca_file,
        decoy_sni=s.decoy_sni,
    )


class Engine:
    """Runs rounds of one catalog; remembers the last status of each probe between rounds,
    so that only a *new* failure is confirmed by a retry before it is reported."""

    def __init__(self, catalog: Catalog, fingerprints: Fingerprints | None = None):
        self.catalog = catalog
        # Read on the first round, in the engine's own thread (never the window's).
        self.fingerprints = fingerprints
        self.last_status: dict[tuple[str, str, str, str], str] = {}

    async def _probe(self, network: Network, spec: ProbeSpec) -> ProbeRecord:
        return await measure(
            network,
            spec.capability,
            spec.kind,
            host=spec.host,
            port=spec.port,
            sni=spec.sni,
            url=spec.url,
            min_kbps=spec.min_kbps,
            max_seconds=spec.max_seconds,
            verify=spec.trust != "handshake",
        )

    async def _confirmed(
        self, network: Network, service: Service, spec: ProbeSpec, gate: asyncio.Semaphore
    ) -> ProbeResult:
        async with gate:
            record = await self._probe(network, spec)
        verdict = diagnosis.probe_verdict(record, self.fingerprints)
        result = ProbeResult(service, spec, record, verdict)
        retries = self.catalog.settings.retries
        previous = self.last_status.get(result.key, "ok")
        while verdict.status in ("blocked", "offline") and previous == "ok" and retries > 0:
            retries -= 1
            await asyncio.sleep(min(RETRY_DELAY, self.catalog.settings.timeout / 4))
            network.forget(q.hostname for q in result.record.dns)
            async with gate:
                again = await self._probe(network, spec)
            result.earlier.append(result.record)
            result.record = again
            verdict = result.verdict = diagnosis.probe_verdict(again, self.fingerprints)
        self.last_status[result.key] = verdict.status
        return result

    async def run_round(
        self,
        services: list[Service] | None = None,
        on_probe: Callable[[ProbeResult], None] | None = None,
    ) -> RoundResult:
        services = list(services if services is not None else self.catalog.services)
        started = time.time()
        if self.fingerprints is None:
            self.fingerprints = load_fingerprints()
        tunnel = tunnel_hint()
        network = Network(probe_settings(self.catalog))
        gate = asyncio.Semaphore(self.catalog.settings.concurrency)
        tasks = [
            asyncio.ensure_future(self._confirmed(network, service, spec, gate))
            for service in services
            for spec in service.probes
        ]
        results: list[ProbeResult] = []
        try:
            for next_done in asyncio.as_completed(tasks):
                result = await next_done
                results.append(result)
                if on_probe is not None:
                    on_probe(result)
        finally:
            for t in tasks:
                t.cancel()
            await network.aclose()
        rnd = self._judge(services, results, started)
        rnd.tunnel = tunnel
        return rnd

    def _judge(
        self, services: list[Service], results: list[ProbeResult], started: float
    ) -> RoundResult:
        by_service: dict[str, list[ProbeResult]] = {s.id: [] for s in services}
        for r in results:
            by_service[r.service.id].append(r)
        order = {(s.id, i): i for s in services for i, _ in enumerate(s.probes)}
        judged: list[ServiceResult] = []
        for service in services:
            probes = sorted(
                by_service[service.id],
                key=lambda r: order.get((service.id, service.probes.index(r.spec)), 0),
            )
            capabilities = []
            for name in service.capabilities:
                verdicts = [p.verdict for p in probes if p.spec.capability == name]
                capabilities.append(CapabilityResult(name, diagnosis.capability_verdict(verdicts)))
            judged.append(
                ServiceResult(
                    service, _service_verdict(service, capabilities), capabilities, probes
                )
            )
        state, explanation = diagnosis.network_state(
            [
                (s.service.id, s.service.region, [p.record for p in s.probes], s.verdict.status)
                for s in judged
            ]
        )
        if state in ("offline", "whitelist"):
            for s in judged:
                if state == "whitelist" and (
                    s.service.region == "domestic" or s.verdict.status in ("ok", "degraded")
                ):
                    continue
                s.verdict = Verdict("offline", None, explanation, s.verdict.evidence)
                for c in s.capabilities:
                    if c.verdict.status != "ok" or state == "offline":
                        c.verdict = Verdict("offline", None, explanation, c.verdict.evidence)
        return RoundResult(new_round_id(started), started, time.time(), state, explanation, judged)


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
    text = wording.translate("Verdict", "{service} {capability}: {state}. {reason}.").format(
        service=service.name,
        capability=", ".join(wording.capability_word(c.name) for c in bad),
        state=wording.status_word(worst.status),
        reason=_capitalized(first.verdict.explanation),
    )
    if good:
        text += " " + wording.translate("Verdict", "Still working: {capabilities}.").format(
            capabilities=", ".join(wording.capability_word(c) for c in good)
        )
    return Verdict(worst.status, first.verdict.technique, text, [])


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
