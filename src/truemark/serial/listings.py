"""Cloned codes in listings: a genuine code offered by several sellers or by a seller the brand
did not authorize, a code already flagged by verifications, or a forged code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from truemark.serial.codec import InvalidCode, parse
from truemark.serial.keyfile import KeySet
from truemark.serial.reasons import FLAGGED, FORGED_CODE, SEVERAL_SELLERS, UNAUTHORIZED_SELLER
from truemark.serial.signing import signature_holds
from truemark.serial.text_codes import listing_codes

CLONED_SCHEMA: dict[str, pl.DataType] = {
    "listing_id": pl.String(),
    "seller_id": pl.String(),
    "code": pl.String(),
    "brand_id": pl.String(),
    "key_id": pl.String(),
    "serial": pl.Int64(),
    "reason": pl.String(),
}
_CODE_SCHEMA = {"code": pl.String, "brand_id": pl.String, "key_id": pl.String, "serial": pl.Int64}


def codes_in_listings(listings: pl.DataFrame) -> pl.DataFrame:
    """``listing_id, seller_id, code`` for every code written in a listing's title or text."""
    found = listing_codes(listings)
    owners = listings.select(
        pl.col("listing_id").cast(pl.String), pl.col("seller_id").cast(pl.String)
    ).with_row_index("row")
    return found.join(owners, on="row", how="left").select("listing_id", "seller_id", "code")


def _signed_codes(codes: Iterable[str], keys: KeySet) -> pl.DataFrame:
    """The codes that carry a published key's good signature, with their brand and serial."""
    rows = []
    for text in codes:
        try:
            code = parse(text)
        except InvalidCode:
            continue
        key = keys.keys.get(code.fields.key_id)
        if key is not None and signature_holds(key.public_key, code):
            rows.append((text, key.brand, key.key_id, code.fields.serial))
    return pl.DataFrame(rows, schema=_CODE_SCHEMA, orient="row")


def cloned_listing_codes(
    found: pl.DataFrame,
    keys: KeySet,
    authorized: Mapping[str, frozenset[str]],
    flagged: Iterable[str] = (),
) -> pl.DataFrame:
    """One row per (listing, code, reason) among ``found`` (from :func:`codes_in_listings`)."""
    signed = _signed_codes(found.get_column("code").unique().to_list(), keys)
    pairs = [(brand, seller) for brand, sellers in authorized.items() for seller in sellers]
    allowed = pl.DataFrame(
        pairs, schema={"brand_id": pl.String, "seller_id": pl.String}, orient="row"
    )
    rows = found.join(signed, on="code", how="left").with_columns(
        pl.col("seller_id").n_unique().over("code").alias("sellers"),
        pl.col("brand_id").is_not_null().alias("signed"),
    )
    rows = rows.join(
        allowed.with_columns(pl.lit(True).alias("authorized")),
        on=["brand_id", "seller_id"],
        how="left",
    )
    flagged_codes = pl.Series("flagged", list(flagged), dtype=pl.String)
    reasons = [
        (~pl.col("signed"), FORGED_CODE),
        (pl.col("signed") & (pl.col("sellers") > 1), SEVERAL_SELLERS),
        (pl.col("signed") & pl.col("authorized").is_null(), UNAUTHORIZED_SELLER),
        (pl.col("signed") & pl.col("code").is_in(flagged_codes.implode()), FLAGGED),
    ]
    parts = [
        rows.filter(rule).with_columns(pl.lit(reason).alias("reason")) for rule, reason in reasons
    ]
    table = pl.concat(parts) if parts else rows.clear()
    return table.select(pl.col(c).cast(t) for c, t in CLONED_SCHEMA.items()).sort(
        "listing_id", "reason"
    )
