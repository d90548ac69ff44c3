"""Tenancy of catalog rows: brands go to their owner's organization; reads see only their scope."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from truemark.catalog import Catalog
from truemark.errors import NotFoundError
from truemark.store import (
    BrandRecord,
    OrganizationKind,
    OrganizationRecord,
    Scope,
    Store,
    session_scope,
)
from truemark.store.models import Product


def _import(store: Store, catalog: Catalog, organization: str | None = None) -> None:
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog, organization)


def _organization(store: Store, slug: str) -> OrganizationRecord:
    with store.unit_of_work() as work:
        return work.organizations.by_slug(slug)


def _brand(store: Store, slug: str) -> BrandRecord:
    with store.unit_of_work() as work:
        return work.catalog.brand(Scope.everything(), slug)


def test_each_owner_becomes_a_brand_organization(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)

    with store.unit_of_work() as work:
        organizations = work.organizations.list(OrganizationKind.BRAND)
        brands = {b.slug: b.organization_id for b in work.catalog.brands(Scope.everything())}

    assert [(o.slug, o.name) for o in organizations] == [("kering", "Kering"), ("lvmh", "LVMH")]
    by_slug = {o.slug: o.id for o in organizations}
    assert brands == {"gucci": by_slug["kering"], "dior": by_slug["lvmh"]}


def test_a_scope_sees_only_its_own_brands_and_what_they_own(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    kering = Scope.of(_organization(store, "kering").id)

    with store.unit_of_work() as work:
        assert [b.slug for b in work.catalog.brands(kering)] == ["gucci"]
        assert {p.brand_slug for p in work.catalog.products(kering)} == {"gucci"}
        assert {i.brand_slug for i in work.catalog.reference_images(kering)} == {"gucci"}
        assert {t.brand_slug for t in work.catalog.trademarks(kering)} == {"gucci"}
        assert work.catalog.products(kering, "dior") == []


def test_another_organizations_brand_is_not_found(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    kering = Scope.of(_organization(store, "kering").id)

    with pytest.raises(NotFoundError), store.unit_of_work() as work:
        work.catalog.brand(kering, "dior")
    with pytest.raises(NotFoundError), store.unit_of_work() as work:
        work.catalog.authorized_sellers(kering, "dior")


def test_one_organization_can_be_named_for_every_brand(store: Store, catalog: Catalog) -> None:
    _import(store, catalog, organization="Luxury Alliance")
    alliance = _organization(store, "luxury-alliance")

    with store.unit_of_work() as work:
        brands = work.catalog.brands(Scope.of(alliance.id))

    assert alliance.kind is OrganizationKind.BRAND
    assert [b.slug for b in brands] == ["dior", "gucci"]
    assert [b.owner for b in brands] == ["LVMH", "Kering"]


def test_a_new_owner_takes_the_brand_and_everything_it_owns(store: Store, catalog: Catalog) -> None:
    _import(store, catalog)
    sold = replace(catalog.brand("gucci"), owner="New Owner")

    _import(store, replace(catalog, brands=(sold,)))

    new_owner = Scope.of(_organization(store, "new-owner").id)
    kering = Scope.of(_organization(store, "kering").id)
    with store.unit_of_work() as work:
        assert [b.slug for b in work.catalog.brands(new_owner)] == ["gucci"]
        assert len(work.catalog.products(new_owner)) == 2
        assert len(work.catalog.reference_images(new_owner)) == 3
        assert len(work.catalog.trademarks(new_owner)) == 2
        assert work.catalog.authorized_sellers(new_owner, "gucci") == {"s-000123", "s-000124"}
        assert work.catalog.brands(kering) == []
        assert work.catalog.products(kering) == []


def test_the_database_refuses_a_product_of_another_organization(
    store: Store, catalog: Catalog
) -> None:
    _import(store, catalog)
    gucci = _brand(store, "gucci")
    lvmh = _organization(store, "lvmh")
    stray = Product(
        organization_id=lvmh.id,
        brand_id=gucci.id,
        sku="STRAY",
        name="stray",
        category="handbags",
        msrp=Decimal(1),
        currency="USD",
    )

    with pytest.raises(IntegrityError), session_scope(store.engine) as session:
        session.add(stray)
