"""Run ``truemark networks`` on one of its engines: ``polars`` (in memory) or ``duckdb``.

Both read and validate the same files, apply the same rules and write the same files; the
DuckDB engine keeps the inputs and the evidence on disk, so they may be larger than memory.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import polars as pl

from truemark.errors import InputError
from truemark.networks.duckdb_engine.workspace import DuckDBSettings
from truemark.networks.jobs import NetworkJob, NetworkSummary, NetworkTally

if TYPE_CHECKING:
    from truemark.networks.intel import AllianceIntel


class Engine(StrEnum):
    """Where the evidence is generated and aggregated."""

    POLARS = "polars"
    DUCKDB = "duckdb"


def intel_of(job: NetworkJob) -> AllianceIntel | None:
    """The alliance banks of the job (infringer hashes, racket indicators), when it has any."""
    from truemark.networks.intel import AllianceIntel, load_indicators, load_infringers

    if job.infringers is None and job.indicators is None:
        return None
    return AllianceIntel(
        load_infringers(job.infringers) if job.infringers is not None else None,
        load_indicators(job.indicators) if job.indicators is not None else None,
        job.alliance_key,
    )


def run_in_memory(job: NetworkJob) -> NetworkSummary:
    """Load the inputs into polars frames, find the networks there, write them."""
    from truemark.networks.files import load_listings, load_results, load_sellers, write_findings
    from truemark.networks.pipeline import NetworkOptions, find_networks, reference_photos
    from truemark.networks.test_buys import test_buys_of

    sellers = load_sellers(job.sellers, job.out)
    intel = intel_of(job)
    found = [] if intel is None else [intel.seller_matches(sellers)]
    on_batch = intel.listings_into(found) if intel is not None else None
    listings = load_listings(job.listings, job.out, on_batch) if job.listings else None
    matches = (
        None
        if intel is None
        else pl.concat(found).unique().join(sellers.select("seller_id"), on="seller_id", how="semi")
    )
    options = NetworkOptions(
        reference_photos=reference_photos(job.catalog) if job.catalog else None,
        intel=matches,
        test_buys=test_buys_of(job),
    )
    findings = find_networks(
        sellers, listings, load_results(job.results) if job.results else None, options
    )
    members_path, links_path = write_findings(findings, job.out)
    tally = NetworkTally()
    tally.add(findings.members)
    return NetworkSummary(
        members_path,
        links_path,
        tally,
        findings.links.height,
        findings.common,
        matches["seller_id"].n_unique() if matches is not None else None,
    )


def run_networks(
    job: NetworkJob, engine: Engine = Engine.POLARS, settings: DuckDBSettings | None = None
) -> NetworkSummary:
    """Find the networks of ``job`` with ``engine`` (``settings`` tune the DuckDB engine)."""
    try:  # the quarantine files beside the output are written first
        job.out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{job.out.parent}: cannot create the output folder ({exc})") from None
    if engine is Engine.DUCKDB:
        from truemark.networks.duckdb_engine.engine import run_duckdb

        return run_duckdb(job, settings or DuckDBSettings())
    return run_in_memory(job)
