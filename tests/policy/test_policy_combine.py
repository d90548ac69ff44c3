"""Rules combined into risk, verdict and reasons: arithmetic, precedence, ordering, versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from truemark.policy import load_policy

WritePolicy = Callable[..., Path]

POLICY = """\
version: "3"
name: combine
thresholds: {counterfeit: 0.8, suspect: 0.5}
rules:
  - name: cue
    when: text.cue_count > 0
    effect: {add_risk: 0.3}
    reason: text.counterfeit_cue
  - name: obfuscated
    when: text.obfuscated
    effect: {add_risk: 0.25}
    reason: text.obfuscated_mark
  - name: cheap
    when: price.ratio < 0.2
    effect: {risk_at_least: 0.85}
    reason: price.below_msrp
  - name: very_cheap
    when: price.ratio < 0.05
    effect: {risk_at_least: 0.9}
    reason: price.below_msrp
  - name: authorized
    when: seller.authorized
    effect: {risk_at_most: 0.1}
    reason: seller.authorized
  - name: whitelisted
    when: seller.strikes == -1
    effect: {verdict: clear}
    reason: seller.whitelisted
  - name: blacklisted
    when: seller.strikes >= 5
    effect: {verdict: counterfeit}
    reason: seller.prior_strikes
"""


@pytest.fixture
def policy(write_policy: WritePolicy):  # type: ignore[no-untyped-def]
    return load_policy(write_policy(POLICY))


def _decide(policy, **columns: list[object]) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    return policy.decide(pl.DataFrame(columns, strict=False))


def test_adds_floors_and_caps(policy) -> None:  # type: ignore[no-untyped-def]
    decided = _decide(
        policy,
        **{
            "text.cue_count": [1, 1, 0, 1, None],
            "text.obfuscated": [False, True, False, True, None],
            "price.ratio": [0.9, 0.9, 0.1, 0.01, None],
            "seller.authorized": [False, False, False, True, None],
        },
    )
    assert decided.get_column("risk").to_list() == pytest.approx([0.3, 0.55, 0.85, 0.1, 0.0])
    assert decided.get_column("verdict").to_list() == [
        "clear",
        "suspect",
        "counterfeit",
        "clear",
        "clear",
    ]


def test_reasons_are_ordered_by_strength_and_unique(policy) -> None:  # type: ignore[no-untyped-def]
    decided = _decide(
        policy,
        **{
            "text.cue_count": [1, 1],
            "text.obfuscated": [True, False],
            "price.ratio": [0.01, 0.9],
            "seller.authorized": [False, True],
        },
    )
    first, second = decided.get_column("reasons").to_list()
    # price floors 0.9 (two rules, one code) > cue 0.3 > obfuscated 0.25
    assert first == ["price.below_msrp", "text.counterfeit_cue", "text.obfuscated_mark"]
    # the cap (1 - 0.1 = 0.9) outranks the cue that it overrode
    assert second == ["seller.authorized", "text.counterfeit_cue"]


def test_the_first_forced_verdict_in_the_file_wins(policy) -> None:  # type: ignore[no-untyped-def]
    decided = _decide(policy, **{"seller.strikes": [-1, 7, 0], "price.ratio": [0.01, 0.9, 0.9]})
    assert decided.get_column("verdict").to_list() == ["clear", "counterfeit", "clear"]
    assert decided.get_column("reasons").to_list()[0][0] == "seller.whitelisted"


def test_missing_columns_and_extra_columns(policy) -> None:  # type: ignore[no-untyped-def]
    decided = _decide(policy, listing_id=["a", "b"], **{"unrelated.signal": [1, 2]})
    assert decided.columns == ["risk", "verdict", "reasons", "policy_version"]
    assert decided.get_column("risk").to_list() == [0.0, 0.0]
    assert decided.get_column("reasons").to_list() == [[], []]


def test_an_empty_batch(policy) -> None:  # type: ignore[no-untyped-def]
    decided = policy.decide(pl.DataFrame({"price.ratio": []}, schema={"price.ratio": pl.Float64}))
    assert decided.height == 0
    assert decided.schema["reasons"] == pl.List(pl.String)


def test_constant_rules_apply_to_every_row(write_policy: WritePolicy) -> None:
    text = POLICY.replace("when: text.cue_count > 0", "when: 1 < 2")
    decided = _decide(load_policy(write_policy(text)), **{"price.ratio": [0.9, 0.9, 0.9]})
    assert decided.get_column("risk").to_list() == pytest.approx([0.3, 0.3, 0.3])


def test_the_version_records_name_version_and_content(write_policy: WritePolicy) -> None:
    first = load_policy(write_policy(POLICY, "a.yaml"))
    same = load_policy(write_policy(POLICY, "b.yaml"))
    changed = load_policy(write_policy(POLICY.replace("add_risk: 0.3", "add_risk: 0.35"), "c.yaml"))
    assert first.version.startswith("combine@3+")
    assert first.version == same.version
    assert first.version != changed.version
    assert _decide(first, **{"price.ratio": [0.5]}).get_column("policy_version")[0] == first.version


def test_the_default_policy_on_typical_listings() -> None:
    decided = _decide(
        load_policy(),
        **{
            "text.brand_id": ["gucci", "gucci", "gucci", "apple", None],
            "text.cue_count": [1, 0, 0, 0, 0],
            "text.legit_mention": [False, False, False, True, False],
            "text.condition_used": [False, False, True, False, False],
            "price.ratio": [0.5, 0.015, 0.1, 0.05, None],
            "image.known_fake": [False, False, False, False, True],
            "seller.authorized": [False, False, False, False, False],
        },
    )
    verdicts = decided.get_column("verdict").to_list()
    assert [verdicts[0], *verdicts[2:]] == ["counterfeit", "clear", "clear", "counterfeit"]
    assert verdicts[1] in ("counterfeit", "suspect")  # a price alone: at least a review
    reasons = decided.get_column("reasons").to_list()
    assert reasons[0][0] == "text.counterfeit_cue"
    assert reasons[1]
    assert set(reasons[1]) <= {"text.brand_mark", "price.below_msrp"}
    assert reasons[2][0] == "text.used_condition"
    assert reasons[4][0] == "image.known_fake"


def test_the_model_cites_only_evidence_the_listing_shows() -> None:
    """An old account is no "new account", a listing not described as used gives no "used"
    reason, and an authorized seller is no "unauthorized" one, whatever the model leans on."""
    rows = 6
    decided = _decide(
        load_policy(),
        **{
            "text.brand_id": ["gucci"] * rows,
            "text.mark_kind": ["exact", "fuzzy", "obfuscated", "exact", "exact", "alias"],
            "text.cue_count": [1, 0, 2, 0, 1, 0],
            "text.condition_used": [False] * rows,
            "text.legit_mention": [False] * rows,
            "price.ratio": [0.05, 0.1, 0.02, 2.0, 0.3, 0.08],
            "seller.authorized": [False, False, False, True, False, False],
            "seller.account_age_days": [3650.0] * rows,
            "seller.strikes": [0] * rows,
        },
    )
    reasons = decided.get_column("reasons").to_list()
    assert any(reasons)
    cited = {code for listing in reasons for code in listing}
    assert not cited & {"seller.new_account", "text.used_condition", "seller.prior_strikes"}
    assert "seller.unauthorized" not in reasons[3]
    assert "price.below_msrp" not in reasons[3]
    assert "text.counterfeit_cue" not in reasons[1] + reasons[3] + reasons[5]
