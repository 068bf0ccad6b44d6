"""Runs a round: every probe concurrently under a bound, confirmation retries, verdicts.

asyncio, no Qt: the CLI awaits `run_round`; the window runs the same engine in its own
thread and receives each result as it finishes through the `on_probe` callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .. import diagnosis, provider
from ..catalog import Catalog, ProbeSpec, Service
from ..catalog.cost import catalog_cost
from ..diagnosis.fingerprints import Fingerprints
from ..diagnosis.speed import slow_everywhere
from ..probes import Network, ProbeRecord
from ..probes.records import Transfer
from ..probes.tunnel import tunnel_hint
from ..resources import resources_dir
from . import speeds
from .budget import DUE, Budget, system_metered
from .clocks import boottime
from .judging import Judge
from .results import (
    RESOLVER_ANSWERING,
    RESOLVER_NOT_ANSWERING,
    ProbeResult,
    RoundResult,
    public_address,
)
from .tries import Tries, probe_settings
from .units import references_needed, units_of


class History(Protocol):
    """What a round reads of the history to carry on (a store)."""

    def last_probe_status(self) -> dict[tuple[str, str, str, str], str]: ...

    def latest(self) -> list[dict[str, Any]]: ...


def load_fingerprints() -> Fingerprints:
    path = resources_dir() / "blockpages.csv"
    try:
        return Fingerprints.parse(path.read_text(encoding="utf-8"))
    except OSError:
        return Fingerprints()


class Engine(Tries):
    """Runs rounds of one catalog; remembers the last status of each probe between rounds,
    so that only a *new* failure is confirmed by a retry before it is reported, and the last
    speed comparison of each throughput probe, which stands between comparisons."""

    def __init__(
        self,
        catalog: Catalog,
        fingerprints: Fingerprints | None = None,
        metered: Callable[[], bool | None] | None = None,
        data_dir: Path | None = None,
    ):
        # Where a refreshed provider table may be (censorwatch/provider.py).
        self.data_dir = data_dir
        self._provider_retry = 0.0  # monotonic: when a failed refresh may be tried again
        self.events: list[str] = []  # what the engine has to say besides its rounds
        self.budget = Budget(catalog.settings, metered or system_metered)
        self.stretch = 1.0  # the intervals' stretch after the last round (budget.stretch)
        self.catalog = catalog
        # Read on the first round, in the engine's own thread (never the window's).
        self.fingerprints = fingerprints
        self.last_status: dict[tuple[str, str, str, str], str] = {}
        # Each throughput probe's last comparison, with when it was made (steady clock).
        self.last_speed: dict[tuple[str, str, str, str], tuple[Transfer, float]] = {}
        self._finished: list[ProbeRecord] = []  # this round's, for a provisional quality
        self.judge = Judge()
        self.network_state = ""  # of the last round that had white-list references
        # The member of each any_of group that answered last: tried first next time.
        self.group_lead: dict[tuple[str, str, str], str] = {}
        # Set by finish_early() (a stop that cannot wait any longer): the round in flight
        # stops waiting and judges the services whose probes all finished (a partial round).
        self._hurry: asyncio.Event | None = None

    async def _refresh_provider_table(self) -> None:
        """The provider table downloaded again when the person allows it and the copy is a
        week old; a failure is tried again a day later (never each round)."""
        if not self.catalog.settings.update_provider_table or self.data_dir is None:
            return
        now = time.monotonic()
        if now < self._provider_retry or not provider.due(self.data_dir):
            return
        self._provider_retry = now + 86400
        try:
            await asyncio.to_thread(provider.refresh, self.data_dir)
        except OSError as exc:
            self.events.append(str(exc))

    def finish_early(self) -> None:
        """End the round in flight now with what it has (call in the engine's loop)."""
        if self._hurry is not None:
            self._hurry.set()

    def resume(self, history: History) -> None:
        """Carry on from the history (a store): each probe's last status, so only a new
        failure is confirmed by a retry, and the calls restrictions the last rounds saw."""
        self.last_status.update(history.last_probe_status())
        s = self.catalog.settings
        longest = max([s.interval, *(x.interval or 0 for x in self.catalog.services)])
        self.judge.seed(history.latest(), time.time(), 3 * longest)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        """A catalog edited in the window replaces the old one between rounds."""
        self._catalog = catalog
        self.budget.settings = catalog.settings
        self.budget.daily_checks = catalog_cost(catalog, compare=False).checks
        self._lab = diagnosis.lab_networks(catalog.settings.lab_networks)

    async def _confirmed(
        self,
        network: Network,
        service: Service,
        spec: ProbeSpec,
        gate: asyncio.Semaphore,
        lane: asyncio.Lock,
        compare: bool,
        first_try: asyncio.Future[None] | None = None,
        confirm: bool = True,
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
        verdict = diagnosis.probe_verdict(
            record, self.fingerprints, self._provisional(), lab=self._lab
        )
        result = ProbeResult(service, spec, record, verdict)
        if confirm:
            await self._confirm(network, result, gate, bulk, compare)
        return result

    async def _group(
        self,
        network: Network,
        service: Service,
        specs: list[ProbeSpec],
        gate: asyncio.Semaphore,
        lane: asyncio.Lock,
        compare: bool,
        first_try: asyncio.Future[None] | None = None,
    ) -> list[ProbeResult]:
        """An any_of group: the member that answered last first; the others, together, only
        when it fails; when none answers, the first is confirmed as a lone probe would be.
        A working group costs one exchange."""
        key = (service.id, specs[0].capability, specs[0].any_of)
        lead = self.group_lead.get(key)
        order = sorted(specs, key=lambda s: s.target != lead)
        first = await self._confirmed(
            network, service, order[0], gate, lane, compare, first_try, confirm=False
        )
        results = [first]
        if first.record.failure is not None:
            results += await asyncio.gather(
                *(
                    self._confirmed(network, service, s, gate, lane, compare, confirm=False)
                    for s in order[1:]
                )
            )
        answered = next((r for r in results if r.record.failure is None), None)
        if answered is not None:
            self.group_lead[key] = answered.spec.target
        else:
            await self._confirm(network, first, gate, contextlib.nullcontext(), compare)
        return results

    async def _unit(
        self,
        network: Network,
        service: Service,
        specs: list[ProbeSpec],
        gate: asyncio.Semaphore,
        lane: asyncio.Lock,
        compare: bool,
        first_try: asyncio.Future[None],
    ) -> list[ProbeResult]:
        if len(specs) > 1 or specs[0].any_of:
            return await self._group(network, service, specs, gate, lane, compare, first_try)
        return [await self._confirmed(network, service, specs[0], gate, lane, compare, first_try)]

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
        speed = await asyncio.to_thread(self.budget.decide, started) if wants_speed else DUE
        compare = wants_speed and speed == DUE
        network = Network(probe_settings(self.catalog))
        gate = asyncio.Semaphore(self.catalog.settings.concurrency)
        lane = asyncio.Lock()
        self._finished = []
        # Speed comparisons start once every other probe has made its first try: downloads
        # that fill a slow link make everything else queue and drop (a round would measure
        # itself). The confirmation retries, a few packets each, may overlap them.
        units = units_of(services)
        loop = asyncio.get_running_loop()
        first_tries: list[asyncio.Future[None]] = []
        light: list[asyncio.Future[list[ProbeResult]]] = []
        heavy: list[tuple[Service, ProbeSpec]] = []
        light_owners: list[str] = []  # the service of each light task
        for service, specs in units:
            if compare and specs[0].kind == "throughput" and len(specs) == 1:
                heavy.append((service, specs[0]))
                continue
            first_tries.append(loop.create_future())
            light_owners.append(service.id)
            light.append(
                asyncio.ensure_future(
                    self._unit(network, service, specs, gate, lane, compare, first_tries[-1])
                )
            )

        async def after_light(service: Service, spec: ProbeSpec) -> list[ProbeResult]:
            if first_tries:
                await asyncio.wait(first_tries)
            return [await self._confirmed(network, service, spec, gate, lane, compare)]

        tasks = light + [asyncio.ensure_future(after_light(*pair)) for pair in heavy]
        owner = dict(zip(tasks, [*light_owners, *(s.id for s, _ in heavy)], strict=True))
        results: list[ProbeResult] = []
        extra: list[ProbeRecord] = []

        def took(batch: list[ProbeResult]) -> None:
            for result in batch:
                results.append(result)
                if on_probe is not None:
                    on_probe(result)

        hurry = self._hurry = asyncio.Event()
        hurried = asyncio.ensure_future(hurry.wait())
        partial = False
        try:
            pending: set[asyncio.Future[Any]] = set(tasks)
            while pending:
                done, pending = await asyncio.wait(
                    pending | {hurried}, return_when=asyncio.FIRST_COMPLETED
                )
                for t in tasks:
                    if t in done:
                        took(t.result())
                pending.discard(hurried)
                if hurry.is_set() and pending:
                    partial = True
                    break
            if partial:
                # Only services whose every probe finished are judged: half a service
                # would be judged on the probes that happened to end first.
                cut = {owner[t] for t in pending}
                results[:] = [r for r in results if r.service.id not in cut]
                services = [s for s in services if s.id not in cut]
                compare = False
            # A new failure with no white-list reference in the round: the references (and
            # the unlisted controls) are asked now, so the network's state can be judged.
            extra_services = (
                []
                if partial
                else references_needed(
                    self.catalog.services,
                    services,
                    results,
                    self.last_status,
                    self.network_state == "whitelist",
                )
            )
            for batch in await asyncio.gather(
                *(
                    self._unit(network, s, specs, gate, lane, False, loop.create_future())
                    for s, specs in units_of(extra_services)
                )
            ):
                took(batch)
            services += extra_services
            if not partial and not compare and any(slow_everywhere(r.record) for r in results):
                # A page slow under every name: only the link's own speed tells a throttled
                # address from a slow link, and measuring it costs data like a comparison.
                speed = await asyncio.to_thread(self.budget.decide, started)
                compare = speed == DUE
            reference = (
                await speeds.reference(self.catalog.settings, network, results) if compare else None
            )
            if reference is not None:
                extra.append(reference)
        finally:
            self._hurry = None
            hurried.cancel()
            for t in tasks:
                t.cancel()
            await network.aclose()
        if compare:
            self.budget.compared()
        speeds.carry(self.last_speed, self.catalog.settings, results, compare, started, boottime())
        quality, records, answering = self._judge_probes(results, extra, reference)
        if not partial and await self._last_tries(results):
            quality, records, answering = self._judge_probes(results, extra, reference)
        for r in results:
            self.last_status[r.key] = r.verdict.status
        rnd = self.judge.round(services, results, started)
        if any(s.is_listed for s in services):
            self.network_state = rnd.network_state
        rnd.tunnel, rnd.quality, rnd.speed = tunnel, quality, speed if wants_speed else DUE
        if answering is not None:
            rnd.resolver = RESOLVER_ANSWERING if answering else RESOLVER_NOT_ANSWERING
        rnd.bytes_sent = sum(r.wire_bytes[0] for r in records)
        rnd.bytes_received = sum(r.wire_bytes[1] for r in records)
        self.budget.charge(rnd.bytes_sent + rnd.bytes_received, started)
        rnd.today_bytes = self.budget.spent_today(started)
        rnd.stretch = self.stretch = self.budget.stretch(started)
        rnd.limit_bytes = round(self.budget.limit)
        rnd.partial = partial
        await self._refresh_provider_table()
        rnd.provider = await asyncio.to_thread(
            provider.lookup, public_address(results), self.data_dir
        )
        self._finished = []
        return rnd
