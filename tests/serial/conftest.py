"""Fixtures for serial tests: a catalog with a photo imported into a migrated store, a vault."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from truemark.catalog import Brand, Catalog, Product
from truemark.serial.keys import KeyVault
from truemark.store import Store

BAG = "443497-DTDIT-1000"


def _photo(path: Path) -> Path:
    rng = np.random.default_rng(5)
    pixels = np.kron(
        rng.integers(0, 256, (6, 6, 3), dtype=np.uint8), np.ones((16, 16, 1), np.uint8)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(path)
    return path


def _product(sku: str, name: str, images: tuple[Path, ...] = ()) -> Product:
    return Product(
        sku=sku, name=name, category="handbags", msrp=100.0, currency="USD", msrp_usd=100.0,
        images=images,
    )  # fmt: skip


@pytest.fixture
def vault() -> KeyVault:
    return KeyVault("test-secret")


@pytest.fixture
def serial_store(store: Store, tmp_path: Path) -> Store:
    """Gucci (a bag with a photo, a belt; seller s-1 authorized) and Dior, imported."""
    gucci = Brand(
        id="gucci", name="Gucci", owner="Kering", aliases=(), trademarks=(),
        authorized_sellers=frozenset({"s-1"}),
        products=(
            _product(BAG, "GG Marmont bag", (_photo(tmp_path / "images" / "bag.png"),)),
            _product("GG-BELT", "GG belt"),
        ),
    )  # fmt: skip
    dior = Brand(
        id="dior", name="Dior", owner="LVMH", aliases=(), trademarks=(),
        authorized_sellers=frozenset(), products=(_product("CD-1", "Saddle bag"),),
    )  # fmt: skip
    catalog = Catalog(version=1, fx_to_usd={"USD": 1.0}, brands=(gucci, dior), source=None)
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
    return store
