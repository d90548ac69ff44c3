"""Repeat infringers as keyed hashes: HMAC-SHA256 with the alliance key over normalized phone,
e-mail or payout account, so members match sellers without seeing the raw values."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl

from truemark.alliance.items import INFRINGER_ATTRIBUTES
from truemark.errors import ConfigError, InputError
from truemark.networks.identifiers import normalize_sellers


def _keyed(alliance_key: bytes, attribute: str, normalized: str) -> str:
    digest = hmac.new(alliance_key, f"{attribute}\x00{normalized}".encode(), hashlib.sha256)
    return f"{attribute}:{digest.hexdigest()}"


def _require_key(alliance_key: bytes) -> None:
    if len(alliance_key) < 16:
        raise ConfigError("the alliance key must be at least 16 bytes, shared by every member")


def infringer_value(
    alliance_key: bytes, attribute: str, raw: str, country: str | None = None
) -> str:
    """The intel value of one identity (``phone:<hmac>``), normalized as the networks do."""
    _require_key(alliance_key)
    if attribute not in INFRINGER_ATTRIBUTES:
        raise InputError(
            f"infringer attribute {attribute!r}: use {', '.join(INFRINGER_ATTRIBUTES)}"
        )
    seller = pl.DataFrame({"seller_id": ["x"], attribute: [raw], "country": [country]})
    normalized = normalize_sellers(seller)[attribute][0]
    if normalized is None:
        raise InputError(f"{attribute} {raw!r} is empty or a placeholder: not an identity")
    return _keyed(alliance_key, attribute, normalized)


def keyed_identities(sellers: pl.DataFrame, alliance_key: bytes) -> pl.DataFrame:
    """Columns ``seller_id`` and ``value``: each seller's keyed identities (one row each)."""
    _require_key(alliance_key)
    keys = normalize_sellers(sellers)
    frames = []
    for attribute in INFRINGER_ATTRIBUTES:
        column = keys.select("seller_id", pl.col(attribute).alias("normalized")).drop_nulls()
        distinct = column["normalized"].unique().to_list()
        hashed = {value: _keyed(alliance_key, attribute, value) for value in distinct}
        frames.append(
            column.select(
                "seller_id",
                pl.col("normalized").replace_strict(hashed, return_dtype=pl.String).alias("value"),
            )
        )
    return pl.concat(frames)


def matching_sellers(
    sellers: pl.DataFrame, infringers: pl.DataFrame, alliance_key: bytes
) -> pl.DataFrame:
    """Sellers whose phone, e-mail or payout account matches a shared infringer hash.

    ``infringers`` has columns ``value`` and ``provenance``; the result has ``seller_id``,
    ``attribute`` and ``provenance`` (whose intelligence matched), one row per match.
    """
    matched = keyed_identities(sellers, alliance_key).join(
        infringers.select("value", "provenance"), on="value", how="inner"
    )
    return matched.select(
        "seller_id",
        pl.col("value").str.split(":").list.first().alias("attribute"),
        "provenance",
    ).unique(maintain_order=True)
