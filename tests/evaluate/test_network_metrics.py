"""Pairwise and B-cubed scores against examples from the literature and naive definitions."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.evaluate import ClusterScore, evaluate_networks
from truemark.evaluate.network_metrics import bcubed_scores, pairwise_scores

CsvFile = Callable[[str, list[str], Sequence[tuple[object, ...]]], Path]


def f1(score: ClusterScore) -> float:
    """The F1 of a score that must be defined."""
    assert score.f1 is not None
    return score.f1


def labels(*clusters: str) -> np.ndarray:
    """Cluster labels from strings such as "AAB": one character per item."""
    return np.array([ord(c) for c in "".join(clusters)])


# Bagga & Baldwin (1998), "Algorithms for scoring coreference chains", the example that
# motivates B-cubed: truth {1..5} {6,7} {8..12}.
BAGGA_TRUTH = labels("AAAAA", "BB", "CCCCC")


def test_bcubed_bagga_baldwin_merging_small_chain() -> None:
    # Response merges {6,7} into {8..12}: precision (5*1 + 2*2/7 + 5*5/7) / 12 = 16/21.
    score = bcubed_scores(BAGGA_TRUTH, labels("AAAAA", "CC", "CCCCC"))
    assert score.precision == pytest.approx(16 / 21)
    assert score.recall == pytest.approx(1.0)


def test_bcubed_bagga_baldwin_merging_large_chains() -> None:
    # Response merges {1..5} with {8..12}: precision (10 * 5/10 + 2 * 1) / 12 = 7/12, worse
    # than the merge above although both responses make a single wrong link.
    score = bcubed_scores(BAGGA_TRUTH, labels("AAAAA", "BB", "AAAAA"))
    assert score.precision == pytest.approx(7 / 12)
    assert score.f1 == pytest.approx(2 * (7 / 12) / (7 / 12 + 1))


def test_pairwise_hand_example() -> None:
    # truth {a,b,c} {d,e}: pairs ab ac bc de; predicted {a,b} {c,d,e}: pairs ab cd ce de.
    score = pairwise_scores(labels("AAABB"), labels("XXYYY"))
    assert (score.precision, score.recall, score.f1) == pytest.approx((0.5, 0.5, 0.5))


# The four formal constraints of Amigo, Gonzalo, Artiles & Verdejo (2009), "A comparison of
# extrinsic clustering evaluation metrics based on formal constraints": the better clustering
# must score higher. B-cubed satisfies all four.


def test_amigo_cluster_homogeneity() -> None:
    truth = labels("AABBCCC")
    mixed, split = labels("XXXXZZZ"), labels("XXYYZZZ")
    assert f1(bcubed_scores(truth, split)) > f1(bcubed_scores(truth, mixed))


def test_amigo_cluster_completeness() -> None:
    truth = labels("AAAABB")
    scattered, together = labels("XXYYZZ"), labels("XXXXZZ")
    assert f1(bcubed_scores(truth, together)) > f1(bcubed_scores(truth, scattered))


def test_amigo_rag_bag() -> None:
    # A clean cluster of A, a rag bag of C D E F; the noise item G is better put in the bag.
    truth = labels("AAAA", "CDEF", "G")
    into_clean, into_bag = labels("XXXX", "YYYY", "X"), labels("XXXX", "YYYY", "Y")
    assert f1(bcubed_scores(truth, into_bag)) > f1(bcubed_scores(truth, into_clean))


def test_amigo_size_versus_quantity() -> None:
    # One break in a big cluster is better than a break in each of four small ones. Counting
    # pairs prefers the opposite, the failure Amigo et al. point out in pair-based metrics.
    truth = labels("AAAAAAA", "BB", "CC", "DD", "EE")
    one_break = labels("XXXXXXY", "BB", "CC", "DD", "EE")
    many_breaks = labels("XXXXXXX", "Bb", "Cc", "Dd", "Ee")
    assert f1(bcubed_scores(truth, one_break)) > f1(bcubed_scores(truth, many_breaks))
    assert f1(pairwise_scores(truth, one_break)) < f1(pairwise_scores(truth, many_breaks))


def naive_bcubed(truth: list[int], predicted: list[int]) -> tuple[float, float]:
    """B-cubed straight from its definition, one seller at a time."""
    n = len(truth)
    precision = recall = 0.0
    for i in range(n):
        same_predicted = [j for j in range(n) if predicted[j] == predicted[i]]
        same_true = [j for j in range(n) if truth[j] == truth[i]]
        both = [j for j in same_predicted if truth[j] == truth[i]]
        precision += len(both) / len(same_predicted)
        recall += len(both) / len(same_true)
    return precision / n, recall / n


def naive_pairwise(truth: list[int], predicted: list[int]) -> tuple[float | None, float | None]:
    """Pairwise precision and recall by listing every pair."""
    pairs = list(itertools.combinations(range(len(truth)), 2))
    true_pairs = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    found = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    both = len(true_pairs & found)
    return (both / len(found) if found else None, both / len(true_pairs) if true_pairs else None)


clusterings = st.integers(1, 30).flatmap(
    lambda n: st.tuples(st.lists(st.integers(0, 6), min_size=n, max_size=n),
                        st.lists(st.integers(0, 6), min_size=n, max_size=n))
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(clusterings)
def test_vectorized_scores_match_definitions(pair: tuple[list[int], list[int]]) -> None:
    truth, predicted = pair
    score = bcubed_scores(np.array(truth), np.array(predicted))
    assert (score.precision, score.recall) == pytest.approx(naive_bcubed(truth, predicted))
    pairwise = pairwise_scores(np.array(truth), np.array(predicted))
    expected = naive_pairwise(truth, predicted)
    assert (pairwise.precision, pairwise.recall) == pytest.approx(expected)


def test_network_report_over_rackets(csv_file: CsvFile) -> None:
    # Truth: racket R = s1 s2 s3; honest s4 (empty network), s6 (own id), s5 (absent).
    truth = csv_file(
        "truth.csv",
        ["seller_id", "network_id"],
        [("s1", "R"), ("s2", "R"), ("s3", "R"), ("s4", None), ("s6", "H6")],
    )
    # Predicted: {s1 s2 s4}, {s5 s6}; s3 absent, so a predicted singleton.
    networks = csv_file(
        "networks.csv",
        ["seller_id", "network_id", "network_size"],
        [("s1", "N1", 3), ("s2", "N1", 3), ("s4", "N1", 3), ("s5", "N2", 2), ("s6", "N2", 2)],
    )
    report = evaluate_networks(truth, networks)
    assert (report.sellers, report.true_rackets, report.racket_sellers) == (6, 1, 3)
    assert (report.predicted_networks, report.rackets_recovered_exactly) == (2, 0)
    assert (report.honest_sellers, report.honest_sellers_merged) == (3, 3)
    # pairs: true s1s2 s1s3 s2s3; predicted s1s2 s1s4 s2s4 s5s6; one in common.
    assert (report.pairwise.precision, report.pairwise.recall) == pytest.approx((1 / 4, 1 / 3))
    # racket sellers: s1, s2 have precision 2/3 and recall 2/3; s3 has 1 and 1/3.
    assert report.bcubed.precision == pytest.approx(7 / 9)
    assert report.bcubed.recall == pytest.approx(5 / 9)
    # every seller, adding s4 (1/3, 1), s5 and s6 (1/2, 1).
    assert report.bcubed_all_sellers.precision == pytest.approx(11 / 18)
    assert report.bcubed_all_sellers.recall == pytest.approx(7 / 9)


def test_exactly_recovered_rackets(csv_file: CsvFile) -> None:
    truth = csv_file(
        "truth.csv",
        ["seller_id", "network_id"],
        [("a", "R1"), ("b", "R1"), ("c", "R2"), ("d", "R2")],
    )
    networks = csv_file(
        "networks.csv",
        ["seller_id", "network_id"],
        [("a", "x"), ("b", "x"), ("c", "y"), ("d", "z")],
    )
    report = evaluate_networks(truth, networks)
    assert report.rackets_recovered_exactly == 1
    assert report.pairwise.precision == 1.0
    assert report.pairwise.recall == pytest.approx(1 / 2)


def test_large_clusterings_cost_no_pairs() -> None:
    # 300,000 sellers in one predicted network: 4.5e10 pairs, never listed.
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 20_000, 300_000)
    score = pairwise_scores(truth, np.zeros_like(truth))
    assert score.recall == 1.0
    assert score.precision == pytest.approx(1 / 20_000, rel=0.05)
    assert bcubed_scores(truth, np.zeros_like(truth), min_true_size=2).recall == 1.0
