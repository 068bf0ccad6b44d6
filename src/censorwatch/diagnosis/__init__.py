"""Turns probe records into verdicts: per probe, capability, service, and the network state.

Pure functions, no I/O. A verdict rests on differential evidence: the resolver under test
against the controls, the real SNI against the decoy on the same address, the domestic
references against the foreign services.

    verdict.py       a probe's verdict
    steps.py         the judge of each failed step
    facts.py         what a verdict is, and what a judge looks at
    answers.py       the resolvers' answers compared: disagreeing, ghost, misconfigured
    certificates.py  a failed certificate: interception, or the site's own problem
    evidence.py      the evidence in lines a support person reads
    capability.py    a capability's verdict: any_of groups, controls
    network.py       the network state of a round, and the kind of a white list
    quality.py       how lossy and slow the round's network is: when silence proves nothing
    speed.py         throttling, by comparison with the decoy name or the link's reference
    fingerprints.py  known blockpages and blocking DNS answers
    wording.py       every sentence and word a person reads, translatable
"""

from ..measurement import effective_status
from .answers import dns_consistency, is_bogon, lab_networks, resolver_answers
from .capability import (
    Judged,
    capability_verdict,
    measured_verdict,
    not_measured,
    unconfirmed,
    with_controls,
)
from .certificates import untrusted_issuers
from .evidence import evidence_lines, evidence_lines_of
from .facts import STATUSES, TECHNIQUES, Verdict, worst
from .network import Seen, network_state
from .quality import Quality, quality_of
from .verdict import probe_verdict

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
    "lab_networks",
    "measured_verdict",
    "network_state",
    "not_measured",
    "probe_verdict",
    "quality_of",
    "resolver_answers",
    "unconfirmed",
    "untrusted_issuers",
    "with_controls",
    "worst",
]
