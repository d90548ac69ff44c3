"""Sellers matched by alliance intel: the infringer bank (``truemark intel bank --kind
infringer``: keyed hashes of repeat infringers' phones, e-mails and payout accounts, each with
whose intelligence it is) against the keyed identities of every seller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import InputError, Problem, ValidationError

INFRINGER_COLUMNS = ("value", "provenance")
INFRINGER_PATTERN = r"^(phone|email|payment_account):[0-9a-f]{64}$"
MATCH_SCHEMA = pl.Schema({"seller_id": pl.String, "attribute": pl.String, "provenance": pl.String})

_READERS: dict[str, Callable[[Path], pl.DataFrame]] = {
    ".csv": lambda path: pl.read_csv(path, infer_schema=False),
    ".jsonl": pl.read_ndjson,
    ".parquet": pl.read_parquet,
}


def _problems(path: Path, table: pl.DataFrame) -> list[Problem]:
    """Every row whose value is not ``ATTRIBUTE:HMAC`` or that says nothing of its provenance."""
    value_ok = table["value"].str.to_lowercase().str.contains(INFRINGER_PATTERN).fill_null(False)
    source_ok = table["provenance"].str.strip_chars().fill_null("").ne("")
    hint = "not ATTRIBUTE:HMAC (phone, email or payment_account; 64 hex digits)"
    return [
        *(
            Problem(str(path), hint, f"row {row + 1}", "value")
            for row in np.flatnonzero(~value_ok.to_numpy())
        ),
        *(
            Problem(str(path), "no provenance", f"row {row + 1}", "provenance")
            for row in np.flatnonzero(~source_ok.to_numpy())
        ),
    ]


def load_infringers(path: Path) -> pl.DataFrame:
    """Columns ``value`` (lower case) and ``provenance`` of an infringer bank file (``.csv``,
    ``.jsonl`` or ``.parquet``); ValidationError naming every malformed row."""
    if path.suffix not in _READERS or not path.is_file():
        raise InputError(f"{path}: no infringers file (.csv, .jsonl or .parquet) there")
    try:
        table = _READERS[path.suffix](path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read infringers ({exc})") from None
    missing = [column for column in INFRINGER_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(f"{path}: infringers table lacks column(s) {', '.join(missing)}")
    table = table.select(pl.col(column).cast(pl.String) for column in INFRINGER_COLUMNS)
    ValidationError.raise_if_any(_problems(path, table))
    return table.with_columns(pl.col("value").str.to_lowercase())


def intel_matches(
    sellers: pl.DataFrame, infringers: pl.DataFrame, alliance_key: bytes
) -> pl.DataFrame:
    """``seller_id``, ``attribute``, ``provenance``: each seller identity that a shared infringer
    hash names (hashed with the alliance key as the members hashed theirs)."""
    from truemark.alliance.infringers import matching_sellers  # the alliance reads the store

    return matching_sellers(sellers, infringers, alliance_key).cast(MATCH_SCHEMA)
