"""Read a training set: labels (``listing_id, label``) joined to scan results' ``signals``.

The scan results' ``signals`` column may be a JSON string or a struct, with flat keys
(``"price.ratio"``) or nested maps (``{"price": {"ratio": ...}}``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import InputError, Problem, ValidationError
from truemark.policy.signals import conform

_LABELS = ("counterfeit", "genuine")
_MAX_PROBLEMS = 20


def read_table(path: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """A CSV, JSON Lines or Parquet file (by name) holding at least ``columns``."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    name = path.name.lower()
    try:
        if name.endswith(".csv"):
            frame = pl.read_csv(path, infer_schema=False)
        elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            frame = pl.read_ndjson(path)
        elif name.endswith(".parquet") or path.is_dir():
            frame = pl.read_parquet(path / "*.parquet" if path.is_dir() else path)
        else:
            raise InputError(f"{path}: unknown format (use .csv, .jsonl or .parquet)")
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{path}: cannot read it ({' '.join(str(exc).split())[:200]})") from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def read_labels(path: Path) -> pl.DataFrame:
    """``listing_id`` and ``counterfeit`` (bool); every unknown label reported with its row."""
    frame = read_table(path, ("listing_id", "label")).select(
        pl.col("listing_id").cast(pl.String),
        pl.col("label").cast(pl.String).str.strip_chars().str.to_lowercase(),
    )
    bad = frame.with_row_index("row", offset=1).filter(
        ~pl.col("label").is_in(_LABELS).fill_null(False)
    )
    problems = [
        Problem(
            str(path), f"unknown label {label!r}", f"row {row}", "label", "counterfeit or genuine"
        )
        for row, label in bad.head(_MAX_PROBLEMS).select("row", "label").iter_rows()
    ]
    ValidationError.raise_if_any(problems, f"{bad.height} bad label(s) in {path}")
    return frame.select("listing_id", counterfeit=pl.col("label") == "counterfeit")


def flatten_signals(column: pl.Series) -> pl.DataFrame:
    """Signal columns named ``detector.signal`` from a JSON-string or struct ``signals`` column."""
    if column.dtype == pl.String:
        column = column.str.json_decode(infer_schema_length=None)
    if not isinstance(column.dtype, pl.Struct):
        raise InputError(f"the signals column must be JSON objects or structs, not {column.dtype}")
    columns: dict[str, list[pl.Series]] = {}
    pending = [("", column)]
    while pending:
        prefix, struct = pending.pop()
        for field in struct.struct.unnest().iter_columns():
            name = prefix + field.name
            if isinstance(field.dtype, pl.Struct):
                pending.append((name + ".", field))
            else:
                columns.setdefault(name, []).append(field)
    merged = [  # a signal written both flat and nested: the first non-null value
        pl.select(pl.coalesce(*parts)).to_series().alias(name) if len(parts) > 1 else parts[0]
        for name, parts in columns.items()
    ]
    return pl.DataFrame(merged) if merged else pl.DataFrame({"_": [None] * len(column)})


def read_training_set(labels: Path, scan: Path) -> tuple[pl.DataFrame, np.ndarray]:
    """Conformed signals and 0/1 labels of the listings present in both files."""
    labelled = read_labels(labels)
    results = read_table(scan, ("listing_id", "signals"))
    signals = flatten_signals(results.get_column("signals"))
    signals = signals.with_columns(results.get_column("listing_id").cast(pl.String))
    joined = signals.join(labelled, on="listing_id", how="inner", maintain_order="left")
    if joined.height == 0:
        raise InputError(f"no listing_id of {labels} is in {scan}")
    return conform(joined), joined.get_column("counterfeit").cast(pl.Int8).to_numpy()
