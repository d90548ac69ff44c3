"""Small catalogs for workflow tests: a brand with one handbag, as the API, case and console
tests build their two-brand marketplaces from."""

from __future__ import annotations

from pathlib import Path

from truemark.catalog import Brand, Catalog, Product, Trademark


def bag_brand(slug: str, name: str, owner: str, mark: str, photos: tuple[Path, ...] = ()) -> Brand:
    """A brand owned by ``owner`` with one USPTO mark and one $1,000 handbag."""
    product = Product(
        sku=f"{slug}-1",
        name=f"{name} bag",
        category="handbags",
        msrp=1000.0,
        currency="USD",
        msrp_usd=1000.0,
        images=photos,
    )
    return Brand(
        id=slug,
        name=name,
        owner=owner,
        aliases=(),
        trademarks=(Trademark(number=mark, office="USPTO", classes=(18,)),),
        authorized_sellers=frozenset(),
        products=(product,),
    )


def gucci_and_dior(gucci_photos: tuple[Path, ...] = ()) -> Catalog:
    """A USD catalog of Gucci (Kering, mark 111) and Dior (LVMH, mark 222)."""
    brands = (
        bag_brand("gucci", "Gucci", "Kering", "111", gucci_photos),
        bag_brand("dior", "Dior", "LVMH", "222"),
    )
    return Catalog(version=1, fx_to_usd={"USD": 1.0}, source=None, brands=brands)
