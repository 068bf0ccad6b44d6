"""Turns probe records into verdicts: per probe, capability, service, and the network state.

Pure functions, no I/O. A verdict rests on differential evidence: the resolver under test
against the controls, the real SNI against the decoy on the same address, the domestic
references against the foreign services.

    verdict.py       a probe's verdict (one judge per failed step), a capability's
    evidence.py      the evidence in lines, and the comparisons verdicts rest on
    capability.py    a capability's verdict: any_of groups, controls
    network.py       the network state of a round, and the kind of a white list
    quality.py       how lossy and slow the round's network is: when silence proves nothing
    speed.py         throttling, by comparison with the decoy name or the link's reference
    fingerprints.py  known blockpages and blocking DNS answers
    wording.py       every sentence and word a person reads, translatable
"""

from ..measurement import effective_status
from .capability import (
    Judged,
    capability_verdict,
    measured_verdict,
    not_measured,
    unconfirmed,
    with_controls,
)
from .evidence import dns_consistency, evidence_lines, evidence_lines_of, is_bogon
from .network import Seen, network_state
from .quality import Quality, quality_of
from .verdict import (
    STATUSES,
    TECHNIQUES,
    Verdict,
    probe_verdict,
    worst,
)

__all__ = [
    "STATUSES",
    "TECHNIQUES",
    "Judged",
    "Quality",
    "Seen",
    "Verdict",
    "capability_verdict",
    "dns_consistency",
    "effective_status",
    "evidence_lines",
    "evidence_lines_of",
    "is_bogon",
    "measured_verdict",
    "network_state",
    "not_measured",
    "probe_verdict",
    "quality_of",
    "unconfirmed",
    "with_controls",
    "worst",
]
