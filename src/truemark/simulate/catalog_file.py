"""The simulated catalog file (spec/DATA.md §1): marks, products, photos, authorized sellers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from ruamel.yaml import YAML

from truemark.simulate.sellers import AUTHORIZED
from truemark.simulate.world import World


def catalog_document(world: World) -> dict[str, Any]:
    """The catalog as plain data, image paths relative to the catalog file."""
    sellers = world.sellers
    photo_paths = np.array(world.references.paths, dtype=object)
    brands = []
    product = 0
    for index, brand in enumerate(world.brands):
        authorized = sellers.ids.filter(
            (sellers.role == AUTHORIZED) & (sellers.brand == index)
        ).sort()
        products = []
        for item in brand.products:
            products.append(
                {
                    "sku": item.sku,
                    "name": item.name,
                    "category": item.category,
                    "msrp": item.msrp,
                    "currency": item.currency,
                    "images": [str(p) for p in photo_paths[world.references.owner == product]],
                }
            )
            product += 1
        brands.append(
            {
                "id": brand.id,
                "name": brand.name,
                "owner": brand.owner,
                "aliases": list(brand.aliases) + list(brand.abbreviations),
                "trademarks": [dict(t) for t in brand.trademarks],
                "authorized_sellers": authorized.to_list(),
                "products": products,
            }
        )
    return {"version": 1, "fx_to_usd": dict(world.fx), "brands": brands}


def write_catalog(world: World, path: Path) -> None:
    """Write ``catalog.yaml``."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            "# Simulated catalog from `truemark simulate` (trademark numbers are illustrative).\n"
        )
        yaml.dump(catalog_document(world), handle)
