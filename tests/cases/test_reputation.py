"""Complainant reputation: fast track is earned by good notices and lost automatically."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from truemark.cases.counter_notices import file_counter_notice
from truemark.cases.importing import import_results
from truemark.cases.notice_review import review_notice
from truemark.cases.notices import NoticeDraft, file_notice
from truemark.store import Scope
from truemark.store.enforcement_records import NoticeStatus


def _many_listings(w, t0, count: int) -> list[str]:
    ids = [f"g-{i}" for i in range(count)]
    listings = pl.DataFrame(
        {
            "listing_id": ids,
            "seller_id": ["s-1"] * count,
            "title": ["x"] * count,
            "price": [1.0] * count,
            "currency": ["USD"] * count,
        }
    )
    results = pl.DataFrame(
        {
            "listing_id": ids,
            "brand_id": ["gucci"] * count,
            "risk": [0.5] * count,
            "verdict": ["suspect"] * count,
            "reasons": [[]] * count,
            "signals": ["{}"] * count,
        }
    )
    with w.store.unit_of_work() as work:
        import_results(work, w.operator, results, listings, w.config, t0)
    return ids


def _reputation(w, moment):
    from truemark.cases.reputation import brand_reputation

    with w.store.unit_of_work() as work:
        brand = work.catalog.brand(Scope.everything(), "gucci")
        return brand_reputation(
            work, brand.organization_id, brand.id, "gucci", w.config.fast_track, moment
        )


def test_fast_track_is_gained_and_lost(world, t0) -> None:
    w, cfg = world, world.config  # min 20 items, >= 90 % accepted, <= 5 % countered
    ids = _many_listings(w, t0, 24)
    with w.store.unit_of_work() as work:
        first = file_notice(
            work, w.kering, NoticeDraft("gucci", tuple(ids[:20]), "photos"), cfg, t0
        )
        assert not first.fast_tracked
        assert first.status is NoticeStatus.PENDING_REVIEW
        review_notice(work, w.operator, first.id, True, "", cfg, t0)
    gained = _reputation(w, t0)
    assert (gained.reviewed, gained.accepted, gained.fast_track) == (20, 20, True)

    # a fast-tracked notice is accepted without review
    with w.store.unit_of_work() as work:
        fast = file_notice(
            work, w.kering, NoticeDraft("gucci", (ids[20], ids[21]), "photos"), cfg, t0
        )
        assert fast.fast_tracked
        assert fast.status is NoticeStatus.ACCEPTED
        # the seller counters both: 2 of 22 accepted listings countered is 9 % > 5 %
        file_counter_notice(work, w.seller, fast.id, "s-1", "mine", "invoice", t0)
    lost = _reputation(w, t0)
    assert lost.countered == 2
    assert not lost.fast_track
    with w.store.unit_of_work() as work:
        slow = file_notice(work, w.kering, NoticeDraft("gucci", (ids[22],), "photos"), cfg, t0)
        assert slow.status is NoticeStatus.PENDING_REVIEW

    # the window rolls on: past it, nothing counts and there is no fast track either
    assert not _reputation(w, t0 + timedelta(days=cfg.fast_track.window_days + 1)).fast_track
