"""Sellers marked by racket indicators: what each seller's record (store name, e-mail, phone,
address, ship-from) and each listing's text and ship-from show, against the indicator bank.

A match is ``seller_id``, ``attribute`` (``<where it was seen>.<indicator type>``, e.g.
``listing.domain`` or ``phone.whatsapp``) and ``provenance`` (whose intelligence it is): the
rows the networks score as alliance intel, like the infringer matches.
"""

from __future__ import annotations

import polars as pl

from truemark.networks.identifiers import address_key, email_key, phone_key
from truemark.networks.indicator_keys import domain_name, parent_domains, store_name_key
from truemark.networks.indicator_text import OBSERVATION_SCHEMA, text_observations
from truemark.networks.scoring import INTEL_SCHEMA


def _column(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String) if name in frame.columns else pl.lit(None, pl.String)


def _field(frame: pl.DataFrame, where: str, space: str, key: pl.Expr) -> pl.DataFrame:
    """One key per row of ``frame``, seen in its field ``where``."""
    return (
        frame.select(
            pl.col("seller_id").cast(pl.String),
            pl.lit(where).alias("where"),
            pl.lit(space).alias("space"),
            key.alias("key"),
            pl.lit(None, pl.String).alias("platform"),
        )
        .drop_nulls("key")
        .cast(OBSERVATION_SCHEMA)
    )


def seller_observations(sellers: pl.DataFrame) -> pl.DataFrame:
    """What each seller's record shows (spec §3 fields, and ``ship_from`` when the file has it)."""
    emails = sellers.select(
        pl.col("seller_id").cast(pl.String), email_key(_column(sellers, "email")).alias("email")
    )
    # each step on a column of its own: nested, the expressions would be evaluated many times over
    mail_domains = emails.select(
        "seller_id", domain_name(pl.col("email").str.extract(r"@(.+)$", 1)).alias("name")
    ).drop_nulls("name")
    mail_domains = mail_domains.with_columns(parent_domains(pl.col("name"))).explode("name")
    phones = sellers.select(_column(sellers, "phone"), _column(sellers, "country"))
    store_name = _column(sellers, "store_name")
    return pl.concat(
        [
            _field(sellers, "store_name", "store_name", store_name_key(store_name)),
            _field(emails, "email", "email", pl.col("email")),
            _field(mail_domains, "email", "domain", pl.col("name")),
            _field(sellers, "phone", "phone", pl.lit(phone_key(phones[:, 0], phones[:, 1]))),
            _field(sellers, "address", "address", address_key(_column(sellers, "address"))),
            _field(sellers, "ship_from", "address", address_key(_column(sellers, "ship_from"))),
            text_observations(
                sellers.select(
                    "seller_id",
                    pl.lit("store_name").alias("where"),
                    _column(sellers, "country").alias("country"),
                    store_name.alias("text"),
                )
            ),
        ]
    )


def listing_observations(listings: pl.DataFrame) -> pl.DataFrame:
    """What each listing's title, description and ship-from show, as its seller's."""
    ship_from = _column(listings, "ship_from")
    text = pl.concat_str(
        _column(listings, "title"),
        _column(listings, "description"),
        separator="\n",
        ignore_nulls=True,
    )
    country = ship_from.str.extract(r"^\s*([A-Za-z]{2})(?:$|[^A-Za-z])", 1).str.to_uppercase()
    texts = listings.select(
        pl.col("seller_id").cast(pl.String),
        pl.lit("listing").alias("where"),
        country.alias("country"),
        text.alias("text"),
    )
    # a seller ships from a few places: each (seller, place) is normalized once
    places = listings.select("seller_id", ship_from.alias("ship_from")).unique()
    return pl.concat(
        [
            text_observations(texts),
            _field(places, "listing", "address", address_key(pl.col("ship_from"))),
        ]
    )


def indicator_matches(observations: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """``seller_id``, ``attribute``, ``provenance``: each observation an indicator names (a
    handle seen without its platform, a bare ``@name``, matches the name on any platform)."""
    named = observations.join(
        indicators.select(
            "space", "key", pl.col("platform").alias("indicator_platform"), "type", "provenance"
        ),
        on=["space", "key"],
    )
    same_platform = pl.col("platform").is_null() | (
        pl.col("platform") == pl.col("indicator_platform")
    )
    return (
        named.filter(same_platform)
        .select(
            "seller_id",
            pl.concat_str("where", "type", separator=".").alias("attribute"),
            "provenance",
        )
        .unique()
        .cast(INTEL_SCHEMA)
    )
