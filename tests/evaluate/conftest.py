"""Shared fixtures for evaluation tests: a ten-listing case small enough to score by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
import pytest

# listing, label, risk, verdict, brand; L1-L4 counterfeit, L5-L10 genuine.
TEN_LISTINGS = [
    ("L1", "counterfeit", 0.9, "counterfeit", "gucci"),
    ("L2", "counterfeit", 0.8, "counterfeit", "gucci"),
    ("L3", "counterfeit", 0.6, "suspect", "gucci"),
    ("L4", "counterfeit", 0.2, "clear", "gucci"),
    ("L5", "genuine", 0.7, "counterfeit", "gucci"),
    ("L6", "genuine", 0.5, "suspect", None),
    ("L7", "genuine", 0.3, "clear", None),
    ("L8", "genuine", 0.1, "clear", None),
    ("L9", "genuine", 0.1, "clear", None),
    ("L10", "genuine", 0.0, "clear", None),
]

TEN_TACTICS = [
    ("L1", "homoglyph"),
    ("L2", "homoglyph"),
    ("L2", "cue_word"),
    ("L3", "cue_word"),
    ("L4", "cue_word"),
    ("L5", "used_damaged"),
    ("L6", "used_damaged"),
    ("L7", "compatible_accessory"),
    ("L8", "homoglyph"),  # a genuine listing: counts as a hard negative, decided by its label
]


def write_csv(path: Path, header: list[str], rows: Sequence[tuple[object, ...]]) -> Path:
    """A CSV file with every value written as text (an empty cell for None)."""
    frame = pl.DataFrame(rows, schema=header, orient="row")
    frame.write_csv(path)
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[[str, list[str], Sequence[tuple[object, ...]]], Path]:
    """Write a CSV named ``name`` into the test's folder: ``csv_file(name, header, rows)``."""

    def write(name: str, header: list[str], rows: Sequence[tuple[object, ...]]) -> Path:
        return write_csv(tmp_path / name, header, rows)

    return write


@pytest.fixture
def ten(tmp_path: Path) -> dict[str, Path]:
    """labels.csv, results.parquet and tactics.csv of the ten-listing case."""
    labels = write_csv(
        tmp_path / "labels.csv", ["listing_id", "label"], [row[:2] for row in TEN_LISTINGS]
    )
    results = tmp_path / "results.parquet"
    pl.DataFrame(
        [
            (lid, brand, risk, verdict, ["r.x"], "{}")
            for lid, _, risk, verdict, brand in TEN_LISTINGS
        ],
        schema={
            "listing_id": pl.String,
            "brand_id": pl.String,
            "risk": pl.Float64,
            "verdict": pl.String,
            "reasons": pl.List(pl.String),
            "signals": pl.String,
        },
        orient="row",
    ).write_parquet(results)
    tactics = write_csv(tmp_path / "tactics.csv", ["listing_id", "tactic"], TEN_TACTICS)
    return {"labels": labels, "results": results, "tactics": tactics}
