"""Repeated infringements climb the ladder to closure; strikes expire; networks close at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import polars as pl
import pytest

from truemark.cases.decisions import decide
from truemark.cases.importing import import_results
from truemark.cases.networks import get_network, import_networks
from truemark.cases.sellers import close_network, expire_strikes, seller_record
from truemark.errors import PermissionDenied
from truemark.store import Role, Scope
from truemark.store.enforcement_records import DecisionOutcome, ListingStatus, StandingLevel


def _listings(seller: str, count: int, start: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    ids = [f"{seller}-{start + i}" for i in range(count)]
    listings = pl.DataFrame(
        {
            "listing_id": ids,
            "seller_id": [seller] * count,
            "title": ["gucci copy"] * count,
            "price": [9.0] * count,
            "currency": ["USD"] * count,
        }
    )
    results = pl.DataFrame(
        {
            "listing_id": ids,
            "brand_id": ["gucci"] * count,
            "risk": [0.6] * count,
            "verdict": ["suspect"] * count,
            "reasons": [["text.cue"]] * count,
            "signals": ["{}"] * count,
        }
    )
    return results, listings


def _confirm_all(w, moment) -> None:
    with w.store.unit_of_work() as work:
        for case in work.cases.find(Scope.everything(), _queued(), _page()).items:
            decide(work, w.operator, case.id, DecisionOutcome.CONFIRM, "", w.config, moment)


def _queued():
    from truemark.store.enforcement_records import CaseStatus
    from truemark.store.repositories import CaseFilter

    return CaseFilter(status=CaseStatus.QUEUED)


def _page():
    from truemark.store.paging import PageRequest

    return PageRequest(limit=500)


def test_repeated_infringements_climb_to_closure_and_expire_down(world, t0) -> None:
    w, ladder = (
        world,
        world.config.strikes,
    )  # major = 3 points; warning 1, restricted 3, suspended 6, closed 9
    seen = []
    results, listings = _listings("s-9", 4, 0)
    with w.store.unit_of_work() as work:
        import_results(work, w.operator, results.head(2), listings.head(2), w.config, t0)
    _confirm_all(w, t0)
    with w.store.unit_of_work() as work:
        record = seller_record(work, w.operator, "s-9", t0)
        seen.append((record.level, record.active_points))
    assert seen == [(StandingLevel.SUSPENDED, 6)]

    # expiry: 181 days later both strikes are gone and the seller is back in good standing
    later = t0 + timedelta(days=ladder.expiry_days + 1)
    with w.store.unit_of_work() as work:
        assert expire_strikes(work, w.operator, w.config, later) == ["s-9"]
        record = seller_record(work, w.operator, "s-9", later)
        assert (record.level, record.active_points) == (StandingLevel.GOOD, 0)

    # three more confirmed infringements: warning -> restricted -> suspended -> closed
    results, listings = _listings("s-9", 4, 10)
    live = pl.DataFrame(
        {
            "listing_id": ["s-9-live"],
            "brand_id": ["gucci"],
            "risk": [0.2],
            "verdict": ["suspect"],
            "reasons": [[]],
            "signals": ["{}"],
        }
    )
    live_listing = listings.head(1).with_columns(pl.lit("s-9-live").alias("listing_id"))
    with w.store.unit_of_work() as work:
        import_results(
            work,
            w.operator,
            pl.concat([results.head(3), live]),
            pl.concat([listings.head(3), live_listing]),
            w.config,
            later,
        )
        cases = work.cases.find(Scope.everything(), _queued(), _page()).items
        levels = []
        for case in sorted(cases, key=lambda c: c.listing_id):
            if case.listing_id == "s-9-live":
                continue
            decide(work, w.operator, case.id, DecisionOutcome.CONFIRM, "", w.config, later)
            levels.append(work.strikes.standing("s-9").level)
        assert levels == [StandingLevel.RESTRICTED, StandingLevel.SUSPENDED, StandingLevel.CLOSED]
        # closure took the store's other live listing down
        assert work.cases.listing("s-9-live").status is ListingStatus.TAKEN_DOWN
    # closure stays when the strikes expire
    much_later = later + timedelta(days=ladder.expiry_days + 1)
    with w.store.unit_of_work() as work:
        assert expire_strikes(work, w.operator, w.config, much_later) == []
        assert work.strikes.standing("s-9").level is StandingLevel.CLOSED


def test_a_confirmed_racket_closes_every_account_of_the_network(imported, t0) -> None:
    w = imported
    members = pl.DataFrame(
        {
            "seller_id": ["s-1", "s-2", "s-7"],
            "network_id": ["n-1", "n-1", "n-7"],
            "network_size": [2, 2, 1],
            "network_risk": [0.9, 0.9, 0.1],
            "links": [["phone"], ["phone"], []],
            "network_flagged_listings": [3, 3, 0],
            "network_flagged_sales_usd": [120.0, 120.0, 0.0],
        }
    )
    links = pl.DataFrame(
        {
            "seller_a": ["s-1"],
            "seller_b": ["s-2"],
            "bits": [12.5],
            "attributes": [["phone"]],
            "values": [["+1555"]],
            "network_id": ["n-1"],
        }
    )
    with w.store.unit_of_work() as work:
        report = import_networks(work, w.operator, members, links)
        assert (report.networks, report.members, report.links) == (1, 2, 1)
        network, edges = get_network(work, w.operator, "n-1")
        assert network.members == ("s-1", "s-2")
        assert (network.test_buy_fakes, network.intel) == (0, ())  # columns absent: none
        assert edges[0].attributes == ("phone",)
        with pytest.raises(PermissionDenied):
            close_network(work, w.kering, "n-1", "racket")
        admin = replace(w.operator, role=Role.ADMIN)
        assert close_network(work, admin, "n-1", "racket confirmed", t0) == ["s-1", "s-2"]
        for seller in ("s-1", "s-2"):
            assert work.strikes.standing(seller).level is StandingLevel.CLOSED
            assert work.cases.live_listing_ids(seller) == []
        assert work.strikes.standing("s-3").level is not StandingLevel.CLOSED
    # re-importing replaces the network instead of duplicating it, with what else scored it
    confirmed = members.with_columns(
        network_test_buy_fakes=pl.lit(1), network_intel=pl.lit(["intel:kering:item-7"])
    )
    with w.store.unit_of_work() as work:
        import_networks(work, w.operator, confirmed, links)
        network = get_network(work, w.operator, "n-1")[0]
    assert network.members == ("s-1", "s-2")
    assert (network.test_buy_fakes, network.intel) == (1, ("intel:kering:item-7",))
