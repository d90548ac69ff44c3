"""A loaded policy: validated rules + optional learned model; decide() gives verdicts.

Loading validates everything (document, every rule, the model folder) and raises one
:class:`~truemark.errors.ValidationError` listing every problem, so a bad policy never runs
half a scan. After loading, :meth:`Policy.decide` is pure: no I/O, same input, same output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import InputError, Problem, ValidationError
from truemark.policy.combine import (
    combined_risk,
    reason_lists,
    rule_strengths,
    verdict_codes,
    verdict_column,
)
from truemark.policy.document import read_policy
from truemark.policy.model.features import feature_reason, signal_of
from truemark.policy.model.learned import LearnedModel, load_model, resolve_model_dir
from truemark.policy.model_reasons import add_model_strengths
from truemark.policy.rules import CompiledRule, compile_rules
from truemark.policy.signals import MODEL_PROBABILITY, SIGNAL_BY_NAME, conform, reason_evidence
from truemark.policy.spec import PolicySpec

DEFAULT_POLICY = Path(__file__).resolve().parent / "data" / "default_policy.yaml"


@dataclass(frozen=True)
class Policy:
    """Rules in file order (enabled ones), the model if any, and the version recorded per result."""

    spec: PolicySpec
    rules: tuple[CompiledRule, ...]
    model: LearnedModel | None
    version: str

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """Every reason code this policy can give: its rules' first, then the model's."""
        codes = [rule.spec.reason for rule in self.rules]
        if self.model is not None:
            codes += [self._feature_reason(name) for name in self.model.features.names]
        return tuple(dict.fromkeys(codes))

    def _feature_reason(self, feature: str) -> str:
        return feature_reason(feature, self.spec.model.reasons)

    def decide(self, signals: pl.DataFrame) -> pl.DataFrame:
        """``risk``, ``verdict``, ``reasons`` and ``policy_version`` per row of ``signals``."""
        conformed = conform(signals)
        rules = [rule.spec for rule in self.rules]
        codes = self.reason_codes
        probability = np.zeros(conformed.height)
        leaves = None
        if self.model is not None:  # one pred_leaf pass gives both the score and the reasons
            leaves = self.model.leaves(self.model.matrix(conformed))
            probability = self.model.probability_of(leaves)
        model_column = (  # the model's own output, never a column of the input
            pl.Series(MODEL_PROBABILITY, probability, dtype=pl.Float64)
            if leaves is not None
            else pl.lit(None, pl.Float64).alias(MODEL_PROBABILITY)
        )
        conformed = conformed.with_columns(model_column)
        fired = self._fired(conformed)
        risk = combined_risk(self.spec.model.weight * probability, fired, rules)
        verdicts = verdict_codes(risk, fired, rules, self.spec.counterfeit, self.spec.suspect)
        strengths = rule_strengths(fired, rules, codes)
        if leaves is not None:
            self._add_model_reasons(strengths, leaves, probability, verdicts, codes, conformed)
        return pl.DataFrame(
            [
                pl.Series("risk", risk, dtype=pl.Float64),
                verdict_column(verdicts),
                reason_lists(strengths, codes),
                pl.repeat(self.version, conformed.height, eager=True, dtype=pl.String).alias(
                    "policy_version"
                ),
            ]
        )

    def _fired(self, conformed: pl.DataFrame) -> np.ndarray:
        if not self.rules:
            return np.zeros((conformed.height, 0), dtype=bool)
        conditions = [
            r.condition.fill_null(False).alias(f"rule{i}") for i, r in enumerate(self.rules)
        ]
        names = [f"rule{i}" for i in range(len(self.rules))]
        firing = conformed.with_columns(conditions).select(names)  # with_columns: broadcasts
        return firing.to_numpy().astype(bool, copy=False)

    def _add_model_reasons(
        self,
        strengths: np.ndarray,
        leaves: np.ndarray,
        probability: np.ndarray,
        verdicts: np.ndarray,
        codes: tuple[str, ...],
        conformed: pl.DataFrame,
    ) -> None:
        """Add the model's reasons: every listing (``explain: all``) or only flagged ones; a
        code only where its evidence is present (``signals.REASON_EVIDENCE``)."""
        assert self.model is not None
        rows = np.arange(len(verdicts))
        if self.spec.model.explain == "flagged":
            rows = np.flatnonzero(verdicts > 0)
            if rows.size == 0:
                return
            leaves = leaves[rows]
        codes_of_features = np.zeros((len(self.model.features.names), len(codes)))
        for row, name in enumerate(self.model.features.names):
            codes_of_features[row, codes.index(self._feature_reason(name))] = 1.0
        contributions = self.model.contributions(leaves, codes_of_features)
        scale = self.spec.model.weight * probability[rows]
        floor, evidence = self.spec.model.min_contribution, reason_evidence(conformed, codes)
        add_model_strengths(strengths, rows, contributions, scale, floor, evidence)


def load_policy(path: Path | None = None) -> Policy:
    """Load and validate a policy file (the packaged default when ``path`` is None)."""
    source = path or DEFAULT_POLICY
    spec, problems = read_policy(source)
    rules: list[CompiledRule] = []
    model: LearnedModel | None = None
    if spec is not None:
        rules, rule_problems = compile_rules(spec.rules, str(source))
        problems += rule_problems
        model, model_problems = _model(spec, source)
        problems += model_problems
    problems.sort(key=_line_of)
    ValidationError.raise_if_any(problems, f"policy {source} is not valid")
    assert spec is not None
    digest = hashlib.sha256((spec.digest + (model.digest if model else "")).encode()).hexdigest()
    version = f"{spec.name}@{spec.version}+{digest[:12]}"
    return Policy(spec, tuple(rules), model, version)


def _model(spec: PolicySpec, source: Path) -> tuple[LearnedModel | None, list[Problem]]:
    if spec.model.path is None:
        return None, []
    folder = resolve_model_dir(spec.model.path, source.resolve().parent)
    try:
        model = load_model(folder)
    except InputError as exc:
        return None, [Problem(str(source), exc.message, None, "model.path")]
    problems = [
        Problem(str(source), f"unknown signal '{name}'", None, "model.reasons")
        for name in spec.model.reasons
        if signal_of(name) not in SIGNAL_BY_NAME
    ]
    problems += [
        Problem(str(folder), f"the model reads '{name}', which is not a known signal", None,
                "features", "retrain the model with this version of truemark")
        for name in model.features.names
        if signal_of(name) not in SIGNAL_BY_NAME
    ]  # fmt: skip
    return model, problems


def _line_of(problem: Problem) -> int:
    """Sort key: a problem's line number (problems without one come first)."""
    where = problem.where or ""
    return int(where.removeprefix("line ")) if where.startswith("line ") else 0
