"""No field of the listings or sellers files gives the label away by itself."""

from __future__ import annotations

import numpy as np
import polars as pl


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def test_ids_and_row_order_say_nothing_about_the_label(labelled: pl.DataFrame) -> None:
    fake = (labelled["label"] == "counterfeit").to_numpy()
    row = np.arange(labelled.height)
    listing_number = labelled["listing_id"].str.slice(2).cast(pl.Int64).to_numpy()
    seller_number = labelled["seller_id"].str.slice(2).cast(pl.Int64).to_numpy()
    for score in (row, listing_number, seller_number):
        assert abs(_auc(score.astype(float), fake) - 0.5) < 0.06


def test_no_single_plain_field_separates_the_classes(labelled: pl.DataFrame) -> None:
    fake = (labelled["label"] == "counterfeit").to_numpy()
    for column in ("quantity_sold", "created_at"):
        score = labelled[column].cast(pl.Int64).to_numpy().astype(float)
        assert 0.2 < _auc(score, fake) < 0.8
    photos = labelled["image_pdq"].list.len().to_numpy().astype(float)
    assert 0.35 < _auc(photos, fake) < 0.65
