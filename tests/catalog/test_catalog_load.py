"""The example catalog loads into the model of CATALOG_API.md: prices in USD, images resolved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.catalog import Catalog, load_catalog, summarize
from truemark.errors import Problem

WriteCatalog = Callable[..., Path]
ProblemsOf = Callable[[Path], list[Problem]]
OnlyProblem = Callable[[Path], Problem]
DATA = Path(__file__).parent.parent / "data" / "catalog"


@pytest.fixture(scope="module")
def example() -> Catalog:
    return load_catalog(DATA / "catalog.yaml")


def test_example_catalog_has_three_brands_and_their_products(example: Catalog) -> None:
    assert [brand.id for brand in example.brands] == ["aurelia", "northpeak", "kiyomi"]
    assert example.version == 1
    assert example.source == (DATA / "catalog.yaml").resolve()
    summary = summarize(example)
    assert (summary.brands, summary.products, summary.trademarks) == (3, 6, 4)
    assert summary.currencies == ("EUR", "GBP", "JPY", "USD")


def test_brand_fields_are_read(example: Catalog) -> None:
    aurelia = example.brand("aurelia")
    assert aurelia.name == "Aurelia"
    assert aurelia.owner == "Aurelia Maison SA"
    assert aurelia.aliases == ("Aurelia Paris", "AURELlA")
    assert aurelia.marks() == ("Aurelia", "Aurelia Paris", "AURELlA")
    assert aurelia.authorized_sellers == frozenset({"s-000101", "s-000102"})
    assert aurelia.trademarks[0].number == "018234567"
    assert aurelia.trademarks[0].office == "EUIPO"
    assert aurelia.trademarks[0].classes == (18, 25)


def test_msrp_is_converted_to_usd_with_the_fx_table(example: Catalog) -> None:
    bag = example.brand("aurelia").products[0]
    assert (bag.sku, bag.msrp, bag.currency) == ("AUR-100", 1890.0, "EUR")
    assert bag.msrp_usd == pytest.approx(1890.0 * 1.08)
    watch = example.brand("kiyomi").products[0]
    assert watch.msrp_usd == pytest.approx(68000 * 0.0067)
    jacket = example.brand("northpeak").products[0]
    assert jacket.msrp_usd == jacket.msrp == 329.99


def test_fx_table_always_has_usd_and_converts(example: Catalog) -> None:
    assert example.fx_to_usd["USD"] == 1.0
    assert example.to_usd(100, "EUR") == pytest.approx(108.0)
    assert example.to_usd(100, "eur") == pytest.approx(108.0)
    assert example.knows_currency("GBP")
    assert example.knows_currency("usd")
    assert not example.knows_currency("CHF")
    with pytest.raises(KeyError):
        example.to_usd(1, "CHF")


def test_unknown_brand_is_a_key_error(example: Catalog) -> None:
    with pytest.raises(KeyError):
        example.brand("nope")


def test_images_are_absolute_paths_beside_the_catalog(example: Catalog) -> None:
    (image,) = example.brand("aurelia").products[0].images
    assert image.is_absolute()
    assert image == (DATA / "images" / "aurelia" / "AUR-100-1.jpg").resolve()
    assert image.is_file()
    assert example.brand("aurelia").products[1].images == ()


def test_model_is_frozen(example: Catalog) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.brands[0].name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        example.fx_to_usd["EUR"] = 2.0  # type: ignore[index]
    assert hash(example.brands[0].products[0])  # products and brands can go in sets


def test_products_iterates_every_product_with_its_brand(example: Catalog) -> None:
    pairs = [(brand.id, product.sku) for brand, product in example.products()]
    assert pairs[0] == ("aurelia", "AUR-100")
    assert len(pairs) == 6


def test_unknown_fields_are_kept_not_rejected(write_catalog: WriteCatalog) -> None:
    path = write_catalog(
        """
        version: 1
        region: EU
        brands:
          - id: acme
            name: Acme
            tier: gold
            trademarks: [{number: "1", office: USPTO, classes: [9], status: live}]
            products:
              - {sku: A1, name: Anvil, category: tools, msrp: 10, currency: USD, weight_kg: 50}
        """
    )
    catalog = load_catalog(path)
    acme = catalog.brand("acme")
    assert catalog.extra == {"region": "EU"}
    assert acme.extra == {"tier": "gold"}
    assert acme.trademarks[0].extra == {"status": "live"}
    assert acme.products[0].extra == {"weight_kg": 50}


def test_optional_fields_have_defaults(write_catalog: WriteCatalog) -> None:
    path = write_catalog(
        """
        brands:
          - id: acme
            name: Acme
        """
    )
    catalog = load_catalog(path)
    acme = catalog.brand("acme")
    assert catalog.version == 1
    assert dict(catalog.fx_to_usd) == {"USD": 1.0}
    assert acme.owner == "Acme"  # the brand is its own rights holder unless told otherwise
    assert (acme.aliases, acme.trademarks, acme.products) == ((), (), ())
    assert acme.authorized_sellers == frozenset()


def test_currency_and_fx_codes_are_case_insensitive(write_catalog: WriteCatalog) -> None:
    path = write_catalog(
        """
        fx_to_usd: {eur: 1.1}
        brands:
          - id: acme
            name: Acme
            products: [{sku: A1, name: Anvil, category: tools, msrp: 10, currency: Eur}]
        """
    )
    product = load_catalog(path).brand("acme").products[0]
    assert product.currency == "EUR"
    assert product.msrp_usd == pytest.approx(11.0)


def test_a_catalog_without_brands_loads(write_catalog: WriteCatalog) -> None:
    assert load_catalog(write_catalog("version: 1\nbrands: []\n")).brands == ()
    assert load_catalog(write_catalog("version: 1\n")).brands == ()


def test_relative_path_is_resolved(
    write_catalog: WriteCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog("brands: []\n")
    monkeypatch.chdir(path.parent)
    assert load_catalog(Path("catalog.yaml")).source == path.resolve()


def test_an_optional_field_left_empty_counts_as_absent(write_catalog: WriteCatalog) -> None:
    path = write_catalog("brands:\n  - id: acme\n    name: Acme\n    owner:\n    aliases:\n")
    acme = load_catalog(path).brand("acme")
    assert (acme.owner, acme.aliases) == ("Acme", ())
