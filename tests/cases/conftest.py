"""A small marketplace for workflow tests: two brand organizations, an operator, a seller
organization, six flagged listings by three sellers, and their scan results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
import pytest
from tests.brands import gucci_and_dior

from truemark.cases.access import Principal
from truemark.enforce.config import EnforcementConfig, default_config
from truemark.store import OrganizationKind, Role, Store

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


LISTINGS = pl.DataFrame(
    {
        "listing_id": ["l-1", "l-2", "l-3", "l-4", "l-5", "l-6"],
        "seller_id": ["s-1", "s-1", "s-2", "s-2", "s-3", "s-3"],
        "title": [
            "GUCCI replica bag",
            "Gucci 1:1 belt",
            "Dior saddle AAA",
            "dior copy",
            "Gucci tote",
            "plain bag",
        ],
        "price": [50.0, 20.0, 80.0, 30.0, 900.0, 10.0],
        "currency": ["USD"] * 6,
    }
)
RESULTS = pl.DataFrame(
    {
        "listing_id": ["l-1", "l-2", "l-3", "l-4", "l-5", "l-6"],
        "brand_id": ["gucci", "gucci", "dior", "dior", "gucci", None],
        "risk": [0.97, 0.6, 0.95, 0.55, 0.5, 0.01],
        "verdict": ["counterfeit", "suspect", "counterfeit", "suspect", "suspect", "clear"],
        "reasons": [
            ["text.counterfeit_cue", "price.below_msrp"],
            ["text.counterfeit_cue"],
            ["price.below_msrp"],
            ["text.brand_mention"],
            ["price.below_msrp"],
            [],
        ],
        "signals": ['{"price.ratio": 0.05}', "{}", "{}", "{}", "{}", "{}"],
    }
)


@dataclass(frozen=True)
class World:
    store: Store
    config: EnforcementConfig
    operator: Principal
    kering: Principal  # owns gucci
    lvmh: Principal  # owns dior
    seller: Principal  # runs store s-1


@pytest.fixture
def world(store: Store) -> World:
    catalog = gucci_and_dior()
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
        operator = work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        kering = work.organizations.by_slug("kering")
        lvmh = work.organizations.by_slug("lvmh")
        shop = work.organizations.get_or_create("Shop One", OrganizationKind.SELLER)
        work.strikes.attach_seller("s-1", shop.id, "s1@shop.example")
    return World(
        store=store,
        config=default_config(),
        operator=Principal(operator.id, OrganizationKind.OPERATOR, Role.REVIEWER, "user:op"),
        kering=Principal(kering.id, OrganizationKind.BRAND, Role.REVIEWER, "user:kering"),
        lvmh=Principal(lvmh.id, OrganizationKind.BRAND, Role.REVIEWER, "user:lvmh"),
        seller=Principal(shop.id, OrganizationKind.SELLER, Role.ADMIN, "user:shop"),
    )


@pytest.fixture
def imported(world: World) -> World:
    """The world with the scan results imported at T0."""
    from truemark.cases.importing import import_results

    with world.store.unit_of_work() as work:
        import_results(work, world.operator, RESULTS, LISTINGS, world.config, T0)
    return world


@pytest.fixture
def scan() -> tuple[pl.DataFrame, pl.DataFrame]:
    """(results, listings) of the scan."""
    return RESULTS, LISTINGS


@pytest.fixture
def t0() -> datetime:
    """When the scan was imported."""
    return T0
