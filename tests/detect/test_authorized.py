"""Brands' authorized sellers and name positions, looked up by codes."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.detect.authorized import AuthorizedSellers
from truemark.detect.ranges import Positions


def test_a_seller_is_authorized_for_its_own_brands_only() -> None:
    sellers = AuthorizedSellers({"gucci": ["s-1", "s-2"], "prada": ["s-2"]}, brands=["rolex"])
    assert sellers.brands.names == ["gucci", "prada", "rolex"]
    brands = pl.Series(["gucci", "gucci", "prada", "prada", "rolex", "nike", None, "gucci"])
    ids = pl.Series(["s-1", "s-3", "s-1", "s-2", "s-1", "s-1", "s-1", None])
    authorized = sellers.authorized(sellers.brands(brands), ids)
    assert authorized.tolist() == [True, False, False, True, False, False, False, False]


def test_no_brand_authorizes_anyone() -> None:
    sellers = AuthorizedSellers({})
    codes = sellers.brands(pl.Series(["gucci", None], dtype=pl.String))
    assert codes.tolist() == [-1, -1]
    assert not sellers.authorized(codes, pl.Series(["s-1", "s-2"])).any()


def test_positions_of_names_folded_when_not_found_as_written() -> None:
    positions = Positions(["eur", "usd"])
    values = pl.Series(["usd", "EUR", None, "gbp", "Usd"])
    assert positions(values).tolist() == [1, -1, -1, -1, -1]
    folded = positions(values, lambda texts: texts.str.to_lowercase())
    assert folded.tolist() == [1, 0, -1, -1, 1]
    assert Positions([])(values).tolist() == [-1] * 5
    assert np.asarray(positions(pl.Series([], dtype=pl.String))).size == 0
