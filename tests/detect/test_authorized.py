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
    folding = Positions(["eur", "usd"], lambda texts: texts.str.to_lowercase())
    assert folding(values).tolist() == [1, 0, -1, -1, 1]
    assert Positions([])(values).tolist() == [-1] * 5
    assert np.asarray(positions(pl.Series([], dtype=pl.String))).size == 0


def test_values_found_folded_are_learnt_and_found_alike_after() -> None:
    """A value found only folded (or not at all) joins the enum with its fold's position; a
    learnt value is no name to a fold that gives it ("Eur" folds to "eur", never to "Eur")."""
    folding = Positions(["eur", "usd"], lambda texts: texts.str.to_lowercase())
    values = pl.Series(["Usd", "gbp", "EUR", None, "Usd", "gbp", "usd"])
    first = folding(values).tolist()
    assert first == [1, -1, 0, -1, 1, -1, 1]
    assert folding._learnt == ["Usd", "gbp", "EUR"]
    assert folding(values).tolist() == first  # now found in the one cast: nothing more learnt
    assert folding._learnt == ["Usd", "gbp", "EUR"]
    assert folding(pl.Series(["GBP", "eUr"])).tolist() == [-1, 0]
    assert folding._learnt == ["Usd", "gbp", "EUR", "GBP", "eUr"]
    upper = Positions(["EUR"], lambda texts: texts.str.to_uppercase())
    assert upper(pl.Series(["eur", "Eur"])).tolist() == [0, 0]
    assert upper(pl.Series(["EUR", "eur", "x"])).tolist() == [0, 0, -1]


def test_learning_stops_at_its_bound() -> None:
    folding = Positions(["a"], lambda texts: texts.str.to_lowercase())
    folding.LEARNT = 3
    assert folding(pl.Series(["A", "B"])).tolist() == [0, -1]
    assert folding._learnt == ["A", "B"]
    assert folding(pl.Series(["A", "C", "D", "B", "E"])).tolist() == [0, -1, -1, -1, -1]
    assert folding._learnt == ["A", "B", "C"]  # the first met, as far as the bound
    assert folding(pl.Series(["D", "E", "C", "a"])).tolist() == [-1, -1, -1, 0]
    assert folding._learnt == ["A", "B", "C"]
