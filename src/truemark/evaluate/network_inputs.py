"""Load and check the seller-network inputs: the true operations and the predicted networks.

Both become one integer cluster label per seller over the union of the two files. A seller the
truth does not place in a network (absent, or an empty ``network_id``) is an operation of one
account: an honest seller. A seller the prediction does not mention is a predicted singleton.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import Problem, ValidationError
from truemark.evaluate.tables import Table, id_column, not_empty, read_table, text_column

ID = "seller_id"
NETWORK = "network_id"


@dataclass(frozen=True)
class SellerClusters:
    """Cluster labels of the same sellers, position by position: true and predicted."""

    truth: np.ndarray
    predicted: np.ndarray


def _checked(path: Path, network_required: bool, problems: list[Problem]) -> Table:
    table = read_table(path, [ID, NETWORK])
    if not network_required:  # no predicted network at all is a finding; no truth is not
        table = not_empty(table, problems)
    table = text_column(id_column(table, ID, problems), NETWORK, problems)
    if network_required:
        blank = table.frame.filter(pl.col(NETWORK).is_null() | (pl.col(NETWORK) == ""))
        problems += table.problems(blank, "empty network_id", NETWORK, "every row needs a network")
    return table


def _cluster_labels(network: pl.Expr) -> pl.Expr:
    """Dense integers, one per network; a seller without a network gets a cluster of its own."""
    key = (
        pl.when(network.is_null() | (network == ""))
        .then(pl.concat_str(pl.lit("seller:"), pl.col(ID)))
        .otherwise(pl.concat_str(pl.lit("network:"), network))
    )
    return key.rank("dense").cast(pl.Int64)


def load_seller_clusters(truth: Path, networks: Path) -> SellerClusters:
    """Read both files, check them, and label every seller of either file on both sides."""
    problems: list[Problem] = []
    true_table = _checked(truth, network_required=False, problems=problems)
    predicted_table = _checked(networks, network_required=True, problems=problems)
    ValidationError.raise_if_any(problems)
    true_networks = true_table.frame.select(ID, pl.col(NETWORK).alias("true_network"))
    predicted_networks = predicted_table.frame.select(ID, pl.col(NETWORK).alias("predicted"))
    sellers = true_networks.join(predicted_networks, on=ID, how="full", coalesce=True)
    labelled = sellers.select(
        _cluster_labels(pl.col("true_network")).alias("truth"),
        _cluster_labels(pl.col("predicted")).alias("predicted"),
    )
    return SellerClusters(
        labelled.get_column("truth").to_numpy(),
        labelled.get_column("predicted").to_numpy(),
    )
