"""Running workflow services from the command line: the store, the acting principal, files."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from truemark.cases.access import Principal
from truemark.config import get_settings
from truemark.io import read_listings
from truemark.networks.files import load_results
from truemark.store import Role, Store, UnitOfWork, require_current


def cli_actor() -> str:
    """How CLI actions are signed in the effect log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@contextmanager
def cli_work(organization: str | None = None) -> Iterator[tuple[UnitOfWork, Principal]]:
    """One transaction on the configured database, acting as the platform or, with
    ``organization`` (a slug), as that organization's admin.
    """
    url = get_settings().database_url
    require_current(url)
    store = Store.from_url(url)
    try:
        with store.unit_of_work() as work:
            principal = Principal.system(cli_actor())
            if organization is not None:
                org = work.organizations.by_slug(organization)
                principal = Principal(org.id, org.kind, Role.ADMIN, principal.actor)
            yield work, principal
    finally:
        store.close()


def open_store() -> Store:
    """The store on the configured database, which must be at the newest schema."""
    url = get_settings().database_url
    require_current(url)
    return Store.from_url(url)


def read_scan_files(results: Path, listings: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scan results (spec §4) and the listings they were scanned from (spec §2, validated)."""
    frame = load_results(results)
    if "brand_id" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("brand_id"))
    batches = [pl.from_arrow(batch) for batch in read_listings(listings)]
    frames = [batch for batch in batches if isinstance(batch, pl.DataFrame)]
    listing_frame = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    return frame, listing_frame
