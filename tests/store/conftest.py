"""Fixtures for store tests: a small two-owner catalog with real product photos on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from truemark.catalog import Brand, Catalog, Product, Trademark


def write_photo(path: Path, seed: int) -> Path:
    """A 96x96 RGB PNG whose content (and so its PDQ hash) depends on ``seed``."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)
    pixels = np.kron(blocks, np.ones((16, 16, 1), dtype=np.uint8))
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(path)
    return path


def product(sku: str, msrp: float, images: tuple[Path, ...] = (), currency: str = "USD") -> Product:
    rate = {"USD": 1.0, "EUR": 1.08}[currency]
    return Product(
        sku=sku,
        name=f"product {sku}",
        category="handbags",
        msrp=msrp,
        currency=currency,
        msrp_usd=msrp * rate,
        images=images,
    )


def catalog_of(*brands: Brand) -> Catalog:
    return Catalog(version=1, fx_to_usd={"USD": 1.0, "EUR": 1.08}, brands=brands, source=None)


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    """Three distinct product photos."""
    return [write_photo(tmp_path / "images" / f"photo-{i}.png", seed=i) for i in range(3)]


@pytest.fixture
def catalog(photos: list[Path]) -> Catalog:
    """Gucci (owner Kering: 2 products, 3 photos, 2 marks, 2 sellers) and Dior (owner LVMH)."""
    gucci = Brand(
        id="gucci",
        name="Gucci",
        owner="Kering",
        aliases=("GG", "Guccio Gucci"),
        trademarks=(
            Trademark(number="1234567", office="USPTO", classes=(18, 25)),
            Trademark(number="000121", office="EUIPO", classes=(18,)),
        ),
        authorized_sellers=frozenset({"s-000123", "s-000124"}),
        products=(
            product("443497-DTDIT-1000", 2350.0, (photos[0], photos[1])),
            product("GG-BELT-01", 450.5, (photos[2],), currency="EUR"),
        ),
    )
    dior = Brand(
        id="dior",
        name="Dior",
        owner="LVMH",
        aliases=(),
        trademarks=(Trademark(number="7654321", office="USPTO", classes=(3,)),),
        authorized_sellers=frozenset({"s-000900"}),
        products=(product("CD-SADDLE", 3900.0),),
    )
    return catalog_of(gucci, dior)
