"""`make demo`: migrate the database, simulate a marketplace, scan it, load it for the console."""

from __future__ import annotations

import json
from pathlib import Path

from truemark.config import get_settings
from truemark.terminal import console


def prepare_demo(directory: Path, *, listings: int, seed: int) -> None:
    """Bring the demo database and data folder up to date; each step is skipped when done."""
    settings = get_settings()
    _step("Migrating the database")
    from truemark.store.migrate import upgrade

    upgrade(settings.database_url)
    marketplace = _simulate(directory, listings=listings, seed=seed)
    _import_marketplace(marketplace)


def _step(text: str) -> None:
    console.print(f"[bold cyan]›[/bold cyan] {text}")


def _simulate(directory: Path, *, listings: int, seed: int) -> Path:
    """Simulate the demo marketplace unless the same one is already there."""
    from truemark.simulate import simulate_marketplace

    marker = directory / "demo.json"
    wanted = {"listings": listings, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        _step(f"Demo marketplace already in {directory}/")
        return directory
    _step(f"Simulating a marketplace of {listings:,} listings in {directory}/")
    simulate_marketplace(directory, listings=listings, seed=seed)
    marker.write_text(json.dumps(wanted))
    return directory


def _import_marketplace(directory: Path) -> None:
    """Load the catalog and the sellers into the database."""
    from truemark.store.service import import_catalog_file, import_sellers_file

    settings = get_settings()
    _step("Importing the brand catalog")
    import_catalog_file(directory / "catalog.yaml", settings.database_url)
    _step("Importing seller accounts")
    import_sellers_file(directory / "sellers.parquet", settings.database_url)
