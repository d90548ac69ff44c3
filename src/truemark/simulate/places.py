"""Seller locations (ship-from codes, countries, currencies) and the currency table."""

from __future__ import annotations

import polars as pl

from truemark.simulate.vocabulary import vocabulary


def fx_to_usd() -> dict[str, float]:
    """US dollars per unit of each currency the simulated marketplace prices in."""
    return {str(k): float(v) for k, v in vocabulary("places")["fx_to_usd"].items()}


def locations_frame() -> pl.DataFrame:
    """One row per location: ship-from code, country, currency, city and weights by seller kind."""
    rows = vocabulary("places")["locations"]
    frame = pl.DataFrame(
        rows,
        schema=[
            "code",
            "country",
            "currency",
            "w_honest",
            "w_authorized",
            "w_second_hand",
            "w_racket",
        ],
        orient="row",
    )
    city = pl.col("code").str.split("-").list.last()
    return frame.with_columns(
        pl.when(pl.col("code").str.contains("-"))
        .then(pl.concat_str(city, pl.lit(", "), pl.col("country")))
        .otherwise(pl.col("country"))
        .alias("city")
    )
