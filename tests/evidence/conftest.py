"""A racket on a small marketplace: three linked seller accounts (shared phone and payout
account) and one unrelated, their listings (one reusing the brand's own product photo), the
scan results imported as cases, the network found by ``find_networks`` and imported, an
operator, the brand's organization and two law-enforcement liaisons.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import orjson
import polars as pl
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from truemark.api.app import create_app
from truemark.cases.access import Principal
from truemark.cases.importing import import_results
from truemark.cases.networks import import_networks
from truemark.catalog import load_catalog
from truemark.cli import main
from truemark.config import Settings, get_settings
from truemark.enforce.config import default_config
from truemark.networks.pipeline import NetworkOptions, find_networks
from truemark.store import OrganizationKind, Role, Store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SECRET = "evidence-tests-secret"
CATALOG = Path(__file__).parents[1] / "data" / "catalog" / "catalog.yaml"
REFERENCE_PHOTO = CATALOG.parent / "images" / "aurelia" / "AUR-100-1.jpg"

SELLERS = [
    {
        "seller_id": "s-1",
        "store_name": "Lux Outlet 88",
        "country": "CN",
        "phone": "+86 138 0013 8000",
        "payment_account": "6222020200112233",
        "email": "lux88@mail.example",
        "device_id": "dev-a1",
    },
    {
        "seller_id": "s-2",
        "store_name": "Best Bags Direct",
        "country": "CN",
        "phone": "+86 138 0013 8000",
        "payment_account": "6222020200112233",
        "email": "bbd@mail.example",
        "device_id": "dev-b2",
    },
    {
        "seller_id": "s-3",
        "store_name": "Factory Style",
        "country": "CN",
        "phone": "+86 139 5555 0101",
        "payment_account": "6222020200112233",
        "email": "fs@mail.example",
        "device_id": "dev-b2",
    },
    {
        "seller_id": "s-9",
        "store_name": "Honest Goods",
        "country": "FR",
        "phone": "+33 1 23 45 67 89",
        "payment_account": "FR7630006000011234567890189",
        "email": "honest@mail.example",
        "device_id": "dev-z9",
    },
]
LISTINGS = [
    (
        "l-1",
        "s-1",
        "Aurelia Lune shoulder bag 1:1 mirror quality",
        45.0,
        "USD",
        "CN-GD-Guangzhou",
        120,
        "reference",
    ),
    ("l-2", "s-2", "AURELlA Lune bag replica", 39.0, "EUR", "CN-GD-Shenzhen", 80, "noise-2"),
    ("l-3", "s-3", "Lune style bag AAA", 12.0, "USD", "CN-ZJ-Yiwu", 300, "noise-3"),
    ("l-9", "s-9", "Leather shoulder bag", 180.0, "EUR", "FR-IDF-Paris", 4, "noise-9"),
]


@dataclass
class Racket:
    store: Store
    folder: Path
    listings: Path
    operator: Principal
    brand: Principal
    liaison: Principal
    other_liaison: Principal
    network_id: str
    orgs: dict[str, int]


def _photo(path: Path, kind: str, seed: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "reference":
        shutil.copyfile(REFERENCE_PHOTO, path)
    else:
        pixels = np.random.default_rng(seed).integers(0, 255, (96, 96, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(path)
    return path.name


def _write_listings(folder: Path) -> Path:
    rows = []
    for number, (listing, seller, title, price, currency, ship, sold, photo) in enumerate(LISTINGS):
        image = f"photos/{listing}.jpg" if photo == "reference" else f"photos/{listing}.png"
        _photo(folder / image, photo, number)
        rows.append(
            {
                "listing_id": listing,
                "seller_id": seller,
                "title": title,
                "price": price,
                "currency": currency,
                "ship_from": ship,
                "quantity_sold": sold,
                "images": [image],
                "created_at": "2026-02-01T10:00:00Z",
            }
        )
    path = folder / "listings.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(row) for row in rows) + b"\n")
    return path


def _principal(
    org_id: int, kind: OrganizationKind, actor: str, role: Role = Role.ADMIN
) -> Principal:
    return Principal(org_id, kind, role, actor)


@pytest.fixture
def racket(store: Store, tmp_path: Path) -> Racket:
    catalog = load_catalog(CATALOG)
    listings_path = _write_listings(tmp_path)
    listing_frame = pl.read_ndjson(listings_path)
    sellers = pl.DataFrame(SELLERS)
    findings = find_networks(sellers, options=NetworkOptions(fuzzy=None))
    results = pl.DataFrame(
        {
            "listing_id": ["l-1", "l-2", "l-3"],
            "brand_id": ["aurelia"] * 3,
            "risk": [0.97, 0.9, 0.7],
            "verdict": ["counterfeit", "counterfeit", "suspect"],
            "reasons": [["image.reference_reuse"], ["text.counterfeit_cue"], ["price.below_msrp"]],
        }
    )
    system = Principal.system("test:setup")
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
        work.sellers.upsert_batch(pa.Table.from_pylist(SELLERS))
        import_networks(work, system, findings.members, findings.links)
        import_results(work, system, results, listing_frame, default_config(), T0)
        operator = work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        police = work.organizations.get_or_create("Guangdong PSB", OrganizationKind.LAW_ENFORCEMENT)
        other = work.organizations.get_or_create("Other Police", OrganizationKind.LAW_ENFORCEMENT)
        brand = work.organizations.by_slug("aurelia-maison-sa")
        network_id = work.networks.of_sellers(["s-1"])["s-1"]
    return Racket(
        store=store,
        folder=tmp_path,
        listings=listings_path,
        operator=_principal(operator.id, OrganizationKind.OPERATOR, "user:ops@market.example"),
        brand=_principal(brand.id, OrganizationKind.BRAND, "user:legal@aurelia.example"),
        liaison=_principal(
            police.id, OrganizationKind.LAW_ENFORCEMENT, "user:liaison@gdpsb.example"
        ),
        other_liaison=_principal(
            other.id, OrganizationKind.LAW_ENFORCEMENT, "user:desk@other.example"
        ),
        network_id=network_id,
        orgs={"operator": operator.id, "brand": brand.id, "police": police.id, "other": other.id},
    )


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    migrated_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """``truemark ARGS`` on the test database: (exit code, stdout, stderr), whitespace folded."""
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("TRUEMARK_SECRET_KEY", SECRET)
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["truemark", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        out, err = (" ".join(text.split()) for text in (captured.out, captured.err))
        return (code if isinstance(code, int) else 0 if code is None else 1), out, err

    yield invoke
    get_settings.cache_clear()


@dataclass
class Http:
    client: TestClient
    keys: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


@pytest.fixture
def http(racket: Racket, migrated_database_url: str) -> Http:
    """The API on the racket's database, with an API key for each organization."""
    settings = Settings(database_url=migrated_database_url, secret_key=SECRET)
    client = TestClient(create_app(settings, store=racket.store))
    keys = {}
    with racket.store.unit_of_work() as work:
        for name, org, role in [
            ("operator", "operator", Role.ADMIN),
            ("brand", "brand", Role.ADMIN),
            ("police", "police", Role.REVIEWER),
            ("police_viewer", "police", Role.READ_ONLY),
            ("other_police", "other", Role.ADMIN),
        ]:
            keys[name] = work.api_keys.issue(racket.orgs[org], name, role).secret
    return Http(client, keys)
