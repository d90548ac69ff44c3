"""The model's reasons in one pass give what the whole-array numpy steps gave: the same values
(numpy's maximum may give 0.0 where the pass keeps -0.0; only a strength above zero names a
reason) and the same reason lists."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from truemark.policy.combine import reason_lists
from truemark.policy.model_reasons import add_model_strengths

CONTRIBUTION = st.floats(-5, 5) | st.sampled_from([0.0, -0.0, np.nan, 1e-300, -1e-300])
STRENGTH = st.floats(0, 1) | st.sampled_from([0.0, -0.0, np.nan, 0.75])


def _numpy_steps(batch: tuple[np.ndarray, ...], floor: float) -> np.ndarray:
    """The steps the pass replaced: share of scale, floor, evidence, maximum with the rules'."""
    strengths, rows, contributions, scale, evidence = batch
    positive = np.maximum(contributions, 0.0)
    total = positive.sum(axis=1, keepdims=True)
    share = np.divide(positive, total, out=np.zeros_like(positive), where=total > 0)
    from_model = (share * scale[:, None]).T
    from_model = np.where(from_model >= floor, from_model, 0.0)
    from_model = np.where(evidence[:, rows], from_model, 0.0)
    expected = strengths.copy()
    expected[:, rows] = np.maximum(expected[:, rows], from_model)
    return expected


@st.composite
def batches(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    codes, listings = draw(st.integers(1, 21)), draw(st.integers(1, 30))
    rows = np.flatnonzero(draw(hnp.arrays(bool, listings)))
    strengths = draw(hnp.arrays(np.float64, (codes, listings), elements=STRENGTH))
    contributions = draw(hnp.arrays(np.float64, (len(rows), codes), elements=CONTRIBUTION))
    scale = draw(hnp.arrays(np.float64, len(rows), elements=st.floats(0, 1)))
    evidence = draw(hnp.arrays(bool, (codes, listings)))
    return strengths, rows, contributions, scale, evidence


@settings(max_examples=400, deadline=None)
@given(batches(), st.sampled_from([0.0, 0.02, 0.3]))
def test_same_strengths_as_the_numpy_steps(batch: tuple[np.ndarray, ...], floor: float) -> None:
    strengths, rows, contributions, scale, evidence = batch
    expected = _numpy_steps(batch, floor)
    add_model_strengths(strengths, rows, contributions, scale, floor, evidence)
    assert np.array_equal(strengths, expected, equal_nan=True)  # a zero's sign aside
    codes = [f"code{number}" for number in range(strengths.shape[0])]
    assert reason_lists(strengths, codes).equals(reason_lists(expected, codes))


def test_a_reason_needs_its_evidence_and_a_share_above_the_floor() -> None:
    strengths = np.array([[0.0, 0.5], [0.0, 0.0], [0.0, 0.0]])
    contributions = np.array([[3.0, 1.0, -2.0], [1.0, 1.0, 2.0]])
    evidence = np.array([[True, True], [True, False], [True, True]])
    add_model_strengths(
        strengths, np.array([0, 1]), contributions, np.array([0.8, 0.4]), 0.15, evidence
    )
    # listing 0: shares 3/4 and 1/4 of 0.8; the genuine-side code gives none
    # listing 1: the rules' 0.5 stays above 0.1; code 1 lacks evidence; code 2 has 0.2
    assert strengths.tolist() == [[0.6000000000000001, 0.5], [0.2, 0.0], [0.0, 0.2]]


def test_a_frame_of_constants_gives_evidence_for_every_listing() -> None:
    strengths = np.zeros((2, 3))
    evidence = np.array([[True], [False]])  # one row: what a select of literals gives
    add_model_strengths(strengths, np.array([0, 2]), np.ones((2, 2)), np.ones(2), 0.0, evidence)
    assert strengths.tolist() == [[0.5, 0.0, 0.5], [0.0, 0.0, 0.0]]


def _numpy_reason_lists(strengths: np.ndarray, codes: list[str]) -> list[list[str]]:
    """The whole-array ordering the pass replaced: one stable sort by listing + (1 - s) / 2."""
    code, listing = np.nonzero(strengths > 0)
    strength = np.minimum(strengths[code, listing], 1.0)
    order = np.argsort(listing + (1.0 - strength) * 0.5, kind="stable")
    lists: list[list[str]] = [[] for _ in range(strengths.shape[1])]
    for at in order:
        lists[listing[at]].append(codes[code[at]])
    return lists


@settings(max_examples=300, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(0, 21), st.integers(0, 40)),
        elements=STRENGTH | st.sampled_from([1.5, 0.3, 0.30000000000000004, -0.2]),
    )
)
def test_reasons_ordered_as_by_one_sort(strengths: np.ndarray) -> None:
    codes = [f"code{number}" for number in range(strengths.shape[0])]
    assert reason_lists(strengths, codes).to_list() == _numpy_reason_lists(strengths, codes)
