"""Network metrics: pairwise and B-cubed precision/recall of predicted seller networks.

Both are computed from the contingency table of true operation x predicted network (sparse,
one entry per non-empty cell), never by listing pairs of sellers, so a million sellers cost
no more than sorting them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics.cluster import contingency_matrix, pair_confusion_matrix

from truemark.evaluate.network_inputs import SellerClusters, load_seller_clusters
from truemark.evaluate.reports import ClusterScore, NetworkReport


def _score(precision: float | None, recall: float | None) -> ClusterScore:
    if precision is None or recall is None:
        return ClusterScore(precision, recall, None)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClusterScore(precision, recall, f1)


def pairwise_scores(truth: np.ndarray, predicted: np.ndarray) -> ClusterScore:
    """Precision and recall over pairs of sellers put in the same network."""
    (_, false_pairs), (missed_pairs, true_pairs) = pair_confusion_matrix(truth, predicted)
    found, actual = true_pairs + false_pairs, true_pairs + missed_pairs
    return _score(
        float(true_pairs / found) if found else None,
        float(true_pairs / actual) if actual else None,
    )


def _cells(truth: np.ndarray, predicted: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each non-empty cell's count, the size of its true cluster, the size of its predicted one."""
    table = contingency_matrix(truth, predicted, sparse=True).tocoo()
    true_sizes = np.asarray(table.sum(axis=1)).ravel()
    predicted_sizes = np.asarray(table.sum(axis=0)).ravel()
    count = table.data.astype(np.float64)
    return count, true_sizes[table.row].astype(np.float64), predicted_sizes[table.col]


def bcubed_scores(truth: np.ndarray, predicted: np.ndarray, min_true_size: int = 1) -> ClusterScore:
    """B-cubed precision and recall (Bagga & Baldwin 1998; Amigo et al. 2009).

    For one seller, precision is the share of its predicted network that shares its true
    operation, recall the share of its true operation inside its predicted network; both are
    averaged over the sellers whose true operation has at least ``min_true_size`` accounts.
    The predicted networks are those of every seller, so an honest seller merged into a racket's
    network lowers the precision of that racket's sellers.
    """
    count, true_size, predicted_size = _cells(truth, predicted)
    counted = true_size >= min_true_size
    sellers = count[counted].sum()
    if not sellers:
        return _score(None, None)
    precision = (count**2 / predicted_size)[counted].sum() / sellers
    recall = (count**2 / true_size)[counted].sum() / sellers
    return _score(float(precision), float(recall))


def network_report(clusters: SellerClusters, sources: dict[str, str]) -> NetworkReport:
    """Every network metric of one pair of clusterings."""
    truth, predicted = clusters.truth, clusters.predicted
    count, true_size, predicted_size = _cells(truth, predicted)
    in_racket, honest = true_size >= 2, true_size == 1
    exact = in_racket & (count == true_size) & (count == predicted_size)
    predicted_sizes = np.bincount(predicted)
    return NetworkReport(
        sellers=len(truth),
        true_rackets=int(np.count_nonzero(np.bincount(truth) >= 2)),
        racket_sellers=int(count[in_racket].sum()),
        predicted_networks=int(np.count_nonzero(predicted_sizes >= 2)),
        rackets_recovered_exactly=int(np.count_nonzero(exact)),
        pairwise=pairwise_scores(truth, predicted),
        bcubed=bcubed_scores(truth, predicted, min_true_size=2),
        bcubed_all_sellers=bcubed_scores(truth, predicted),
        honest_sellers=int(count[honest].sum()),
        honest_sellers_merged=int(count[honest & (predicted_size >= 2)].sum()),
        sources=sources,
    )


def evaluate_networks(truth: Path, networks: Path) -> NetworkReport:
    """Score predicted seller networks against the true operations."""
    clusters = load_seller_clusters(truth, networks)
    return network_report(clusters, {"truth": str(truth), "networks": str(networks)})
