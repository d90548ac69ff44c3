"""Scan results into cases: queue or takedown by policy, de-duplicated across re-scans."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest

from truemark.cases.importing import import_results
from truemark.cases.queue import get_case, list_cases
from truemark.errors import NotFoundError, PermissionDenied
from truemark.store.enforcement_records import CaseStatus, ListingStatus
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter

Scan = tuple[pl.DataFrame, pl.DataFrame]


def test_import_queues_suspects_and_takes_sure_counterfeits_down(
    world, scan: Scan, t0: datetime
) -> None:
    results, listings = scan
    with world.store.unit_of_work() as work:
        report = import_results(work, world.operator, results, listings, world.config, t0)

    assert (report.flagged, report.opened, report.queued, report.taken_down) == (5, 5, 3, 2)
    with world.store.unit_of_work() as work:
        queued = list_cases(
            work, world.operator, CaseFilter(status=CaseStatus.QUEUED), PageRequest()
        )
        confirmed = list_cases(
            work, world.operator, CaseFilter(status=CaseStatus.CONFIRMED), PageRequest()
        )
        assert [c.listing_id for c in queued.items] == ["l-2", "l-4", "l-5"]  # riskiest first
        assert {c.listing_id for c in confirmed.items} == {"l-1", "l-3"}
        assert work.cases.listing("l-1").status is ListingStatus.TAKEN_DOWN
        assert work.cases.listing("l-2").status is ListingStatus.LIVE
        assert [s.seller_id for s in work.strikes.of_seller("s-1")] == ["s-1"]
        assert work.cases.listing("l-1").title == "GUCCI replica bag"
        first = confirmed.items[0] if confirmed.items[0].listing_id == "l-1" else confirmed.items[1]
        assert (first.price, first.currency, first.reasons) == (
            50.0,
            "USD",
            ("text.counterfeit_cue", "price.below_msrp"),
        )
        assert first.signals == {"price.ratio": 0.05}


def test_rescan_updates_cases_instead_of_opening_new_ones(world, scan: Scan, t0: datetime) -> None:
    results, listings = scan
    with world.store.unit_of_work() as work:
        import_results(work, world.operator, results, listings, world.config, t0)
    rescanned = results.with_columns(
        pl.when(pl.col("listing_id") == "l-2").then(0.7).otherwise(pl.col("risk")).alias("risk")
    )
    with world.store.unit_of_work() as work:
        report = import_results(
            work, world.operator, rescanned, listings, world.config, t0 + timedelta(days=1)
        )

    assert (report.opened, report.refreshed, report.taken_down) == (0, 5, 0)
    with world.store.unit_of_work() as work:
        page = list_cases(work, world.operator, CaseFilter(), PageRequest())
        assert page.total == 5
        by_listing = {c.listing_id: c for c in page.items}
        assert by_listing["l-2"].risk == pytest.approx(0.7)
        assert by_listing["l-2"].scans == 2
        assert by_listing["l-1"].status is CaseStatus.CONFIRMED  # a decided case stays decided
        assert len(work.strikes.of_seller("s-1")) == 1  # no second strike for the same listing


def test_unknown_brands_and_missing_listings_are_counted_not_imported(
    world, scan: Scan, t0: datetime
) -> None:
    results, listings = scan
    odd = pl.concat(
        [
            results,
            pl.DataFrame(
                {
                    "listing_id": ["l-9", "l-1"],
                    "brand_id": ["prada", "nobrand"],
                    "risk": [0.9, 0.9],
                    "verdict": ["suspect", "suspect"],
                    "reasons": [[], []],
                    "signals": ["{}", "{}"],
                }
            ),
        ]
    )
    with world.store.unit_of_work() as work:
        report = import_results(work, world.operator, odd, listings, world.config, t0)
    assert (report.unknown_listing, report.unknown_brand, report.opened) == (1, 1, 5)


def test_queue_filters_by_brand_reason_and_risk_within_scope(imported) -> None:
    w = imported
    with w.store.unit_of_work() as work:
        dior = list_cases(work, w.operator, CaseFilter(brand="dior"), PageRequest())
        cue = list_cases(work, w.operator, CaseFilter(reason="text.counterfeit_cue"), PageRequest())
        risky = list_cases(work, w.operator, CaseFilter(min_risk=0.9), PageRequest(sort="id"))
        kering = list_cases(work, w.kering, CaseFilter(), PageRequest(limit=1, offset=1))
        assert {c.listing_id for c in dior.items} == {"l-3", "l-4"}
        assert {c.listing_id for c in cue.items} == {"l-1", "l-2"}
        assert [c.listing_id for c in risky.items] == ["l-1", "l-3"]
        assert (kering.total, len(kering.items)) == (3, 1)
        dior_case = dior.items[0].id
        with pytest.raises(NotFoundError):
            get_case(work, w.kering, dior_case)
        with pytest.raises(PermissionDenied):
            list_cases(work, w.seller, CaseFilter(), PageRequest())


def test_csv_results_with_reasons_as_json_text_import(world, scan: Scan, t0: datetime) -> None:
    results, listings = scan
    as_text = results.with_columns(
        pl.col("reasons").map_elements(lambda codes: str(list(codes)).replace("'", '"'), pl.String)
    )
    with world.store.unit_of_work() as work:
        import_results(work, world.operator, as_text, listings, world.config, t0)
        page = list_cases(
            work, world.operator, CaseFilter(reason="price.below_msrp"), PageRequest()
        )
    assert {case.listing_id for case in page.items} == {"l-1", "l-3", "l-5"}
