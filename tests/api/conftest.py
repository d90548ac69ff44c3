"""A marketplace behind the HTTP API: operator, two brand organizations (Kering: gucci;
LVMH: dior), a seller organization running s-1, an API key each, and scan results imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from tests.brands import gucci_and_dior

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.store import OrganizationKind, Role, Store

SCAN = {
    "results": [
        {
            "listing_id": "l-1",
            "brand_id": "gucci",
            "risk": 0.97,
            "verdict": "counterfeit",
            "reasons": ["text.counterfeit_cue"],
            "signals": {"price.ratio": 0.05},
        },
        {
            "listing_id": "l-2",
            "brand_id": "gucci",
            "risk": 0.6,
            "verdict": "suspect",
            "reasons": ["text.counterfeit_cue"],
        },
        {
            "listing_id": "l-3",
            "brand_id": "dior",
            "risk": 0.7,
            "verdict": "suspect",
            "reasons": ["price.below_msrp"],
        },
        {"listing_id": "l-4", "brand_id": "dior", "risk": 0.5, "verdict": "suspect", "reasons": []},
        {
            "listing_id": "l-5",
            "brand_id": "gucci",
            "risk": 0.55,
            "verdict": "suspect",
            "reasons": [],
        },
    ],
    "listings": [
        {
            "listing_id": "l-1",
            "seller_id": "s-1",
            "title": "GUCCI replica",
            "price": 50,
            "currency": "USD",
        },
        {
            "listing_id": "l-2",
            "seller_id": "s-1",
            "title": "Gucci 1:1 belt",
            "price": 20,
            "currency": "USD",
        },
        {
            "listing_id": "l-3",
            "seller_id": "s-2",
            "title": "Dior saddle AAA",
            "price": 80,
            "currency": "USD",
        },
        {
            "listing_id": "l-4",
            "seller_id": "s-2",
            "title": "dior copy",
            "price": 30,
            "currency": "USD",
        },
        {
            "listing_id": "l-5",
            "seller_id": "s-3",
            "title": "Gucci tote",
            "price": 900,
            "currency": "USD",
        },
    ],
}


@dataclass
class Http:
    client: TestClient
    store: Store
    orgs: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # name -> secret
    key_ids: dict[str, int] = field(default_factory=dict)

    def as_(self, who: str) -> dict[str, str]:
        """Headers carrying the API key of ``who``."""
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def cases(self, who: str = "operator", **params: object) -> dict[str, int]:
        """listing id -> case id of the cases ``who`` sees."""
        page = self.client.get(
            "/cases", params={"limit": 500, **params}, headers=self.as_(who)
        ).json()
        return {case["listing_id"]: case["id"] for case in page["items"]}


@pytest.fixture
def http(store: Store, migrated_database_url: str) -> Http:
    catalog = gucci_and_dior()
    world = Http(
        TestClient(
            create_app(Settings(database_url=migrated_database_url, demo=True), store=store)
        ),
        store,
    )
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
        operator = work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        shop = work.organizations.get_or_create("Shop One", OrganizationKind.SELLER)
        work.strikes.attach_seller("s-1", shop.id, "s1@shop.example")
        world.orgs = {
            "operator": operator.id,
            "kering": work.organizations.by_slug("kering").id,
            "lvmh": work.organizations.by_slug("lvmh").id,
            "shop": shop.id,
        }
        for name, org, role in [
            ("operator", "operator", Role.ADMIN),
            ("kering", "kering", Role.REVIEWER),
            ("kering_admin", "kering", Role.ADMIN),
            ("lvmh", "lvmh", Role.REVIEWER),
            ("lvmh_admin", "lvmh", Role.ADMIN),
            ("shop", "shop", Role.ADMIN),
            ("kering_viewer", "kering", Role.READ_ONLY),
        ]:
            issued = work.api_keys.issue(world.orgs[org], name, role)
            world.keys[name], world.key_ids[name] = issued.secret, issued.key.id
    imported = world.client.post("/cases/import", json=SCAN, headers=world.as_("operator"))
    assert imported.status_code == 201, imported.text
    return world
