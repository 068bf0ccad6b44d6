"""The round in the contracts: `check --json` (censorwatch.check/1) and the measurements of
the JSON Lines contract that the history stores."""

from __future__ import annotations

from typing import Any

from ..diagnosis.steps import resolver_down_words
from ..measurement import Measurement, iso_time
from .results import RESOLVER_NOT_ANSWERING, ProbeResult, RoundResult


def _iso(ts: float) -> str:
    return iso_time(int(ts * 1000))


def _probe_fields(p: ProbeResult) -> dict[str, Any]:
    """The fields a probe has in both contracts (check --json and measurements)."""
    r = p.record
    return {
        "capability": p.spec.capability,
        "kind": p.spec.kind,
        "target": p.spec.target,
        "status": p.verdict.status,
        "technique": p.verdict.technique,
        "failure": r.failure,
        "failed_step": r.failed_step,
        "timings_ms": r.timings_ms,
        "addresses": r.addresses,
        "control_addresses": r.control_addresses,
        "kbps": r.kbps,
    }


def _part(p: ProbeResult) -> dict[str, Any]:
    """What the probe stands for in its capability, when more than itself: one of an any_of
    group, a control, a white-list discriminator."""
    out: dict[str, Any] = {}
    if p.spec.role:
        out["role"] = p.spec.role
    if p.spec.any_of:
        out["any_of"] = p.spec.any_of
    return out


def _earlier(p: ProbeResult) -> list[dict[str, Any]]:
    # A new failure is confirmed by a retry; the earlier attempts stay as evidence.
    return [
        {"failure": e.failure, "failed_step": e.failed_step, "evidence": e.evidence()}
        for e in p.earlier
    ]


def round_measurements(rnd: RoundResult) -> list[Measurement]:
    """The round as measurements of the contract, ready for the history."""
    out = []
    for s in rnd.services:
        verdicts = {c.name: c.verdict for c in s.capabilities}
        for p in s.probes:
            r = p.record
            # The capability's verdict this round, which the history counts for each of its
            # probes (a group that worked, a control's comparison, a white-list test that
            # was meant to fail), not the probe's own.
            capability = verdicts.get(p.spec.capability)
            counted: dict[str, Any] = (
                {
                    "capability_status": capability.status,
                    "capability_technique": capability.technique,
                }
                if capability is not None
                else {}
            )
            # And the service's: the history keeps both as the engine judged them.
            counted["service_status"] = s.verdict.status
            counted["service_technique"] = s.verdict.technique
            if rnd.partial:
                counted["round_partial"] = True
            t = r.timings_ms
            t_ms = int(r.started_at * 1000)  # the time field says the same milliseconds
            out.append(
                Measurement(
                    time=iso_time(t_ms),
                    round=rnd.id,
                    service=s.service.id,
                    service_name=s.service.name,
                    region=s.service.region,
                    capability=p.spec.capability,
                    kind=p.spec.kind,
                    target=p.spec.target,
                    status=p.verdict.status,
                    technique=p.verdict.technique,
                    failure=r.failure,
                    failed_step=r.failed_step,
                    dns_ms=t["dns"],
                    tcp_ms=t["tcp"],
                    tls_ms=t["tls"],
                    http_ms=t["http"],
                    addresses=r.addresses,
                    control_addresses=r.control_addresses,
                    kbps=r.kbps,
                    network_state=rnd.network_state,
                    evidence={
                        # The round's provider first: where the history keeps it per round
                        # and adds it back on export, the line reads the same.
                        **({"provider": rnd.provider.as_dict()} if rnd.provider else {}),
                        **r.evidence(),
                        **_part(p),
                        **counted,
                        "explanation": p.verdict.explanation,
                        "earlier_attempts": _earlier(p),
                    },
                    t_ms=t_ms,
                    tunnel=rnd.tunnel,
                    resolver=rnd.resolver or None,
                )
            )
    return out


def probe_json(p: ProbeResult) -> dict[str, Any]:
    return {
        **_probe_fields(p),
        "explanation": p.verdict.explanation,
        "evidence_lines": p.verdict.evidence,
        "attempts": len(p.earlier) + 1,
        "evidence": {**p.record.evidence(), **_part(p)},
        "earlier_attempts": _earlier(p),
    }


def round_json(rnd: RoundResult) -> dict[str, Any]:
    return {
        "schema": "censorwatch.check/1",
        "round": rnd.id,
        "started_at": _iso(rnd.started_at),
        "finished_at": _iso(rnd.finished_at),
        "network": {
            "state": rnd.network_state,
            "explanation": rnd.network_explanation,
            "tunnel": rnd.tunnel,
            "quality": rnd.quality.as_dict(),
            "resolver": _resolver(rnd),
            "provider": rnd.provider.as_dict() if rnd.provider else None,
        },
        "bytes": {"sent": rnd.bytes_sent, "received": rnd.bytes_received},
        "speed_comparison": rnd.speed,
        "data_limit": {
            "today_bytes": rnd.today_bytes,
            "limit_bytes": rnd.limit_bytes,
            "interval_stretch": round(rnd.stretch, 2),
        },
        "services": [
            {
                "id": s.service.id,
                "name": s.service.name,
                "region": s.service.region,
                "status": s.verdict.status,
                "technique": s.verdict.technique,
                "explanation": s.verdict.explanation,
                "capabilities": [
                    {
                        "name": c.name,
                        "status": c.verdict.status,
                        "technique": c.verdict.technique,
                        "explanation": c.verdict.explanation,
                    }
                    for c in s.capabilities
                ],
                "probes": [probe_json(p) for p in s.probes],
            }
            for s in rnd.services
        ],
    }


def _resolver(rnd: RoundResult) -> dict[str, Any]:
    """The resolver under test in the round: did it answer any name, in a sentence."""
    if rnd.resolver == RESOLVER_NOT_ANSWERING:
        return {"state": rnd.resolver, "explanation": resolver_down_words()}
    return {"state": rnd.resolver or None, "explanation": ""}
