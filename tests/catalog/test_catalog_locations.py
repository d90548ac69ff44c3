"""Field paths render as people write them; a missing field is placed at its nearest parent."""

from __future__ import annotations

import pytest

from truemark.catalog.locations import FieldPath, Locations, render_path


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("brands",), "brands"),
        (("brands", 1, "products", 0, "msrp"), "brands[1].products[0].msrp"),
        (("fx_to_usd", "EUR"), "fx_to_usd.EUR"),
        (("fx_to_usd", "E U"), "fx_to_usd['E U']"),
        ((0, "id"), "[0].id"),
    ],
)
def test_render_path(path: FieldPath, text: str) -> None:
    assert render_path(path) == text


def test_a_path_without_a_line_uses_its_nearest_parent() -> None:
    locations = Locations({("brands",): 3, ("brands", 0): 4})
    assert locations.line(("brands", 0, "products", 2, "msrp")) == 4
    assert locations.where(("brands", 0)) == "line 4"
    assert locations.line(("version",)) is None
    assert Locations().where(("brands",)) is None
