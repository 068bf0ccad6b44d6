"""The contract's words, once: the statuses and how bad each is, the techniques, the steps a
probe fails at and times, the network's states and its resolver's, the regions, the
capabilities a catalog shows first. Every layer reads them from here (tests/test_layers.py
fails on a second list); the JSON Schemas in docs/schemas are checked against them
(tests/test_contract.py). docs/verdicts.md says what each word means."""

from __future__ import annotations

# In the contract's order, which is also the history's codes 0..4 (never renumber).
STATUSES = ("ok", "degraded", "offline", "blocked", "unknown")
# How bad each is, for "a capability takes its worst": cannot tell is worse than working and
# better than any failure.
RANK = {"ok": 0, "unknown": 1, "degraded": 2, "offline": 3, "blocked": 4}
BEST_FIRST = tuple(sorted(STATUSES, key=RANK.__getitem__))
CLAIMS = ("blocked", "degraded")  # the statuses that say "censored"
WORKING = ("ok", "degraded")  # the statuses of something that works

TECHNIQUES = (
    "dns",
    "tcp_timeout",
    "tcp_refused",
    "tls_reset",
    "tls_timeout",
    "sni",
    "tls_mitm",
    "http_blockpage",
    "http_failure",
    "stall",
    "throttling",
    "udp",
    "quic",
    "ech",
    "vpn",
)

# The steps a probe can fail at, in the order they run (`failed_step`), and those timed
# (`timings_ms`).
FAILED_STEPS = ("dns", "tcp", "tls", "http", "body", "udp")
TIMED_STEPS = ("dns", "tcp", "tls", "http")

# In the contract's order, which is also the history's codes 0..2.
NETWORK_STATES = ("online", "whitelist", "offline")
# The resolver under test in a round: it answered some name, or none (`network.resolver`).
RESOLVER_STATES = ("answering", "not_answering")

REGIONS = ("foreign", "domestic")
CAPABILITIES = ("web", "messages", "calls", "media")  # shown in this order, others after
