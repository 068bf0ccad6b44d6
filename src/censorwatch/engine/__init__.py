"""Runs rounds of checks and schedules them. asyncio, no Qt: the CLI and the window share it.

rounds.py          a round: probes under a bound, confirmation retries, verdicts
scheduler.py       when to check what: intervals, jitter, check now, sleep and clock jumps
reports.py         a round as check --json and as measurements for the history
"""

from .reports import probe_json, round_json, round_measurements
from .results import CapabilityResult, ProbeResult, RoundResult, ServiceResult, new_round_id
from .rounds import Engine, load_fingerprints, probe_settings

__all__ = [
    "CapabilityResult",
    "Engine",
    "ProbeResult",
    "RoundResult",
    "ServiceResult",
    "load_fingerprints",
    "new_round_id",
    "probe_json",
    "probe_settings",
    "round_json",
    "round_measurements",
]
