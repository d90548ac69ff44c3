"""A small marketplace for the console's browser tests, built with the services (not the
demo): an operator, two brand organizations (Kering: gucci; LVMH: dior), a law-enforcement
liaison, five flagged listings, one seller network, and a user per organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from PIL import Image, ImageDraw
from tests.brands import gucci_and_dior

from truemark.cases.access import Principal
from truemark.cases.accounts import principal_of_user
from truemark.cases.importing import import_results
from truemark.cases.networks import import_networks
from truemark.enforce.config import default_config
from truemark.store import OrganizationKind, Role, Store

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PASSWORD = "console-test-pass"
USERS = {
    "operator": ("operator@console.test", "Marketplace Trust & Safety", OrganizationKind.OPERATOR),
    "kering": ("brand-kering@console.test", "kering", OrganizationKind.BRAND),
    "lvmh": ("brand-lvmh@console.test", "lvmh", OrganizationKind.BRAND),
    "liaison": ("liaison@console.test", "City Police Liaison", OrganizationKind.LAW_ENFORCEMENT),
}


LISTINGS = pl.DataFrame(
    {
        "listing_id": ["l-1", "l-2", "l-3", "l-4", "l-5"],
        "seller_id": ["s-1", "s-1", "s-2", "s-2", "s-3"],
        "title": [
            "GUCCI replica bag",
            "Gucci 1:1 belt AAA",
            "Dior saddle AAA",
            "dior copy wallet",
            "Gucci tote mirror quality",
        ],
        "price": [50.0, 20.0, 80.0, 30.0, 90.0],
        "currency": ["USD"] * 5,
        "ship_from": ["CN", "CN", "HK", "HK", "TR"],
        "images": [["photos/l-1.png"], [], [], [], []],
    }
)
RESULTS = pl.DataFrame(
    {
        "listing_id": ["l-1", "l-2", "l-3", "l-4", "l-5"],
        "brand_id": ["gucci", "gucci", "dior", "dior", "gucci"],
        "risk": [0.8, 0.7, 0.85, 0.55, 0.6],
        "verdict": ["suspect"] * 5,
        "reasons": [
            ["text.counterfeit_cue", "price.below_msrp"],
            ["text.counterfeit_cue"],
            ["price.below_msrp"],
            ["text.brand_mention"],
            ["price.below_msrp"],
        ],
        "signals": [
            '{"price.ratio": 0.05, "image.ref_sku": "gucci-1", "image.ref_distance": 6}',
            '{"price.usd": 20.0, "price.ref_msrp_usd": 800.0, "price.ref_kind": "product", '
            '"price.sku": "gucci-2", "price.ratio": 0.025}',
            "{}",
            "{}",
            '{"text.cue_terms": ["mirror quality"], "text.cue_source": "intel:kering:0123abcd"}',
        ],
    }
)
MEMBERS = pl.DataFrame(
    {
        "network_id": ["n-1", "n-1", "n-1"],
        "seller_id": ["s-1", "s-2", "s-3"],
        "network_size": [3, 3, 3],
        "network_risk": [0.92, 0.92, 0.92],
        "network_flagged_listings": [5, 5, 5],
        "network_flagged_sales_usd": [4200.0, 4200.0, 4200.0],
        "network_test_buy_fakes": [2, 2, 2],
        "network_intel": [["intel:kering:4f2a9c"]] * 3,
        "links": [["phone"], ["phone", "payment_account"], ["payment_account"]],
    }
)
LINKS = pl.DataFrame(
    {
        "network_id": ["n-1", "n-1"],
        "seller_a": ["s-1", "s-2"],
        "seller_b": ["s-2", "s-3"],
        "bits": [12.0, 18.0],
        "attributes": [["phone"], ["payment_account"]],
        "values": [["+86 555 0101"], ["acct-77"]],
    }
)


@dataclass(frozen=True)
class ConsoleWorld:
    store: Store
    emails: dict[str, str]
    operator: Principal
    data_dir: Path  # the app's settings.data_dir (evaluation reports, public reports)


def _photos(data_dir: Path) -> Path:
    """The Gucci bag's reference photo, and listing l-1's copy of it (brighter, re-saved)."""
    bag = Image.new("RGB", (160, 120), (240, 235, 220))
    ImageDraw.Draw(bag).rectangle((30, 30, 130, 100), fill=(120, 70, 30))
    reference = data_dir / "catalog" / "gucci-1.png"
    for path, image in (
        (reference, bag),
        (data_dir / "photos" / "l-1.png", bag.point(lambda v: min(255, v + 12))),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
    return reference


def build_world(store: Store, data_dir: Path) -> ConsoleWorld:
    """Fill an empty migrated store with the marketplace above."""
    reference = _photos(data_dir)
    catalog = gucci_and_dior((reference,))
    emails = {}
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
        for who, (email, org_name, kind) in USERS.items():
            org = (
                work.organizations.by_slug(org_name)
                if kind is OrganizationKind.BRAND
                else work.organizations.get_or_create(org_name, kind)
            )
            role = Role.ADMIN if who == "operator" else Role.REVIEWER
            user = work.users.create(org.id, email, PASSWORD, role)
            emails[who] = email
            if who == "operator":
                operator = principal_of_user(user, org)
        import_networks(work, operator, MEMBERS, LINKS)
        import_results(work, operator, RESULTS, LISTINGS, default_config(), T0)
    return ConsoleWorld(store, emails, operator, data_dir)
