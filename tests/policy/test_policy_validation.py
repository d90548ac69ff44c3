"""Policy validation: every problem of a file is reported at once, each with its location."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.errors import Problem, ValidationError
from truemark.policy import DEFAULT_POLICY, load_policy

WritePolicy = Callable[..., Path]

BROKEN = """\
version: "1"
name: broken
thresholds: {counterfeit: 1.5, suspect: 0.5}
rules:
  - name: cheap
    when: price.ratoi < 0.2
    effect: {risk_at_least: 0.9}
    reason: price.below_msrp
  - name: unfinished
    when: "price.ratio <"
    effect: {risk_at_least: 0.9}
    reason: price.below_msrp
  - name: cheap
    when: price.ratio < 1.0
    effect: {risk_at_leest: 0.9}
    reason: price.below_msrp
  - name: mixed_types
    when: text.cue_count + 0.5 > 1.0
    effect: {verdict: counterfeit}
    reason: text.counterfeit_cue
"""


def _problems(write_policy: WritePolicy, text: str) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        load_policy(write_policy(text))
    return caught.value.problems


def _find(problems: list[Problem], fragment: str) -> Problem:
    matches = [p for p in problems if fragment in str(p)]
    assert matches, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    return matches[0]


def test_every_problem_is_reported_together_with_its_location(write_policy: WritePolicy) -> None:
    problems = _problems(write_policy, BROKEN)
    assert len(problems) == 6

    typo = _find(problems, "price.ratoi")
    assert (typo.where, typo.field) == ("line 6", "rules[0].when")
    assert typo.hint == "did you mean 'price.ratio'?"
    assert "rule 'cheap' at column 1" in typo.message

    syntax = _find(problems, "syntax error")
    assert (syntax.where, syntax.field) == ("line 10", "rules[1].when")
    assert "rule 'unfinished' at column 14" in syntax.message

    effect = _find(problems, "unknown effect")
    assert effect.where == "line 15"
    assert effect.hint == "did you mean 'risk_at_least'?"

    duplicate = _find(problems, "duplicate rule name 'cheap'")
    assert duplicate.field == "rules[2].name"

    threshold = _find(problems, "thresholds.counterfeit")
    assert threshold.where == "line 3"
    assert "[0, 1]" in threshold.message

    mixed = _find(problems, "int and double")
    assert mixed.field == "rules[3].when"
    assert "double(" in (mixed.hint or "")


def test_problems_come_in_file_order(write_policy: WritePolicy) -> None:
    lines = [int((p.where or "line 0").split()[1]) for p in _problems(write_policy, BROKEN)]
    assert lines == sorted(lines)


RULE = """\
version: "1"
name: one
thresholds: {{counterfeit: 0.8, suspect: 0.5}}
rules:
  - name: the_rule
    when: {when}
    effect: {{add_risk: 0.2}}
    reason: text.counterfeit_cue
"""


@pytest.mark.parametrize(
    ("when", "expected", "hint"),
    [
        ("'[1, 2].exists(x, x > 1)'", "macro 'exists' is not supported", "macros"),
        ("text.brand_id == null", "comparing with null", "has("),
        ("price.ratio", "must be a condition (bool)", None),
        ("'text.brand_id.matches(\"(\")'", "bad regular expression", None),
        (
            "'text.brand_id.lowerAscii() == \"x\"'",
            "function 'lowerAscii' is not supported",
            "supported:",
        ),
        ("'{\"a\": 1}.a == 1'", "map literals are not supported", "CEL subset"),
        ("pricee.ratio < 1.0", "unknown signal 'pricee.ratio'", "did you mean 'price.ratio'?"),
        ("sellr > 1", "unknown variable 'sellr'", "variables are"),
        ("text.obfuscated < true", "cannot compare bool with bool", None),
        ("price.ratio in [1, 'a']", "one type", None),
        ("1u > 0", "unsigned", None),
    ],
)
def test_rules_outside_the_subset_are_errors_with_a_hint(
    write_policy: WritePolicy, when: str, expected: str, hint: str | None
) -> None:
    (problem,) = _problems(write_policy, RULE.format(when=when))
    assert expected in problem.message
    assert problem.where == "line 6"
    assert problem.field == "rules[0].when"
    if hint:
        assert hint in (problem.hint or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "version: 1\nname: x\nthresholds: {counterfeit: 0.5, suspect: 0.8}\n",
            "above counterfeit",
        ),
        (
            "version: 1\nname: x\nthresholds: {counterfeit: 0.8, suspect: 0.5}\nrulez: []\n",
            "did you mean 'rules'",
        ),
        ("version: 1\nname: x\nthresholds: {counterfeit: 0.8}\n", "thresholds.suspect"),
        (
            "version: 1\nname: x\nthresholds: {counterfeit: 0.8, suspect: 0.5}\nmodel: {path: nowhere}\n",
            "not a truemark model folder",
        ),
        ("version: 1\nname: [x\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_document_problems(write_policy: WritePolicy, text: str, expected: str) -> None:
    problems = _problems(write_policy, text)
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


def test_rule_fields_are_checked(write_policy: WritePolicy) -> None:
    text = RULE.format(when="price.ratio < 0.2").replace(
        "reason: text.counterfeit_cue", "reason: Cheap Price\n    enabeld: yes"
    )
    problems = _problems(write_policy, text)
    assert any("detector.code" in p.message for p in problems)
    assert any(
        p.field == "rules[0].enabeld" and p.hint == "did you mean 'enabled'?" for p in problems
    )


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read the policy file"):
        load_policy(tmp_path / "absent.yaml")


def test_disabled_rules_are_checked_but_do_not_run(write_policy: WritePolicy) -> None:
    good = RULE.format(when="price.ratio < 0.2") + "    enabled: false\n"
    assert load_policy(write_policy(good)).rules == ()
    bad = RULE.format(when="price.ratoi < 0.2") + "    enabled: false\n"
    assert "price.ratoi" in str(_problems(write_policy, bad)[0])


def test_the_default_policy_is_valid() -> None:
    policy = load_policy(DEFAULT_POLICY)
    assert len(policy.rules) >= 10
    assert policy.version.startswith("default@")
