"""Read a policy YAML file into a :class:`PolicySpec`, collecting every structural problem.

Each problem carries the YAML line and the field path (``rules[2].effect``). Expressions are
checked separately (:mod:`truemark.policy.validate`); this module checks the document's shape.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rapidfuzz import process
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from truemark.errors import Problem
from truemark.policy.spec import (
    EFFECTS,
    VERDICTS,
    Effect,
    ModelSpec,
    PolicySpec,
    RuleSpec,
    is_reason_code,
)
from truemark.policy.yaml_reader import YamlReader, line_number

_TOP_KEYS = ("version", "name", "description", "thresholds", "model", "rules")
_RULE_KEYS = ("name", "when", "effect", "reason", "description", "enabled")
_MODEL_KEYS = ("path", "weight", "min_contribution", "explain", "reasons")


class _PolicyReader(YamlReader):
    """Turns the loaded YAML of a policy into spec objects and problems."""

    def read(self, document: Any, digest: str) -> PolicySpec | None:
        if not isinstance(document, dict):
            self.problem(None, None, "", "a policy file must be a mapping (version, name, rules)")
            return None
        self.unknown_keys(document, _TOP_KEYS, "")
        version = self.text(document, "version", "version")
        name = self.text(document, "name", "name")
        counterfeit, suspect = self.thresholds(document)
        model = self.model(document.get("model"), document)
        rules = self.rules(document)
        return PolicySpec(
            file=self.file,
            version=str(version),
            name=str(name),
            counterfeit=counterfeit if counterfeit is not None else 1.0,
            suspect=suspect if suspect is not None else 1.0,
            model=model or ModelSpec(),
            rules=tuple(rules),
            digest=digest,
        )

    def thresholds(self, document: Any) -> tuple[float | None, float | None]:
        node = document.get("thresholds")
        if not isinstance(node, dict):
            self.problem(document, "thresholds", "thresholds", "needs counterfeit and suspect")
            return None, None
        self.unknown_keys(node, ("counterfeit", "suspect"), "thresholds.")
        counterfeit = self.fraction(node, "counterfeit", "thresholds.counterfeit")
        suspect = self.fraction(node, "suspect", "thresholds.suspect")
        if counterfeit is not None and suspect is not None and suspect > counterfeit:
            message = f"suspect ({suspect:g}) is above counterfeit ({counterfeit:g})"
            self.problem(node, "suspect", "thresholds.suspect", message)
            return None, None
        return counterfeit, suspect

    def model(self, node: Any, document: Any) -> ModelSpec | None:
        if node is None or node == "none":
            return ModelSpec()
        if not isinstance(node, dict):
            self.problem(document, "model", "model", "must be a mapping with path and weight")
            return None
        before = len(self.problems)
        self.unknown_keys(node, _MODEL_KEYS, "model.")
        path = self.text(node, "path", "model.path")
        weight = self.fraction(node, "weight", "model.weight") if "weight" in node else 1.0
        floor = (
            self.fraction(node, "min_contribution", "model.min_contribution")
            if ("min_contribution" in node)
            else 0.02
        )
        explain = node.get("explain", "flagged")
        if explain not in ("flagged", "all"):
            self.problem(node, "explain", "model.explain", "must be 'flagged' or 'all'")
        reasons = node.get("reasons") or {}
        if not isinstance(reasons, dict) or not all(map(is_reason_code, reasons.values())):
            self.problem(node, "reasons", "model.reasons", "must map signal names to reason codes")
        if None in (path, weight, floor) or len(self.problems) > before:
            return None
        return ModelSpec(
            path=None if path == "none" else path,
            weight=float(weight or 0),
            min_contribution=float(floor or 0),
            explain=str(explain),
            reasons={str(k): str(v) for k, v in reasons.items()},
        )

    def rules(self, document: Any) -> list[RuleSpec]:
        """The readable rules (so their expressions get checked too); problems for the rest."""
        node = document.get("rules")
        if node is None:
            return []
        if not isinstance(node, list):
            self.problem(document, "rules", "rules", "must be a list of rules")
            return []
        seen: dict[str, int] = {}
        for index, item in enumerate(node):
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str) and name in seen:
                message = f"duplicate rule name '{name}' (first at rules[{seen[name]}])"
                self.problem(item, "name", f"rules[{index}].name", message)
            if isinstance(name, str):
                seen.setdefault(name, index)
        rules = [self.rule(item, node, index) for index, item in enumerate(node)]
        return [rule for rule in rules if rule is not None]

    def rule(self, node: Any, parent: Any, index: int) -> RuleSpec | None:
        field = f"rules[{index}]"
        if not isinstance(node, dict):
            self.problem(
                parent, index, field, "a rule must be a mapping (name, when, effect, reason)"
            )
            return None
        self.unknown_keys(node, _RULE_KEYS, f"{field}.")
        name = self.text(node, "name", f"{field}.name")
        when = self.text(node, "when", f"{field}.when")
        effect = self.effect(node, field)
        reason = self.text(node, "reason", f"{field}.reason")
        if reason is not None and not is_reason_code(reason):
            message = f"reason code '{reason}' must look like detector.code"
            self.problem(node, "reason", f"{field}.reason", message, "e.g. price.below_msrp")
        enabled = node.get("enabled", True)
        if not isinstance(enabled, bool):
            self.problem(node, "enabled", f"{field}.enabled", "must be true or false")
        if when is None:
            return None
        return RuleSpec(  # returned despite other problems, so the expression is checked too
            name=name or field,
            when=when,
            effect=effect or Effect("add_risk", 0.0),
            reason=str(reason),
            description=str(node.get("description") or ""),
            enabled=enabled is True,
            line=line_number(node, "when"),
            field=f"{field}.when",
        )

    def effect(self, rule: Any, field: str) -> Effect | None:
        node = rule.get("effect")
        if not isinstance(node, dict) or len(node) != 1:
            hint = f"one of {', '.join(EFFECTS)}, e.g. {{risk_at_least: 0.9}}"
            self.problem(
                rule, "effect", f"{field}.effect", "must be a mapping with one effect", hint
            )
            return None
        ((kind, value),) = node.items()
        if kind not in EFFECTS:
            best = process.extractOne(str(kind), EFFECTS, score_cutoff=60)
            hint = f"did you mean '{best[0]}'?" if best else f"effects are {', '.join(EFFECTS)}"
            self.problem(node, kind, f"{field}.effect", f"unknown effect '{kind}'", hint)
            return None
        if kind == "verdict":
            if value not in VERDICTS:
                message = f"verdict must be one of {', '.join(VERDICTS)}, not {value!r}"
                self.problem(node, kind, f"{field}.effect.verdict", message)
                return None
            return Effect(kind, str(value))
        low = -1.0 if kind == "add_risk" else 0.0
        amount = self.fraction(node, kind, f"{field}.effect.{kind}", low)
        return None if amount is None else Effect(kind, amount)


def read_policy(path: Path) -> tuple[PolicySpec | None, list[Problem]]:
    """The policy in ``path`` and every structural problem found in it.

    The spec is returned even with problems (holding the readable rules, so that their
    expressions can be checked as well); it may only be used when there are none.
    """
    file = str(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, f"cannot read the policy file: {exc.strerror}")]
    try:
        document = YAML(typ="rt").load(content)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else None
        return None, [Problem(file, f"not valid YAML: {exc.problem}", where)]
    reader = _PolicyReader(file)
    spec = reader.read(document, hashlib.sha256(content).hexdigest())
    return spec, reader.problems
