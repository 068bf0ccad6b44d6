"""What each service of the lab's main config really does: the answer a verdict is scored
against (tests, the field benchmark). (status, technique) per service; a service whose
status is "ok" is uncensored, and any claim of censorship against it is a false alarm; one
whose status is "unknown" does what no vantage point alone can tell from a fault of its own
(a refused connection), and any claim against it is a false alarm too."""

from __future__ import annotations

from ..vocabulary import CLAIMS  # the statuses that say "censored"
from .techniques import TRUTH as TECHNIQUES_TRUTH

TRUTH: dict[str, tuple[str, str | None]] = {
    "open-site": ("ok", None),
    "messenger-calls-blocked": ("blocked", "udp"),
    "messenger-ok": ("ok", None),
    "dns-nxdomain": ("blocked", "dns"),
    "dns-poisoned": ("blocked", "dns"),
    "dns-silent": ("blocked", "dns"),
    "ip-timeout": ("blocked", "tcp_timeout"),
    # A refusal alone is no claim: a server that is down refuses alike (docs/verdicts.md).
    "ip-refused": ("unknown", None),
    "sni-reset": ("blocked", "sni"),
    "sni-drop": ("blocked", "sni"),
    "tls-reset": ("blocked", "tls_reset"),
    "tls-stall": ("blocked", "tls_timeout"),
    "mitm": ("blocked", "tls_mitm"),
    "blockpage-redirect": ("blocked", "http_blockpage"),
    "blockpage-body": ("blocked", "http_blockpage"),
    "http-reset": ("blocked", "http_failure"),
    "freeze": ("blocked", "stall"),
    "video-throttled": ("degraded", "throttling"),
    "video-fast": ("ok", None),
    "many-addresses": ("ok", None),
    "many-addresses-reversed": ("ok", None),
    "one-address-refused": ("ok", None),
    "ipv6-only": ("ok", None),
    "sni-reset-alerting": ("blocked", "sni"),
    # The server refuses the name with an alert of its own: nothing to claim.
    "server-alert": ("unknown", None),
    "domestic-gov": ("ok", None),
    "domestic-search": ("ok", None),
    "domestic-social": ("ok", None),
}


# Every service a verdict can be scored against: the main config's and techniques.toml's.
ALL = {**TRUTH, **TECHNIQUES_TRUTH}


def score(status: str, technique: str | None, service: str) -> str:
    """One verdict against the truth: "right", "cannot_tell", "false_alarm" (a claim against
    an uncensored service), "wrong" (a claim with the wrong technique), "missed" (censored,
    said to work) or "other" (offline)."""
    truth_status, truth_technique = ALL[service]
    if truth_status == "unknown":
        # Nothing can be claimed from what the lab does there: saying so is right.
        if status in CLAIMS:
            return "false_alarm"
        return "right" if status == "unknown" else "other"
    if status == "unknown":
        return "cannot_tell"
    if truth_status == "ok":
        if status in CLAIMS:
            return "false_alarm"
        return "right" if status == "ok" else "other"
    if status in CLAIMS:
        return "right" if technique == truth_technique else "wrong"
    return "missed" if status == "ok" else "other"
