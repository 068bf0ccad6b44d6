"""Runs a round: every probe concurrently under a bound, confirmation retries, verdicts.

asyncio, no Qt: the CLI awaits `run_round`; the window runs the same engine in its own
thread and receives each result as it finishes through the `on_probe` callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import diagnosis
from ..catalog import Catalog, ProbeSpec, Service
from ..diagnosis import Quality, Verdict, quality_of, wording
from ..diagnosis.fingerprints import Fingerprints
from ..diagnosis.speed import throttled
from ..probes import Network, ProbeRecord, ProbeSettings, measure, throughput
from ..probes.records import Transfer
from ..probes.tunnel import tunnel_hint
from ..resources import resources_dir
from .budget import DUE, Budget, system_metered

RETRY_DELAY = 1.0  # seconds before a confirmation retry
CARRY_INTERVALS = 3  # a speed comparison stands for this many comparison intervals


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
    quality: Quality = field(default_factory=Quality)
    bytes_sent: int = 0  # on the wire, every probe and retry of the round
    bytes_received: int = 0
    speed: str = DUE  # whether speeds were compared (budget.DUE), or why not
    today_bytes: int = 0  # this round's and every earlier round's of the day (local time)


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
        throttle_ratio=s.throttle_ratio,
        throttle_floor_kbps=s.throttle_floor_kbps,
    )


class Engine:
    """Runs rounds of one catalog; remembers the last status of each probe between rounds,
    so that only a *new* failure is confirmed by a retry before it is reported, and the last
    speed comparison of each throughput probe, which stands between comparisons."""

    def __init__(
        self,
        catalog: Catalog,
        fingerprints: Fingerprints | None = None,
        metered: Callable[[], bool | None] | None = None,
    ):
        self.budget = Budget(catalog.settings, metered or system_metered)
        self.catalog = catalog
        # Read on the first round, in the engine's own thread (never the window's).
        self.fingerprints = fingerprints
        self.last_status: dict[tuple[str, str, str, str], str] = {}
        self.last_speed: dict[tuple[str, str, str, str], Transfer] = {}
        self._finished: list[ProbeRecord] = []  # this round's, for a provisional quality

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        """A catalog edited in the window replaces the old one between rounds."""
        self._catalog = catalog
        self.budget.settings = catalog.settings

    async def _probe(self, network: Network, spec: ProbeSpec, compare: bool) -> ProbeRecord:
        # Between speed comparisons a throughput probe only checks that its object is
        # reachable: one download, capped like a page.
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
            compare=compare,
            upload=spec.direction == "upload",
        )

    def _provisional(self) -> Quality:
        return quality_of(self._finished, self.catalog.settings.timeout)

    async def _confirmed(
        self,
        network: Network,
        service: Service,
        spec: ProbeSpec,
        gate: asyncio.Semaphore,
        lane: asyncio.Lock,
        compare: bool,
        first_try: asyncio.Future[None] | None = None,
    ) -> ProbeResult:
        # Speed comparisons run one at a time: two downloads at once would share the link.
        bulk = lane if spec.kind == "throughput" and compare else contextlib.nullcontext()
        try:
            async with gate, bulk:
                record = await self._probe(network, spec, compare)
        finally:
            if first_try is not None and not first_try.done():
                first_try.set_result(None)  # the comparisons may start (see run_round)
        self._finished.append(record)
        verdict = diagnosis.probe_verdict(record, self.fingerprints, self._provisional())
        result = ProbeResult(service, spec, record, verdict)
        retries = self.catalog.settings.retries
        previous = self.last_status.get(result.key, "ok")
        # A new failure is confirmed by a retry; "cannot tell" is always asked again.
        while retries > 0 and (
            verdict.status == "unknown"
            or (verdict.status in ("blocked", "offline") and previous == "ok")
        ):
            retries -= 1
            await asyncio.sleep(min(RETRY_DELAY, self.catalog.settings.timeout / 4))
            network.forget(q.hostname for q in result.record.dns)
            async with gate, bulk:
                again = await self._probe(network, spec, compare)
            self._finished.append(again)
            result.earlier.append(result.record)
            result.record = again
            verdict = result.verdict = diagnosis.probe_verdict(
                again, self.fingerprints, self._provisional(), result.earlier
            )
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
        wants_speed = any(p.kind == "throughput" for s in services for p in s.probes)
        speed = self.budget.decide(started) if wants_speed else DUE
        compare = wants_speed and speed == DUE
        network = Network(probe_settings(self.catalog))
        gate = asyncio.Semaphore(self.catalog.settings.concurrency)
        lane = asyncio.Lock()
        self._finished = []
        # Speed comparisons start once every other probe has made its first try: downloads
        # that fill a slow link make everything else queue and drop (a round would measure
        # itself). The confirmation retries, a few packets each, may overlap them.
        pairs = [(service, spec) for service in services for spec in service.probes]
        loop = asyncio.get_running_loop()
        first_tries: list[asyncio.Future[None]] = []
        light = []
        for service, spec in pairs:
            if compare and spec.kind == "throughput":
                continue
            first_tries.append(loop.create_future())
            light.append(
                asyncio.ensure_future(
                    self._confirmed(network, service, spec, gate, lane, compare, first_tries[-1])
                )
            )

        async def after_light(service: Service, spec: ProbeSpec) -> ProbeResult:
            if first_tries:
                await asyncio.wait(first_tries)
            return await self._confirmed(network, service, spec, gate, lane, compare)

        tasks = light + [
            asyncio.ensure_future(after_light(service, spec))
            for service, spec in pairs
            if compare and spec.kind == "throughput"
        ]
        results: list[ProbeResult] = []
        extra: list[ProbeRecord] = []
        try:
            for next_done in asyncio.as_completed(tasks):
                result = await next_done
                results.append(result)
                if on_probe is not None:
                    on_probe(result)
            reference = await self._reference(network, results) if compare else None
            if reference is not None:
                extra.append(reference)
        finally:
            for t in tasks:
                t.cancel()
            await network.aclose()
        if compare:
            self.budget.last_compared = started
        self._carry_speeds(results, compare, started)
        records = [*extra, *(e for r in results for e in (*r.earlier, r.record))]
        quality = quality_of(records, self.catalog.settings.timeout, _link_kbps(reference, results))
        for r in results:
            r.verdict = diagnosis.probe_verdict(r.record, self.fingerprints, quality, r.earlier)
            self.last_status[r.key] = r.verdict.status
        rnd = self._judge(services, results, started)
        rnd.tunnel, rnd.quality, rnd.speed = tunnel, quality, speed if wants_speed else DUE
        rnd.bytes_sent = sum(r.wire_bytes[0] for r in records)
        rnd.bytes_received = sum(r.wire_bytes[1] for r in records)
        self.budget.charge(rnd.bytes_sent + rnd.bytes_received, started)
        rnd.today_bytes = self.budget.spent_today(started)
        self._finished = []
        return rnd

    async def _reference(self, network: Network, results: list[ProbeResult]) -> ProbeRecord | None:
        """The link's own speed, downloaded only when a slow download has no decoy to be
        compared with (it costs data too)."""
        url = self.catalog.settings.reference_url
        transfers = [
            r.record.transfer
            for r in results
            if r.record.transfer is not None and r.record.failure is None
        ]
        if not url or not any(throttled(t)[0] is None for t in transfers):
            return None
        seconds = max(r.spec.max_seconds for r in results if r.spec.kind == "throughput")
        record = await throughput.reference(network, url, seconds / (2 * throughput.PAIRS))
        if record.failure is None and record.kbps:
            for t in transfers:
                t.reference_kbps = record.kbps
        return record

    def _carry_speeds(self, results: list[ProbeResult], compared: bool, now: float) -> None:
        """Remember this round's comparisons; between comparisons, a probe whose object is
        still reachable keeps the last comparison's speeds (marked with their time)."""
        keep = CARRY_INTERVALS * self.catalog.settings.throughput_interval
        for r in results:
            if r.spec.kind != "throughput":
                continue
            t = r.record.transfer
            if compared:
                if t is not None and r.record.failure is None:
                    self.last_speed[r.key] = dataclasses.replace(t, measured_at=now)
                else:
                    self.last_speed.pop(r.key, None)
                continue
            last = self.last_speed.get(r.key)
            if (
                last is not None
                and r.record.failure is None
                and now - (last.measured_at or 0) < keep
            ):
                r.record.transfer = dataclasses.replace(last)

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
            verdict = _service_verdict(service, capabilities)  # of what is measured only
            capabilities += [
                CapabilityResult(name, diagnosis.not_measured(reason))
                for name, reason in service.not_measured.items()
            ]
            judged.append(ServiceResult(service, verdict, capabilities, probes))
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
                    if c.name in s.service.not_measured:
                        continue
                    if c.verdict.status != "ok" or state == "offline":
                        c.verdict = Verdict("offline", None, explanation, c.verdict.evidence)
        return RoundResult(new_round_id(started), started, time.time(), state, explanation, judged)


def _link_kbps(reference: ProbeRecord | None, results: list[ProbeResult]) -> float | None:
    """The link's speed this round: the reference download, else the fastest download under
    the decoy name (a name nobody throttles), else unknown."""
    if reference is not None and reference.failure is None and reference.kbps:
        return reference.kbps
    decoys = [
        statistics.median(t.decoy_kbps)
        for r in results
        if (t := r.record.transfer) is not None and t.decoy_kbps and t.measured_at is None
    ]
    return max(decoys, default=None)


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
