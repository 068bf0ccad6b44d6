"""The Prometheus exposition of what the rounds found, for teams that watch many vantage
points with Prometheus and Grafana (docs/metrics.md names every series).

State metrics (status per service and capability, network state and quality, time of the last
round) describe the last round and are rebuilt when a round ends, so a scrape costs the same
whatever it asks and stale series vanish with the state they described; counters and the
step-duration histograms accumulate. The page is rendered by prometheus_client once per round
and served as bytes: a scrape never waits on the engine.
"""

from __future__ import annotations

import platform
import threading
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

from .. import __version__
from ..measurement import STATUSES
from ..since import Stretch, advance, from_latest
from ..vocabulary import NETWORK_STATES
from ..vocabulary import TIMED_STEPS as STEPS

# Seconds: a step on a healthy link takes tens of milliseconds; a censor's silence, the
# step's whole timeout.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Counters' *_created series double them and say only when this process started.
disable_created_metrics()  # type: ignore[no-untyped-call]


class _State(Collector):
    """The last round's state, as gauges (rebuilt at each round's end)."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = dict(labels)
        self.capabilities: dict[tuple[str, str], tuple[str, str]] = {}  # -> (status, technique)
        self.not_measured: set[tuple[str, str]] = set()
        self.services: dict[str, tuple[str, str]] = {}
        # Since when, by the one rule (censorwatch/since.py: a gap does not end a stretch).
        self.stretches: dict[tuple[str, str], Stretch] = {}
        self.network = ""
        self.quality: dict[str, float | None] = {}
        self.last_round: float | None = None
        self.tunnel = False
        self.resolver = ""  # the resolver under test in the last round (engine.results)
        self.provider: Any = None  # the last round's provider (censorwatch/provider.py)

    def collect(self) -> Iterable[Metric]:
        info = InfoMetricFamily(
            "censorwatch", "censorwatch's version and the vantage point's own labels"
        )
        info.add_metric(
            [], {**self.labels, "version": __version__, "python": platform.python_version()}
        )
        yield info
        cap = GaugeMetricFamily(
            "censorwatch_capability_status",
            "1 for the status each service's capability had in its last round, 0 for the others",
            labels=["service", "capability", "status", "technique"],
        )
        for (service, capability), (status, technique) in sorted(self.capabilities.items()):
            for s in STATUSES:
                on = s == status
                cap.add_metric(
                    [service, capability, s, technique if on else ""], 1.0 if on else 0.0
                )
        yield cap
        unmeasured = GaugeMetricFamily(
            "censorwatch_capability_not_measured",
            "1 for each capability the catalog declares not measured (no trustworthy probe)",
            labels=["service", "capability"],
        )
        for service, capability in sorted(self.not_measured):
            unmeasured.add_metric([service, capability], 1.0)
        yield unmeasured
        svc = GaugeMetricFamily(
            "censorwatch_service_status",
            "1 for the status each service had in its last round (its worst capability)",
            labels=["service", "status", "technique"],
        )
        for service, (status, technique) in sorted(self.services.items()):
            for s in STATUSES:
                on = s == status
                svc.add_metric([service, s, technique if on else ""], 1.0 if on else 0.0)
        yield svc
        since = GaugeMetricFamily(
            "censorwatch_capability_status_since_timestamp_seconds",
            "when each capability's current status began (Unix time)",
            labels=["service", "capability"],
        )
        for (service, capability), stretch in sorted(self.stretches.items()):
            since.add_metric([service, capability], stretch.since)
        yield since
        net = GaugeMetricFamily(
            "censorwatch_network_state",
            "1 for the network's state in the last round (online, offline, whitelist)",
            labels=["state"],
        )
        for state in NETWORK_STATES:
            net.add_metric([state], 1.0 if state == self.network else 0.0)
        yield net
        for name, key, text in (
            ("censorwatch_network_loss_ratio", "loss", "packet loss the last round measured"),
            ("censorwatch_network_rtt_seconds", "rtt", "median round-trip time of the last round"),
            (
                "censorwatch_network_reference_download_bytes_per_second",
                "speed",
                "the link's reference download in the last comparison",
            ),
        ):
            value = self.quality.get(key)
            if value is not None:
                yield GaugeMetricFamily(name, text, value=value)
        if self.resolver:
            yield GaugeMetricFamily(
                "censorwatch_resolver_answering",
                "1 when the resolver under test answered some name in the last round, 0 when "
                "it answered none (an outage of the resolver: nothing is judged by it)",
                value=1.0 if self.resolver == "answering" else 0.0,
            )
        provider = InfoMetricFamily(
            "censorwatch_provider",
            "the provider of the public address the last round's STUN probes saw (AS number, "
            "name, country; from the local IP-to-AS table, the address itself never shown)",
        )
        if self.provider is not None:
            p = self.provider
            provider.add_metric([], {"asn": f"AS{p.asn}", "name": p.name, "country": p.country})
        yield provider
        yield GaugeMetricFamily(
            "censorwatch_tunnel_active",
            "1 when a VPN or proxy seemed active in the last round: results describe the tunnel",
            value=1.0 if self.tunnel else 0.0,
        )
        if self.last_round is not None:
            yield GaugeMetricFamily(
                "censorwatch_last_round_timestamp_seconds",
                "when the last round ended (Unix time)",
                value=self.last_round,
            )


class Metrics:
    """Fed by the engine's thread (`round_finished`, `round_failed`); read by scrapes."""

    def __init__(self, labels: dict[str, str] | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.state = _State(labels or {})
        self.registry.register(self.state)
        self.rounds = Counter("censorwatch_rounds", "rounds of checks run", registry=self.registry)
        self.failures = Counter(
            "censorwatch_round_failures",
            "rounds that ended in an error of the program (not a blocked service)",
            registry=self.registry,
        )
        self.probes = Counter(
            "censorwatch_probes",
            "probes run, by the status of their verdict",
            ["service", "capability", "status"],
            registry=self.registry,
        )
        self.traffic = Counter(
            "censorwatch_traffic_bytes",
            "bytes the checks sent and received on the wire",
            ["direction"],
            registry=self.registry,
        )
        self.steps = Histogram(
            "censorwatch_probe_step_duration_seconds",
            "how long each network step of the probes took, where it completed",
            ["service", "step"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self._seen_probes: set[tuple[str, str, str]] = set()  # label values, to forget them
        self._seen_steps: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._page = generate_latest(self.registry)

    def set_labels(self, labels: dict[str, str]) -> None:
        with self._lock:
            self.state.labels = dict(labels)
            self._page = generate_latest(self.registry)

    def seed(self, latest: list[dict[str, Any]]) -> None:
        """The states the history holds, until the first round replaces them."""
        with self._lock:
            for service in latest:
                sid = service["service"]
                if "status" in service:
                    self.state.services[sid] = (service["status"], service.get("technique") or "")
                for c in service.get("capabilities", []):
                    key = (sid, c["name"])
                    self.state.capabilities[key] = (c["status"], c.get("technique") or "")
                    stretch = from_latest(c)
                    if stretch is not None:
                        self.state.stretches[key] = stretch
            self._page = generate_latest(self.registry)

    def round_finished(self, rnd: Any) -> None:
        with self._lock:
            s = self.state
            now = rnd.finished_at or time.time()
            for result in rnd.services:
                sid = result.service.id
                v = result.verdict
                s.services[sid] = (v.status, v.technique or "")
                for c in result.capabilities:
                    key = (sid, c.name)
                    if c.name in result.service.not_measured:
                        s.not_measured.add(key)
                        continue
                    new = (c.verdict.status, c.verdict.technique or "")
                    t = now if key in s.capabilities else rnd.started_at
                    s.stretches[key], _ = advance(s.stretches.get(key), new[0], new[1], t)
                    s.capabilities[key] = new
                for p in result.probes:
                    labels = (sid, p.spec.capability, p.verdict.status)
                    self.probes.labels(*labels).inc()
                    self._seen_probes.add(labels)
                    for step in STEPS:
                        ms = p.record.timings_ms.get(step)
                        if ms is not None:
                            self.steps.labels(sid, step).observe(ms / 1000)
                            self._seen_steps.add((sid, step))
            s.network = rnd.network_state
            q = rnd.quality
            s.quality = {
                "loss": q.measured_loss,
                "rtt": None if q.rtt_ms is None else q.rtt_ms / 1000,
                "speed": None if not q.reference_kbps else q.reference_kbps * 1000 / 8,
            }
            s.tunnel = bool(rnd.tunnel)
            s.resolver = rnd.resolver
            s.provider = rnd.provider or s.provider  # a round without STUN keeps it
            s.last_round = now
            self.rounds.inc()
            self.traffic.labels("sent").inc(rnd.bytes_sent)
            self.traffic.labels("received").inc(rnd.bytes_received)
            self._page = generate_latest(self.registry)

    def round_failed(self) -> None:
        with self._lock:
            self.failures.inc()
            self._page = generate_latest(self.registry)

    def forget(self, service_ids: Iterable[str]) -> None:
        """Services no longer in the catalog (a reloaded config) leave the page."""
        keep = set(service_ids)
        with self._lock:
            s = self.state
            s.services = {k: v for k, v in s.services.items() if k in keep}
            s.capabilities = {k: v for k, v in s.capabilities.items() if k[0] in keep}
            s.stretches = {k: v for k, v in s.stretches.items() if k[0] in keep}
            s.not_measured = {k for k in s.not_measured if k[0] in keep}
            for labels in [x for x in self._seen_probes if x[0] not in keep]:
                self.probes.remove(*labels)
                self._seen_probes.discard(labels)
            for step_labels in [x for x in self._seen_steps if x[0] not in keep]:
                self.steps.remove(*step_labels)
                self._seen_steps.discard(step_labels)
            self._page = generate_latest(self.registry)

    def page(self) -> bytes:
        """The exposition (text format 0.0.4) as of the last round."""
        return self._page

    def series(self) -> int:
        """Samples on the page: the series this vantage point adds to a Prometheus."""
        return sum(
            1 for line in self._page.decode().splitlines() if line and not line.startswith("#")
        )
