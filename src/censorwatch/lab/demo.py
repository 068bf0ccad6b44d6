"""A few hours of believable history for `censorwatch --demo`, so the chart shows something
real from the first second: the lab's blocks begin at different times, with one outage."""

from __future__ import annotations

import random

from ..measurement import Measurement, iso_time

# service id -> capability -> (status, technique, failure, failed_step, began hours ago)
STORY: dict[str, dict[str, tuple]] = {
    "messenger-calls-blocked": {"calls": ("blocked", "udp", "generic_timeout_error", "udp", 3.0)},
    "dns-nxdomain": {"web": ("blocked", "dns", "dns_nxdomain_error", "dns", None)},
    "dns-poisoned": {"web": ("blocked", "dns", None, None, 2.5)},
    "dns-silent": {"web": ("blocked", "dns", "generic_timeout_error", "dns", None)},
    "ip-timeout": {"web": ("blocked", "tcp_timeout", "generic_timeout_error", "tcp", None)},
    "ip-refused": {"web": ("unknown", None, "connection_refused", "tcp", None)},
    "sni-reset": {"web": ("blocked", "sni", "connection_reset", "tls", 5.0)},
    "sni-drop": {"web": ("blocked", "sni", "generic_timeout_error", "tls", None)},
    "tls-reset": {"web": ("blocked", "tls_reset", "connection_reset", "tls", None)},
    "tls-stall": {"web": ("blocked", "tls_timeout", "generic_timeout_error", "tls", None)},
    "mitm": {"web": ("blocked", "tls_mitm", "ssl_unknown_authority", "tls", 1.0)},
    "blockpage-redirect": {"web": ("blocked", "http_blockpage", None, None, None)},
    "blockpage-body": {"web": ("blocked", "http_blockpage", None, None, None)},
    "http-reset": {"web": ("blocked", "http_failure", "connection_reset", "http", None)},
    "freeze": {"web": ("blocked", "stall", "generic_timeout_error", "body", 4.0)},
    "video-throttled": {"media": ("degraded", "throttling", None, None, 2.0)},
}
# The same kind of story for the built-in catalog's services (screenshots of the real list
# without sending anything: `python tools/seed_builtin.py DIR`, then `censorwatch --paused`).
BUILTIN_STORY: dict[str, dict[str, tuple]] = {
    "whatsapp": {"calls": ("blocked", "udp", "generic_timeout_error", "udp", 3.0)},
    "youtube": {"media": ("degraded", "throttling", None, None, 4.5)},
    "instagram": {"web": ("blocked", "sni", "connection_reset", "tls", None)},
    "facebook": {
        "web": ("blocked", "sni", "connection_reset", "tls", None),
        "media": ("blocked", "sni", "connection_reset", "tls", None),
        "messages": ("blocked", "sni", "connection_reset", "tls", None),
    },
    "x": {
        "web": ("blocked", "sni", "generic_timeout_error", "tls", None),
        "media": ("blocked", "sni", "generic_timeout_error", "tls", None),
    },
    "meduza": {"web": ("blocked", "dns", None, None, 5.0)},
    "tor": {"relays": ("blocked", "tcp_timeout", "generic_timeout_error", "tcp", None)},
    "hosting": {"web": ("blocked", "stall", "generic_timeout_error", "body", 2.0)},
}
OUTAGE = (1.5, 1.25)  # hours ago: the local network was down in between


def demo_history(
    services: list[tuple[str, str, str, list[tuple[str, str, str]]]],
    now: float,
    hours: float = 6.0,
    every: float = 300.0,
    seed: int = 1,
    story: dict[str, dict[str, tuple]] | None = None,
) -> list[Measurement]:
    """Measurements of the contract for `services`:
    (id, name, region, [(capability, kind, target), ...])."""
    rng = random.Random(seed)
    out: list[Measurement] = []
    steps = int(hours * 3600 // every)
    for i in range(steps):
        t = now - hours * 3600 + i * every
        ago = (now - t) / 3600
        outage = OUTAGE[1] <= ago <= OUTAGE[0]
        round_key = f"r-demo-{i:04d}"
        for sid, name, region, probes in services:
            for capability, kind, target in probes:
                status, technique, failure, step = "ok", None, None, None
                told = (STORY if story is None else story).get(sid, {}).get(capability)
                if told and (told[4] is None or ago <= told[4]):
                    status, technique, failure, step = told[:4]
                lat = rng.lognormvariate(2.3, 0.35)
                kbps = None
                if kind == "throughput":
                    kbps = round(
                        rng.uniform(100, 140)
                        if status == "degraded"
                        else rng.uniform(40000, 90000),
                        1,
                    )
                effective = status
                if outage:
                    effective, failure, step, technique = (
                        "offline",
                        "generic_timeout_error",
                        "dns",
                        None,
                    )
                    status = "offline"
                tcp = None if status != "ok" and step in ("dns", "tcp") else round(lat, 1)
                evidence = {}
                if kind == "freeze" and not outage:
                    # a series of requests on one connection: it stops near 16 KB when frozen
                    frozen = status != "ok"
                    got = rng.randint(14, 17) * 1024 if frozen else 65536
                    evidence = {"http": [{"url": target, "body_bytes": got, "stalled": frozen}]}
                out.append(
                    Measurement(
                        time=iso_time(int((t + rng.uniform(0, 2)) * 1000)),
                        round=round_key,
                        service=sid,
                        service_name=name,
                        region=region,
                        capability=capability,
                        kind=kind,
                        target=target,
                        status=status,
                        effective_status=effective,
                        technique=technique,
                        failure=failure,
                        failed_step=step,
                        dns_ms=round(lat / 4, 1),
                        tcp_ms=tcp,
                        kbps=kbps,
                        network_state="offline" if outage else "online",
                        evidence=evidence,
                    )
                )
    return out
