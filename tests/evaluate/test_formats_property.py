"""Property: any listing ids, labels and scores give the same report from CSV, JSONL and Parquet,
equal to scikit-learn applied straight to the arrays."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, f1_score

from truemark.evaluate import evaluate_listings

listing_ids = st.text(
    st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=12
).filter(lambda text: text == text.strip())

listings = st.lists(
    st.tuples(
        listing_ids, st.booleans(), st.floats(0, 1), st.sampled_from(["counterfeit", "clear"])
    ),
    min_size=2,
    max_size=40,
    unique_by=lambda row: row[0],
).filter(lambda rows: 0 < sum(row[1] for row in rows) < len(rows))


def write(results: pl.DataFrame, folder: Path, kind: str) -> Path:
    path = folder / f"results.{kind}"
    if kind == "csv":
        results.write_csv(path)
    elif kind == "jsonl":
        results.write_ndjson(path)
    else:
        results.write_parquet(path)
    return path


@settings(max_examples=25, deadline=None)
@given(listings, st.randoms(use_true_random=False))
def test_every_format_gives_sklearn_figures(
    rows: list[tuple[str, bool, float, str]], rng: random.Random
) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)  # results need not be in the labels' order
    ids, counterfeit, risk, verdict = (list(column) for column in zip(*rows, strict=True))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        labels = folder / "labels.csv"
        label_text = ["counterfeit" if c else "genuine" for c in counterfeit]
        pl.DataFrame({"listing_id": ids, "label": label_text}).write_csv(labels)
        results = pl.DataFrame(
            [(row[0], row[2], row[3]) for row in shuffled],
            schema={"listing_id": pl.String, "risk": pl.Float64, "verdict": pl.String},
            orient="row",
        )
        reports = [
            evaluate_listings(labels, write(results, folder, kind))
            for kind in ("csv", "jsonl", "parquet")
        ]
    first = reports[0]
    assert all(
        report.to_dict() | {"sources": {}} == first.to_dict() | {"sources": {}}
        for report in reports
    )
    flagged = np.array(verdict) == "counterfeit"
    assert first.operating_points[0].f1 == pytest.approx(
        f1_score(counterfeit, flagged, zero_division=np.nan), nan_ok=True
    )
    assert first.pr_auc == pytest.approx(average_precision_score(counterfeit, risk))
