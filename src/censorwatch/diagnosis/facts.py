"""What a verdict is (status, technique, the sentence, the evidence), the contract's words
for them, and what the judge of a failed step looks at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..probes.records import ProbeRecord
from ..vocabulary import RANK as _RANK
from ..vocabulary import STATUSES, TECHNIQUES
from .answers import Answers
from .quality import Quality, explained_by_loss
from .wording import translate

__all__ = ["AGAIN", "NEW", "STATUSES", "TECHNIQUES", "Facts", "Verdict", "worst"]


@dataclass(slots=True)
class Verdict:
    status: str
    technique: str | None = None
    explanation: str = ""
    evidence: list[str] = field(default_factory=list)
    # A claim that stands only when consecutive rounds see it (a server slow for every name
    # may be busy for a while): NEW when this round measured it, AGAIN when it rests on a
    # comparison carried from an earlier round (engine/judging.py keeps the count).
    confirm: str = ""
    # "Cannot tell" because loss might explain a silence: another try adds evidence (the
    # engine asks once more than for other failures; a block stays silent, loss passes).
    loss_like: bool = False


NEW, AGAIN = "new", "again"


def worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _RANK[s], default="ok")


@dataclass(slots=True)
class Facts:
    """What a judge of one failed step looks at."""

    record: ProbeRecord
    failure: str
    name: str  # the name the probe resolved first, or its target
    evidence: list[str]
    quality: Quality
    earlier: list[ProbeRecord]  # the attempts before this one (confirmation retries)
    answers: Answers
    interceptors: frozenset[str] = frozenset()  # untrusted authorities seen across the round
    resolver_down: bool = False  # the resolver under test answered no name in the round

    def verdict(self, status: str, technique: str | None, text: str) -> Verdict:
        return Verdict(status, technique, text, self.evidence)

    def silence(self, technique: str, text: str, per_attempt: float, attempts: int) -> Verdict:
        """A failure that is silence: claimed only when loss alone would almost never
        cause it (attempts of the earlier tries count too), else "cannot tell"."""
        if not explained_by_loss(per_attempt, attempts):
            return self.verdict("blocked", technique, text)
        if self.quality.measured_loss is None:
            verdict = self.verdict(
                "unknown",
                None,
                translate(
                    "Verdict",
                    "cannot tell: this failure is only silence, and this round saw too little traffic to tell a block from lost packets",
                ),
            )
        else:
            verdict = self.verdict(
                "unknown",
                None,
                translate(
                    "Verdict",
                    "cannot tell: your connection is unreliable right now (about {loss} % of packets lost), and this failure looks like loss",
                ).format(loss=f"{100 * max(self.quality.loss, per_attempt / 2):.0f}"),
            )
        verdict.loss_like = True
        return verdict

    def all_records(self) -> list[ProbeRecord]:
        return [*self.earlier, self.record]
