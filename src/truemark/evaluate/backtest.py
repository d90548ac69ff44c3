"""Backtest a candidate policy on stored scans: what flips, and precision / recall before and after.

Every results file under the history folder (spec §4: ``listing_id``, ``signals``; Parquet,
JSON Lines or CSV; quarantine files skipped) is re-decided by the live and the candidate policy
from its stored signals — no detector runs again. A listing found in several files counts once,
from the last file in path order. "Flagged" means a ``counterfeit`` or ``suspect`` verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from truemark.errors import InputError
from truemark.evaluate.backtest_scores import GroupScore, group_scores
from truemark.policy import Policy, load_policy
from truemark.policy.model import load_model
from truemark.policy.model.dataset import flatten_signals, read_labels, read_table
from truemark.policy.signals import conform

FLAGGED = ("counterfeit", "suspect")
SUFFIXES = (".parquet", ".jsonl", ".jsonl.gz", ".csv")
EXAMPLES = 10


@dataclass(frozen=True)
class BacktestReport:
    """Flips between the live and the candidate policy, and their scores on labelled listings."""

    live_version: str
    candidate_version: str
    files: list[str]
    listings: int
    labelled: int
    new_flags: int
    dropped_flags: int
    new_examples: list[dict[str, Any]]
    dropped_examples: list[dict[str, Any]]
    overall: GroupScore
    by_brand: list[GroupScore]
    by_tactic: list[GroupScore]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of the whole report."""
        scores = {"overall": self.overall.to_dict()}
        return {
            **{
                k: v for k, v in vars(self).items() if k not in ("overall", "by_brand", "by_tactic")
            },
            **scores,
            "by_brand": [score.to_dict() for score in self.by_brand],
            "by_tactic": [score.to_dict() for score in self.by_tactic],
        }


def history_files(folder: Path) -> list[Path]:
    """Results files under ``folder`` (or ``folder`` itself when it is a file), in path order."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise InputError(f"{folder}: no such file or folder")
    found = [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name.endswith(SUFFIXES) and ".quarantine." not in path.name
    ]
    if not found:
        raise InputError(f"{folder}: no results files (.parquet, .jsonl or .csv) in it")
    return found


def read_history(files: list[Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``listing_id``, ``brand_id``) and the conformed signals, one row per listing."""
    frames = []
    for path in files:
        results = read_table(path, ("listing_id", "signals"))
        if results.height == 0:  # a scan of no listings
            continue
        brand = results.get_column("brand_id") if "brand_id" in results.columns else None
        signals = flatten_signals(results.get_column("signals")).with_columns(
            results.get_column("listing_id").cast(pl.String).alias("listing_id"),
            (brand.cast(pl.String) if brand is not None else pl.lit(None, pl.String)).alias(
                "brand_id"
            ),
        )
        frames.append(signals)
    if not frames:
        raise InputError(f"{files[0].parent}: the results files hold no listings")
    history = pl.concat(frames, how="diagonal_relaxed").unique("listing_id", keep="last")
    history = history.sort("listing_id")
    return history.select("listing_id", "brand_id"), conform(history)


def candidate_policy(policy: Path, model: Path | None) -> Policy:
    """The candidate policy, its learned model replaced by ``model`` when one is given."""
    loaded = load_policy(policy)
    if model is None:
        return loaded
    learned = load_model(model)
    return replace(loaded, model=learned, version=f"{loaded.version}+model:{learned.version}")


def backtest(
    live: Policy,
    candidate: Policy,
    history: Path,
    labels: Path,
    tactics: Path | None = None,
) -> BacktestReport:
    """Re-decide every stored listing with both policies and compare them."""
    files = history_files(history)
    listings, signals = read_history(files)
    before, after = live.decide(signals), candidate.decide(signals)
    frame = listings.with_columns(
        before=before["verdict"].cast(pl.String),
        after=after["verdict"].cast(pl.String),
        reasons_before=before["reasons"],
        reasons_after=after["reasons"],
    ).with_columns(
        flagged_before=pl.col("before").is_in(FLAGGED),
        flagged_after=pl.col("after").is_in(FLAGGED),
    )
    frame = frame.join(read_labels(labels), on="listing_id", how="left", maintain_order="left")
    new = frame.filter(~pl.col("flagged_before") & pl.col("flagged_after"))
    dropped = frame.filter(pl.col("flagged_before") & ~pl.col("flagged_after"))
    labelled = frame.filter(pl.col("counterfeit").is_not_null())
    if labelled.height == 0:
        raise InputError(f"no listing_id of {labels} is in the results under {history}")
    tactic_rows = _tactic_rows(labelled, tactics)
    return BacktestReport(
        live_version=live.version,
        candidate_version=candidate.version,
        files=[str(path) for path in files],
        listings=frame.height,
        labelled=labelled.height,
        new_flags=new.height,
        dropped_flags=dropped.height,
        new_examples=_examples(new, "reasons_after"),
        dropped_examples=_examples(dropped, "reasons_before"),
        overall=group_scores(labelled.with_columns(group=pl.lit("all")))[0],
        by_brand=group_scores(labelled.with_columns(group=pl.col("brand_id").fill_null("(none)"))),
        by_tactic=group_scores(tactic_rows) if tactic_rows is not None else [],
    )


def _tactic_rows(labelled: pl.DataFrame, tactics: Path | None) -> pl.DataFrame | None:
    if tactics is None:
        return None
    rows = read_table(tactics, ("listing_id", "tactic")).select(
        pl.col("listing_id").cast(pl.String), pl.col("tactic").cast(pl.String).alias("group")
    )
    return labelled.join(rows.unique(), on="listing_id", how="inner")


def _examples(flips: pl.DataFrame, reasons: str) -> list[dict[str, Any]]:
    """The first flips by listing id: id, brand, both verdicts, the deciding reasons, label."""
    columns = ["listing_id", "brand_id", "before", "after", reasons, "counterfeit"]
    picked = flips.head(EXAMPLES).select(columns).rename({reasons: "reasons"})
    return picked.to_dicts()
