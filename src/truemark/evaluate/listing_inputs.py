"""Load, check and join the listing-level inputs of an evaluation: labels, results, tactics.

Every problem in every file is collected and raised once, located by file, line or row, and
field. A listing id that is labelled but has no result, or has a result but no label, is an
error: an evaluation over a silently different set of listings would not be comparable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from truemark.errors import Problem, ValidationError
from truemark.evaluate.tables import (
    ROW,
    Table,
    id_column,
    not_empty,
    read_table,
    text_column,
)

LABELS = ("counterfeit", "genuine")
VERDICTS = ("counterfeit", "suspect", "clear")
ID = "listing_id"


@dataclass(frozen=True)
class ListingInputs:
    """Labelled results, one row per listing, and the optional tactic rows.

    ``listings`` has ``listing_id``, ``counterfeit`` (the label, bool), ``risk``, ``verdict``
    and ``brand_id`` (null when the results do not say); ``tactics`` has ``listing_id``,
    ``tactic``, and the listing's ``counterfeit`` and ``verdict``.
    """

    listings: pl.DataFrame
    tactics: pl.DataFrame | None


def _labels(path: Path, problems: list[Problem]) -> Table:
    table = read_table(path, [ID, "label"])
    table = text_column(id_column(not_empty(table, problems), ID, problems), "label", problems)
    label = pl.col("label").str.to_lowercase()
    unknown = table.frame.filter(label.is_null() | ~label.is_in(LABELS))
    problems += table.problems(unknown, "unknown label", "label", "use counterfeit or genuine")
    frame = table.frame.with_columns(counterfeit=label == "counterfeit")
    return replace(table, frame=frame.select(ID, "counterfeit", ROW))


def _risk(table: Table, problems: list[Problem]) -> pl.Series:
    raw = table.frame.get_column("risk")
    if raw.dtype == pl.String:  # CSV: an empty cell is a missing value
        raw = raw.str.strip_chars().replace("", None)
    risk = raw.cast(pl.Float64, strict=False)
    frame = table.frame.with_columns(raw.alias("raw"), risk.alias("risk"))
    absent = frame.filter(pl.col("raw").is_null())
    problems += table.problems(absent, "missing risk", "risk", "a number in [0, 1]")
    garbled = frame.filter(pl.col("raw").is_not_null() & pl.col("risk").is_null())
    problems += table.problems(garbled, "risk is not a number", "risk", "a number in [0, 1]")
    outside = frame.filter(pl.col("risk").is_nan() | ~pl.col("risk").is_between(0.0, 1.0))
    problems += table.problems(outside, "risk outside [0, 1]", "risk", "a number in [0, 1]")
    return risk


def _results(path: Path, problems: list[Problem]) -> Table:
    table = not_empty(read_table(path, [ID, "risk", "verdict"], ["brand_id"]), problems)
    table = id_column(table, ID, problems)
    table = text_column(table, "verdict", problems)
    if "brand_id" in table.frame.columns:
        table = text_column(table, "brand_id", problems)
    else:
        table = replace(table, frame=table.frame.with_columns(brand_id=pl.lit(None, pl.String)))
    verdict = pl.col("verdict").str.to_lowercase()
    unknown = table.frame.filter(verdict.is_null() | ~verdict.is_in(VERDICTS))
    problems += table.problems(
        unknown, "unknown verdict", "verdict", "use counterfeit, suspect or clear"
    )
    frame = table.frame.with_columns(verdict, _risk(table, problems).alias("risk"))
    return replace(table, frame=frame.select(ID, "risk", "verdict", "brand_id", ROW))


def _joined(labels: Table, results: Table, problems: list[Problem]) -> pl.DataFrame:
    """Labels and results side by side (one full join); an id in only one file is a problem."""
    other_id, other_row = f"{ID}_result", f"{ROW}_result"
    both = labels.frame.join(results.frame, on=ID, how="full", suffix="_result", coalesce=False)
    no_result = both.filter(pl.col(ID).is_not_null() & pl.col(other_id).is_null()).sort(ROW)
    message = f"labelled listing has no result in {results.path}"
    problems += labels.problems(no_result, message, ID)
    no_label = both.filter(pl.col(ID).is_null() & pl.col(other_id).is_not_null())
    no_label = no_label.select(pl.col(other_id).alias(ID), pl.col(other_row).alias(ROW)).sort(ROW)
    problems += results.problems(no_label, f"listing_id has no label in {labels.path}", ID)
    return both.filter(pl.col(ID).is_not_null()).select(
        ID, "counterfeit", "risk", "verdict", "brand_id"
    )


def _tactics(path: Path, listings: pl.DataFrame, problems: list[Problem]) -> pl.DataFrame:
    """Tactic rows with their listing's label and verdict; an unlabelled listing is a problem."""
    table = text_column(
        text_column(read_table(path, [ID, "tactic"]), ID, problems), "tactic", problems
    )
    blank = table.frame.filter(pl.col("tactic").is_null() | (pl.col("tactic") == ""))
    problems += table.problems(blank, "empty tactic", "tactic")
    rows = table.frame.join(listings.select(ID, "counterfeit", "verdict"), on=ID, how="left")
    unlabelled = rows.filter(pl.col(ID).is_not_null() & pl.col("counterfeit").is_null())
    problems += table.problems(unlabelled.sort(ROW), "listing_id has no label", ID)
    return rows.select(ID, "tactic", "counterfeit", "verdict").unique(subset=[ID, "tactic"])


def load_listing_inputs(labels: Path, results: Path, tactics: Path | None) -> ListingInputs:
    """Read and check every file, then join labels to results; raise once with every problem."""
    problems: list[Problem] = []
    label_table = _labels(labels, problems)
    result_table = _results(results, problems)
    listings = _joined(label_table, result_table, problems)
    tactic_rows = _tactics(tactics, listings, problems) if tactics is not None else None
    ValidationError.raise_if_any(problems)
    return ListingInputs(listings, tactic_rows)
