"""`simulate_marketplace`: write a labelled marketplace (catalog, sellers, listings, truth)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import InputError
from truemark.simulate.catalog_file import write_catalog
from truemark.simulate.hashes import to_hex_series
from truemark.simulate.ids import ListingIds
from truemark.simulate.listings import generate_batch
from truemark.simulate.sellers import default_seller_count
from truemark.simulate.world import World, build_world
from truemark.simulate.writer import ListingWriter

BATCH_ROWS = 250_000
FORMATS = ("parquet", "jsonl")


@dataclass(frozen=True)
class SimulationSummary:
    """What was written, with the headline counts."""

    out_dir: Path
    listings: int
    counterfeit: int
    sellers: int
    rackets: int
    images_rendered: int
    files: tuple[Path, ...]
    tactics: dict[str, int] = field(default_factory=dict)


def _check(listings: int, images: int, fmt: str, sellers: int | None) -> None:
    if listings < 1:
        raise InputError(f"--listings must be at least 1 (got {listings})")
    if images < 0:
        raise InputError(f"--images must be 0 or more (got {images})")
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if sellers is not None and sellers < 20:
        raise InputError(f"--sellers must be at least 20 (got {sellers})")


def _write_sellers(world: World, out_dir: Path) -> list[Path]:
    sellers_path, truth_path, fakes_path = (
        out_dir / "sellers.parquet",
        out_dir / "networks_truth.csv",
        out_dir / "known_fakes.csv",
    )
    world.sellers.table.write_parquet(sellers_path, compression="zstd")
    truth = pl.DataFrame(
        {"seller_id": world.sellers.ids, "network_id": world.sellers.network_ids()}
    )
    truth.sort("seller_id").write_csv(truth_path)
    fakes = world.fakes
    shared = np.random.default_rng([world.seed, 5]).random(len(fakes.racket)) < 0.5
    brand_ids = pl.Series([b.id for b in world.brands], dtype=pl.String)
    intel = pl.DataFrame(
        {
            "pdq": to_hex_series(fakes.hashes[shared]),
            "brand_id": brand_ids.gather(world.products.brand[fakes.product[shared]]),
        }
    )
    intel.write_csv(fakes_path)
    return [sellers_path, truth_path, fakes_path]


def simulate_marketplace(
    out_dir: Path,
    listings: int,
    seed: int,
    images: int = 200,
    fmt: str = "parquet",
    sellers: int | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> SimulationSummary:
    """Simulate a marketplace of ``listings`` listings into ``out_dir``; same seed, same bytes."""
    _check(listings, images, fmt, sellers)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None
    world = build_world(seed, out_dir, sellers or default_seller_count(listings))
    write_catalog(world, out_dir / "catalog.yaml")
    files = [out_dir / "catalog.yaml", *_write_sellers(world, out_dir)]
    ids = ListingIds(np.random.default_rng([seed, 6]))
    counterfeit, rendered, tactics = (
        0,
        0,
        pl.DataFrame(schema={"tactic": pl.String, "len": pl.UInt32}),
    )
    with ListingWriter(out_dir, fmt) as writer:
        for start in range(0, listings, BATCH_ROWS):
            size = min(BATCH_ROWS, listings - start)
            rng = np.random.default_rng([seed, 100, start // BATCH_ROWS])
            batch = generate_batch(
                rng, world, ids.for_rows(start, size), images - rendered, out_dir
            )
            writer.write(batch.listings, batch.labels, batch.tactics)
            counterfeit += int((batch.labels["label"] == "counterfeit").sum())
            rendered += int(batch.listings["images"].is_not_null().sum())
            tactics = pl.concat([tactics, batch.tactics.group_by("tactic").len()])
            if on_rows is not None:
                on_rows(size)
        files += [writer.path, out_dir / "labels.csv", out_dir / "tactics.csv"]
    counts = tactics.group_by("tactic").agg(pl.col("len").sum()).sort("tactic")
    return SimulationSummary(
        out_dir=out_dir,
        listings=listings,
        counterfeit=counterfeit,
        sellers=world.sellers.count,
        rackets=int(world.sellers.racket.max()) + 1,
        images_rendered=rendered,
        files=tuple(files),
        tactics=dict(zip(counts["tactic"].to_list(), counts["len"].to_list(), strict=True)),
    )
