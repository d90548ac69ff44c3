"""A brand's bulk notice upload: a CSV with ``listing_id, brand, evidence`` (and optionally
``trademark``) per line; rows sharing brand, evidence and trademark become one notice."""

from __future__ import annotations

import io

import polars as pl

from truemark.cases.notices import NoticeDraft
from truemark.errors import Problem, ValidationError

REQUIRED = ("listing_id", "brand", "evidence")


def read_notice_csv(content: bytes, name: str) -> list[NoticeDraft]:
    """Notice drafts from an uploaded CSV; every problem reported at once, by row and field."""
    try:
        frame = pl.read_csv(io.BytesIO(content), infer_schema=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(name, f"not a readable CSV file: {exc}")]) from None
    missing = [c for c in REQUIRED if c not in frame.columns]
    ValidationError.raise_if_any(
        [Problem(name, "has no column", field=c, hint=", ".join(REQUIRED)) for c in missing],
        "the notice file cannot be read",
    )
    if "trademark" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("trademark"))
    frame = frame.with_columns(pl.col(*REQUIRED, "trademark").str.strip_chars())
    blanks = (
        frame.with_row_index("row", offset=2)
        .unpivot(on=list(REQUIRED), index="row", variable_name="field")
        .filter(pl.col("value").fill_null("") == "")
    )
    ValidationError.raise_if_any(
        [
            Problem(name, "is empty", where=f"row {row}", field=field)
            for row, field, _ in blanks.iter_rows()
        ],
        "the notice file cannot be read",
    )
    groups = frame.group_by("brand", "evidence", "trademark", maintain_order=True).agg("listing_id")
    return [
        NoticeDraft(brand, tuple(listings), evidence, trademark or None)
        for brand, evidence, trademark, listings in groups.iter_rows()
    ]
