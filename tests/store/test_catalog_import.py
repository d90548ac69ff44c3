"""Importing a catalog: an idempotent upsert of brands, marks, products, photos and sellers."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from truemark.catalog import Catalog
from truemark.io.images import pdq_hash_file
from truemark.store import CatalogImportReport, Scope, Store, TableCounts


def _import(store: Store, catalog: Catalog, organization: str | None = None) -> CatalogImportReport:
    with store.unit_of_work() as work:
        return work.catalog.import_catalog(catalog, organization)


def test_a_first_import_inserts_everything(store: Store, catalog: Catalog) -> None:
    report = _import(store, catalog)

    assert report.tables == {
        "brands": TableCounts(inserted=2),
        "trademarks": TableCounts(inserted=3),
        "authorized_sellers": TableCounts(inserted=3),
        "products": TableCounts(inserted=3),
        "brand_reference_images": TableCounts(inserted=3),
    }
    assert report.skipped_images == ()


def test_importing_the_same_catalog_again_changes_nothing(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    with store.unit_of_work() as work:
        before = work.catalog.products(Scope.everything())

    again = _import(store, catalog)

    assert not again.changed
    assert again.tables["products"] == TableCounts(unchanged=3)
    with store.unit_of_work() as work:
        assert work.catalog.products(Scope.everything()) == before


def test_a_changed_msrp_updates_only_that_product(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    gucci = catalog.brand("gucci")
    bag, belt = gucci.products
    repriced = replace(gucci, products=(replace(bag, msrp=2490.0), belt))
    changed = replace(catalog, brands=(repriced, catalog.brand("dior")))

    report = _import(store, changed)

    assert report.tables["products"] == TableCounts(updated=1, unchanged=2)
    assert report.tables["brands"] == TableCounts(unchanged=2)
    with store.unit_of_work() as work:
        products = {p.sku: p for p in work.catalog.products(Scope.everything(), "gucci")}
    assert products[bag.sku].msrp == Decimal("2490")
    assert products[belt.sku].msrp == Decimal("450.5")
    assert products[belt.sku].currency == "EUR"


def test_what_left_the_catalog_leaves_the_store(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    gucci = catalog.brand("gucci")
    smaller = replace(
        gucci,
        products=gucci.products[:1],
        authorized_sellers=frozenset({"s-000123"}),
        trademarks=gucci.trademarks[:1],
    )

    report = _import(store, replace(catalog, brands=(smaller,)))

    assert report.tables["products"] == TableCounts(deleted=1, unchanged=1)
    assert report.tables["brand_reference_images"] == TableCounts(deleted=1, unchanged=2)
    assert report.tables["authorized_sellers"] == TableCounts(deleted=1, unchanged=1)
    assert report.tables["trademarks"] == TableCounts(deleted=1, unchanged=1)
    with store.unit_of_work() as work:
        everything = Scope.everything()
        assert [i.sku for i in work.catalog.reference_images(everything, "gucci")] == [
            gucci.products[0].sku
        ] * 2
        assert work.catalog.authorized_sellers(everything, "gucci") == {"s-000123"}
        assert [b.slug for b in work.catalog.brands(everything)] == ["dior", "gucci"]


def test_reference_photos_are_stored_with_their_pdq_hash(
    store: Store, catalog: Catalog, photos: list[Path]
) -> None:
    _import(store, catalog)

    with store.unit_of_work() as work:
        images = {i.path: i for i in work.catalog.reference_images(Scope.everything())}

    assert set(images) == {str(path) for path in photos}
    for path in photos:
        expected_hash, expected_quality = pdq_hash_file(path)
        assert images[str(path)].pdq_hash == expected_hash
        assert images[str(path)].quality == expected_quality


def test_a_changed_photo_is_hashed_again(
    store: Store, catalog: Catalog, photos: list[Path]
) -> None:
    _import(store, catalog)
    photos[2].write_bytes(photos[0].read_bytes())

    report = _import(store, catalog)

    assert report.tables["brand_reference_images"] == TableCounts(updated=1, unchanged=2)
    with store.unit_of_work() as work:
        images = {i.path: i for i in work.catalog.reference_images(Scope.everything())}
    assert images[str(photos[2])].pdq_hash == images[str(photos[0])].pdq_hash


def test_missing_or_unreadable_photos_are_skipped_and_reported(
    store: Store, catalog: Catalog, photos: list[Path], tmp_path: Path
) -> None:
    photos[1].unlink()
    not_an_image = tmp_path / "images" / "notes.png"
    not_an_image.write_text("this is not a picture")
    gucci = catalog.brand("gucci")
    bag, belt = gucci.products
    broken = replace(gucci, products=(bag, replace(belt, images=(*belt.images, not_an_image))))

    report = _import(store, replace(catalog, brands=(broken,)))

    assert report.tables["brand_reference_images"] == TableCounts(inserted=2)
    skipped = {problem.file: problem for problem in report.skipped_images}
    assert set(skipped) == {str(photos[1]), str(not_an_image)}
    assert "not found" in skipped[str(photos[1])].message
    assert skipped[str(photos[1])].where == f"brand gucci, product {bag.sku}"


def test_a_photo_that_went_missing_keeps_its_stored_hash(
    store: Store, catalog: Catalog, photos: list[Path]
) -> None:
    _import(store, catalog)
    photos[0].unlink()

    report = _import(store, catalog)

    assert report.tables["brand_reference_images"] == TableCounts(unchanged=2)
    assert [problem.file for problem in report.skipped_images] == [str(photos[0])]
