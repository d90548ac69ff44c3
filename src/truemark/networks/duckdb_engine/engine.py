"""Run ``truemark networks`` on DuckDB: stage, gather evidence in SQL, cluster the links, write.

What is held in memory: one input batch at a time while staging, the distinct photo hashes and
their index, the pieces of evidence of the linked pairs, the links and their graph, the linked
sellers' rows, and one batch of the networks file at a time. Everything else (the inputs, the
identity values, every candidate pair) lives in DuckDB, under its memory limit, spilling to disk.
"""

from __future__ import annotations

import polars as pl

from truemark.io import format_of, write_table
from truemark.networks.clusters import cluster
from truemark.networks.duckdb_engine.activity import stage_results, store_activity
from truemark.networks.duckdb_engine.evidence import (
    add_fuzzy_pieces,
    common_values,
    linked_pieces,
    store_pieces,
    store_values,
)
from truemark.networks.duckdb_engine.fuzzy import fuzzy_evidence
from truemark.networks.duckdb_engine.members import (
    linked_activity,
    scored_members,
    write_members,
)
from truemark.networks.duckdb_engine.photos import store_image_values
from truemark.networks.duckdb_engine.staging import stage_listings, stage_sellers
from truemark.networks.duckdb_engine.workspace import (
    DuckDBSettings,
    Workspace,
    out_of_memory_is_a_setting,
    workspace,
)
from truemark.networks.files import links_path
from truemark.networks.jobs import NetworkJob, NetworkSummary
from truemark.networks.links import pair_links
from truemark.networks.pipeline import (
    LINKED_ATTRIBUTES,
    NetworkOptions,
    links_with_networks,
    reference_photos,
)
from truemark.networks.scoring import INTEL_SCHEMA
from truemark.networks.test_buys import test_buys_of


def _stage(space: Workspace, job: NetworkJob) -> tuple[int, pl.DataFrame | None]:
    """Stage the inputs; the number of valid sellers and the sellers alliance intel names."""
    from truemark.networks.run import intel_of

    intel = intel_of(job)
    staged = stage_sellers(
        job.sellers,
        job.out,
        space.folder / "keys.parquet",
        intel.seller_matches if intel is not None else None,
    )
    space.con.execute(f"CREATE VIEW seller_keys AS SELECT * FROM {space.parquet('keys')}")
    if job.listings is not None:
        sales = space.folder / "sales.parquet" if job.results is not None else None
        on_batch = intel.listings_into(staged.matches) if intel is not None else None
        stage_listings(job.listings, job.out, space.folder / "photos.parquet", sales, on_batch)
    if job.results is not None:
        stage_results(job.results, space.folder / "results.parquet")
    return staged.count, None if intel is None else _of_sellers(space, staged.matches)


def _of_sellers(space: Workspace, found: list[pl.DataFrame]) -> pl.DataFrame:
    """The matches of sellers in the sellers file (a listing's seller may be missing there)."""
    matches = pl.concat([pl.DataFrame(schema=INTEL_SCHEMA), *found]).unique()
    space.con.register("intel_matches", matches.to_arrow())
    known = space.con.sql("SELECT m.* FROM intel_matches m SEMI JOIN seller_keys USING (seller_id)")
    return known.pl().cast(INTEL_SCHEMA)


def _links(
    space: Workspace, job: NetworkJob, options: NetworkOptions, sellers: int, index_bytes: int
) -> pl.DataFrame:
    """The linked pairs with their evidence, as :func:`pair_links` gives them."""
    if job.listings is not None:
        store_image_values(space, options.reference_photos, index_bytes)
    store_values(space, LINKED_ATTRIBUTES, images=job.listings is not None)
    store_pieces(space, options.policy)
    if options.fuzzy is not None:
        add_fuzzy_pieces(space, fuzzy_evidence(space, sellers, options.fuzzy))
    return pair_links(linked_pieces(space, options.policy), options.policy)


def run_duckdb(job: NetworkJob, settings: DuckDBSettings) -> NetworkSummary:
    """Find the networks of ``job`` with DuckDB and write the same files as the polars engine."""
    format_of(job.out)  # an output name we cannot write is an error before hours of work
    options = NetworkOptions(
        reference_photos=reference_photos(job.catalog) if job.catalog else None,
        test_buys=test_buys_of(job),
    )
    with workspace(settings) as space, out_of_memory_is_a_setting(settings):
        sellers, intel = _stage(space, job)
        links = _links(space, job, options, sellers, settings.photo_index_bytes())
        linked = pl.concat([links["seller_a"], links["seller_b"]]).unique().sort()
        membership = cluster(linked, links, options.split_above)
        with_activity = job.results is not None
        if with_activity:
            store_activity(space)
        activity = linked_activity(space, linked) if with_activity else None
        members = scored_members(membership, links, activity, intel, options.test_buys)
        tally = write_members(
            space, members, links, intel, job.out, with_activity, options.test_buys
        )
        evidence = links_path(job.out)
        write_table(links_with_networks(links, membership).to_arrow(), evidence)
        common = common_values(space)
    return NetworkSummary(
        job.out,
        evidence,
        tally,
        links.height,
        common,
        intel["seller_id"].n_unique() if intel is not None else None,
    )
