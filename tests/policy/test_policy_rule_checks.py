"""Rule checking never crashes: any text gives a compiled rule or located problems."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.policy.rules import compile_rules
from truemark.policy.spec import Effect, RuleSpec

_TOKENS = [
    "price.ratio", "text.brand_id", "text.cue_count", "seller.authorized", "image", "x",
    "has(", "size(", ".contains(", ".matches(", "int(", "double(", ")", "(", "[", "]", ",",
    "&&", "||", "!", "-", "+", "*", "/", "%", "<", "<=", "==", "!=", " in ", "?", ":", ".",
    "1", "0", "2.5", "1e3", "1u", "0x1F", '"gucci"', "'a'", 'b"x"', "true", "false", "null",
    "{", "}", " ", "\\", '"', "`", "@", "é",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=12).map("".join))
def test_any_expression_compiles_or_gives_located_problems(expression: str) -> None:
    rule = RuleSpec("r", expression, Effect("add_risk", 0.1), "text.counterfeit_cue", line=7)
    compiled, problems = compile_rules((rule,), "policy.yaml")
    assert len(compiled) + bool(problems) == 1  # compiled, or refused with reasons; no crash
    for problem in problems:
        assert problem.where == "line 7"
        assert "rule 'r'" in problem.message
