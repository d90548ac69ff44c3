"""The parts of a policy as plain data: thresholds, model settings, rules and their effects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

EffectKind = Literal["risk_at_least", "risk_at_most", "add_risk", "verdict"]
EFFECTS: tuple[EffectKind, ...] = ("risk_at_least", "risk_at_most", "add_risk", "verdict")
VERDICTS = ("counterfeit", "suspect", "clear")
_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")


def is_reason_code(value: object) -> bool:
    """True for a stable reason code such as ``price.below_msrp``."""
    return isinstance(value, str) and _REASON_CODE.match(value) is not None


@dataclass(frozen=True, slots=True)
class Effect:
    """What a firing rule does: floor, cap or shift the risk, or force a verdict."""

    kind: EffectKind
    value: float | str

    @property
    def strength(self) -> float:
        """How strongly the effect speaks, used to order reasons: a forced verdict is 1."""
        if self.kind == "risk_at_least":
            return float(self.value)
        if self.kind == "risk_at_most":
            return 1.0 - float(self.value)
        if self.kind == "add_risk":
            return abs(float(self.value))
        return 1.0


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule as written: its CEL condition, effect, reason code, and where it sits."""

    name: str
    when: str
    effect: Effect
    reason: str
    description: str = ""
    enabled: bool = True
    line: int | None = None
    field: str = ""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """The learned model a policy uses: ``path`` None (rules only), ``default`` or a folder.

    ``explain`` is ``flagged`` (model reasons only for suspect and counterfeit listings, the
    fast choice) or ``all``; ``reasons`` overrides the signal schema's reason codes.
    """

    path: str | None = None
    weight: float = 1.0
    min_contribution: float = 0.02
    explain: str = "flagged"
    reasons: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """A whole policy file: identity, thresholds, model settings and rules in file order."""

    file: str
    version: str
    name: str
    counterfeit: float
    suspect: float
    model: ModelSpec
    rules: tuple[RuleSpec, ...]
    digest: str
