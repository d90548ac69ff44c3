"""Precision and recall of flagged verdicts per group, before and after a policy change."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import polars as pl


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One group's labelled listings, counterfeits, and precision / recall of both policies.

    A precision is None when the policy flags nothing in the group; a recall is None when the
    group holds no counterfeit.
    """

    group: str
    listings: int
    counterfeit: int
    flagged_before: int
    flagged_after: int
    precision_before: float | None
    recall_before: float | None
    precision_after: float | None
    recall_after: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def group_scores(labelled: pl.DataFrame) -> list[GroupScore]:
    """Scores per ``group`` of rows with ``counterfeit``, ``flagged_before``, ``flagged_after``."""
    truth = pl.col("counterfeit")
    sums = (
        labelled.group_by("group")
        .agg(
            pl.len().alias("listings"),
            truth.sum().alias("counterfeit"),
            pl.col("flagged_before").sum(),
            pl.col("flagged_after").sum(),
            (pl.col("flagged_before") & truth).sum().alias("hits_before"),
            (pl.col("flagged_after") & truth).sum().alias("hits_after"),
        )
        .sort(["listings", "group"], descending=[True, False])
    )
    return [
        GroupScore(
            group=row["group"],
            listings=row["listings"],
            counterfeit=row["counterfeit"],
            flagged_before=row["flagged_before"],
            flagged_after=row["flagged_after"],
            precision_before=_ratio(row["hits_before"], row["flagged_before"]),
            recall_before=_ratio(row["hits_before"], row["counterfeit"]),
            precision_after=_ratio(row["hits_after"], row["flagged_after"]),
            recall_after=_ratio(row["hits_after"], row["counterfeit"]),
        )
        for row in sums.iter_rows(named=True)
    ]
