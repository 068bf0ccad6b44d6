"""A probe's tries: the probe itself, the confirmation retries of a new failure or of
"cannot tell", and the verdicts of a round's probes judged with the whole round's quality
(a silence that the whole round's loss still explains gets the try it was owed)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from .. import diagnosis
from ..catalog import Catalog, ProbeSpec
from ..diagnosis import Quality, quality_of
from ..diagnosis.fingerprints import Fingerprints
from ..diagnosis.quality import add_silences_retries_undid
from ..probes import Network, ProbeRecord, ProbeSettings, measure
from . import speeds
from .results import ProbeResult


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


class Tries:
    """The part of the Engine that runs and judges a probe's tries."""

    catalog: Catalog
    fingerprints: Fingerprints | None
    last_status: dict[tuple[str, str, str, str], str]
    _finished: list[ProbeRecord]
    _lab: Any

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
            trust=spec.trust,
            compare=compare,
            upload=spec.direction == "upload",
            profile=spec.profile or None,
            compare_port=spec.compare_port,
        )

    def _provisional(self) -> Quality:
        return quality_of(self._finished, self.catalog.settings.timeout)

    async def _confirm(
        self,
        network: Network,
        result: ProbeResult,
        gate: asyncio.Semaphore,
        bulk: contextlib.AbstractAsyncContextManager[Any],
        compare: bool,
    ) -> None:
        """A new failure is confirmed by a retry; "cannot tell" is always asked again, and a
        silence that loss might still explain once more (each try multiplies the evidence:
        a block stays silent, loss lets one through)."""
        retries = self.catalog.settings.retries
        extra = 1 if retries > 0 else 0
        previous = self.last_status.get(result.key, "ok")
        while result.verdict.status == "unknown" or (
            result.verdict.status in ("blocked", "offline") and previous == "ok"
        ):
            if retries > 0:
                retries -= 1
            elif extra > 0 and result.verdict.loss_like:
                extra -= 1
            else:
                break
            # Long enough for a burst of loss (a handover, a congested cell) to pass: a
            # probe and its retry must not both fall in one.
            await asyncio.sleep(self.catalog.settings.retry_delay)
            network.forget(q.hostname for q in result.record.dns)
            async with gate, bulk:
                again = await self._probe(network, result.spec, compare)
            self._finished.append(again)
            result.earlier.append(result.record)
            result.record = again
            result.verdict = diagnosis.probe_verdict(
                again, self.fingerprints, self._provisional(), result.earlier, lab=self._lab
            )

    def _judge_probes(
        self,
        results: list[ProbeResult],
        extra: list[ProbeRecord],
        reference: ProbeRecord | None,
    ) -> tuple[Quality, list[ProbeRecord], bool | None]:
        """Every probe's verdict with the whole round's quality (its loss, its speeds),
        the round's untrusted issuers and whether the resolver answered at all."""
        records = [*extra, *(e for r in results for e in (*r.earlier, r.record))]
        quality = quality_of(
            records, self.catalog.settings.timeout, speeds.link_kbps(reference, results)
        )
        add_silences_retries_undid(quality, ((r.earlier, r.record) for r in results))
        interceptors = diagnosis.untrusted_issuers(
            (r.service.id, r.service.region != "domestic", r.record) for r in results
        )
        answering = diagnosis.resolver_answers(records)
        for r in results:
            r.verdict = diagnosis.probe_verdict(
                r.record,
                self.fingerprints,
                quality,
                r.earlier,
                lab=self._lab,
                interceptors=interceptors,
                resolver_down=answering is False,
            )
        return quality, records, answering

    async def _last_tries(self, results: list[ProbeResult]) -> bool:
        """A silence that the whole round's loss still explains, judged during the round
        on fewer exchanges (an early estimate of the loss is kinder): the try the
        confirmation would have given it, now. Whether any probe was tried again."""
        retries = self.catalog.settings.retries
        again = [
            r for r in results if r.verdict.loss_like and retries and len(r.earlier) <= retries
        ]
        if not again:
            return False
        await asyncio.sleep(self.catalog.settings.retry_delay)
        network = Network(probe_settings(self.catalog))
        gate = asyncio.Semaphore(self.catalog.settings.concurrency)

        async def one(r: ProbeResult) -> None:
            network.forget(q.hostname for q in r.record.dns)
            async with gate:
                record = await self._probe(network, r.spec, False)
            r.earlier.append(r.record)
            r.record = record

        try:
            await asyncio.gather(*(one(r) for r in again))
        finally:
            await network.aclose()
        return True
