"""Serial codes written in listing text, found with polars expressions over whole columns.

Codes count when written in full, either dash-grouped as printed on labels or as one run of
symbols; they come out in canonical form (upper-case, no dashes, I/L read as 1 and O as 0).
"""

from __future__ import annotations

import polars as pl

from truemark.serial.codec import CODE_LENGTH, GROUP

_SYMBOL = "[0-9A-Za-z]"
_GROUPED = rf"{_SYMBOL}{{{GROUP}}}(?:-{_SYMBOL}{{{GROUP}}}){{{CODE_LENGTH // GROUP - 1}}}"
LISTING_CODE_PATTERN = rf"\b(?:{_GROUPED}|{_SYMBOL}{{{CODE_LENGTH}}})\b"


def canonical_codes(text: pl.Expr) -> pl.Expr:
    """A list of the canonical codes written in each value of a text column."""
    return (
        text.fill_null("")
        .str.extract_all(LISTING_CODE_PATTERN)
        .list.eval(
            pl.element()
            .str.replace_all("-", "", literal=True)
            .str.to_uppercase()
            .str.replace_all("[IL]", "1")
            .str.replace_all("O", "0", literal=True)
        )
    )


def listing_codes(listings: pl.DataFrame) -> pl.DataFrame:
    """``row`` (position in ``listings``) and ``code`` for every code in a title or description."""
    text = pl.concat_str([pl.col("title").fill_null(""), _description(listings)], separator="\n")
    return (
        listings.select(canonical_codes(text).alias("code"))
        .with_row_index("row")
        .explode("code")
        .drop_nulls("code")
        .unique(["row", "code"], maintain_order=True)
    )


def _description(listings: pl.DataFrame) -> pl.Expr:
    if "description" in listings.columns:
        return pl.col("description").cast(pl.String).fill_null("")
    return pl.lit("")
