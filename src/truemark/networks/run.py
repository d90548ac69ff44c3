"""Run ``truemark networks`` on one of its engines: ``polars`` (in memory) or ``duckdb``.

Both read and validate the same files, apply the same rules and write the same files; the
DuckDB engine keeps the inputs and the evidence on disk, so they may be larger than memory.
"""

from __future__ import annotations

from enum import StrEnum

import polars as pl

from truemark.errors import InputError
from truemark.networks.duckdb_engine.workspace import DuckDBSettings
from truemark.networks.jobs import NetworkJob, NetworkSummary, NetworkTally


class Engine(StrEnum):
    """Where the evidence is generated and aggregated."""

    POLARS = "polars"
    DUCKDB = "duckdb"


def intel_of(job: NetworkJob) -> pl.DataFrame | None:
    """The bank of infringer hashes of the job, when it has one."""
    from truemark.networks.intel import load_infringers

    return load_infringers(job.infringers) if job.infringers is not None else None


def run_in_memory(job: NetworkJob) -> NetworkSummary:
    """Load the inputs into polars frames, find the networks there, write them."""
    from truemark.networks.files import load_listings, load_results, load_sellers, write_findings
    from truemark.networks.intel import intel_matches
    from truemark.networks.pipeline import NetworkOptions, find_networks, reference_photos

    sellers = load_sellers(job.sellers, job.out)
    infringers = intel_of(job)
    intel = intel_matches(sellers, infringers, job.alliance_key) if infringers is not None else None
    options = NetworkOptions(
        reference_photos=reference_photos(job.catalog) if job.catalog else None, intel=intel
    )
    findings = find_networks(
        sellers,
        load_listings(job.listings, job.out) if job.listings else None,
        load_results(job.results) if job.results else None,
        options,
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
        intel["seller_id"].n_unique() if intel is not None else None,
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
