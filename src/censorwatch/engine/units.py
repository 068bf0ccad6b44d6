"""What a round runs: each probe alone, each any_of group as one; and the white-list
references a round must add when it has none and sees a new failure."""

from __future__ import annotations

from collections.abc import Mapping

from ..catalog import ProbeSpec, Service
from .results import ProbeResult


def units_of(services: list[Service]) -> list[tuple[Service, list[ProbeSpec]]]:
    """Each probe alone, and each any_of group as one (in the catalog's order)."""
    units: list[tuple[Service, list[ProbeSpec]]] = []
    groups: dict[tuple[str, str, str], list[ProbeSpec]] = {}
    for service in services:
        for spec in service.probes:
            if not spec.any_of:
                units.append((service, [spec]))
                continue
            key = (service.id, spec.capability, spec.any_of)
            if key not in groups:
                groups[key] = []
                units.append((service, groups[key]))
            groups[key].append(spec)
    return units


def references_needed(
    catalog: list[Service],
    in_round: list[Service],
    results: list[ProbeResult],
    last_status: Mapping[tuple[str, str, str, str], str],
    whitelist: bool = False,
) -> list[Service]:
    """The listed references and unlisted domestic controls to ask now, when the round has
    none of them (a messenger's shorter interval) and an unlisted service failed: where it
    worked before (how a white list begins), or at all while the last judged state was a
    white list (so it is not called blocked between two full rounds). An ongoing failure on
    an open network needs none: the last full round's state stands."""
    if any(s.is_listed for s in in_round):
        return []
    needed = any(
        not r.service.is_listed
        and r.record.failure is not None
        and (whitelist or last_status.get(r.key, "ok") == "ok")
        for r in results
    )
    if not needed:
        return []
    present = {s.id for s in in_round}
    return [s for s in catalog if s.id not in present and (s.is_listed or s.region == "domestic")]
