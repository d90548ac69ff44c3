"""The whole workflow: scan -> import -> queue -> confirm -> notice -> counter-notice ->
reinstatement, with the labels and the effect log it leaves behind.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from truemark.cases.counter_notices import file_counter_notice, resolve_counter_notice
from truemark.cases.decisions import decide
from truemark.cases.errors import StateConflict
from truemark.cases.notice_review import review_notice
from truemark.cases.notices import NoticeDraft, file_notice, get_notice
from truemark.cases.queue import labels, list_cases
from truemark.errors import NotFoundError
from truemark.store.enforcement_records import (
    CaseStatus,
    CounterNoticeStatus,
    DecisionOutcome,
    ListingStatus,
    NoticeItemStatus,
    NoticeStatus,
    OutboxStatus,
    StandingLevel,
)
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter


def test_scan_to_reinstatement(imported, t0) -> None:
    w, cfg = imported, imported.config
    # queue: the brand works its own flags
    with w.store.unit_of_work() as work:
        queue = list_cases(work, w.kering, CaseFilter(status=CaseStatus.QUEUED), PageRequest())
        assert [c.listing_id for c in queue.items] == ["l-2", "l-5"]
        l2, l5 = queue.items
        decide(work, w.kering, l2.id, DecisionOutcome.CONFIRM, "belt is fake", cfg, t0)
        decide(work, w.kering, l5.id, DecisionOutcome.REJECT, "genuine reseller", cfg, t0)
        with pytest.raises(StateConflict):
            decide(work, w.kering, l2.id, DecisionOutcome.REJECT, "again", cfg, t0)
        assert work.cases.listing("l-2").status is ListingStatus.TAKEN_DOWN
        assert work.cases.listing("l-5").status is ListingStatus.LIVE

    # notice: the brand names a live listing; the operator accepts; the seller is told
    later = t0 + timedelta(days=1)
    with w.store.unit_of_work() as work:
        work.cases.set_listing_status(["l-2"], ListingStatus.LIVE, later)  # relisted
        notice = file_notice(
            work, w.kering, NoticeDraft("gucci", ("l-2",), "photos", "111"), cfg, later
        )
        assert (notice.status, notice.fast_tracked, notice.trademark) == (
            NoticeStatus.PENDING_REVIEW,
            False,
            "USPTO 111",
        )
        with pytest.raises(NotFoundError):
            get_notice(work, w.seller, notice.id)  # the seller sees nothing until it is accepted
        notice = review_notice(work, w.operator, notice.id, True, "clear case", cfg, later)
        assert notice.items[0].status is NoticeItemStatus.TAKEN_DOWN
        assert notice.counter_deadline == later + timedelta(days=cfg.notices.counter_notice_days)
        assert work.cases.listing("l-2").status is ListingStatus.TAKEN_DOWN
        mail = [m for m in work.effects.messages(("s-1",)) if m.notice_id == notice.id]
        assert mail
        assert mail[0].recipient == "s1@shop.example"
        assert mail[0].status is OutboxStatus.PENDING
        assert "counter-notice" in mail[0].body

    # counter-notice by the seller itself, then reinstatement by the operator
    with w.store.unit_of_work() as work:
        seen = get_notice(work, w.seller, notice.id)
        assert [i.listing_id for i in seen.items] == ["l-2"]
        counter = file_counter_notice(
            work, w.seller, notice.id, "s-1", "we are authorized", "invoice.pdf", later
        )
        with pytest.raises(StateConflict):
            file_counter_notice(work, w.seller, notice.id, "s-1", "again", "x", later)
        resolved = resolve_counter_notice(
            work, w.operator, counter.id, True, "invoice checks out", cfg, later
        )
        assert resolved.status is CounterNoticeStatus.REINSTATED
        assert work.cases.listing("l-2").status is ListingStatus.LIVE
        notice = get_notice(work, w.kering, notice.id)
        assert notice.items[0].status is NoticeItemStatus.REINSTATED
        # the strike the confirmed l-2 case brought is withdrawn; l-1's stays
        strikes = {s.case_id: s for s in work.strikes.of_seller("s-1")}
        assert strikes[l2.id].revoked_at == later
        assert [s.revoked_at for c, s in strikes.items() if c != l2.id] == [None]
        assert work.strikes.standing("s-1").level is StandingLevel.RESTRICTED

    # the labels: the reinstated listing is now genuine; the effect log holds every step
    with w.store.unit_of_work() as work:
        exported = dict(labels(work, w.operator).iter_rows())
        assert exported == {
            "l-1": "counterfeit",
            "l-2": "genuine",
            "l-3": "counterfeit",
            "l-5": "genuine",
        }
        assert dict(labels(work, w.lvmh).iter_rows()) == {"l-3": "counterfeit"}
        kinds = [e.kind for e in work.effects.log(PageRequest(limit=500)).items]
        for kind in (
            "case.decided",
            "listing.take_down",
            "seller.strike",
            "notice.filed",
            "notice.accepted",
            "counter_notice.filed",
            "counter_notice.reinstated",
            "listing.reinstate",
            "seller.notify",
        ):
            assert kind in kinds
        assert all(e.actor for e in work.effects.log(PageRequest(limit=500)).items)


def test_counter_notice_after_the_deadline_is_refused_and_the_notice_upheld(imported, t0) -> None:
    from truemark.cases.notice_review import uphold_expired

    w, cfg = imported, imported.config
    with w.store.unit_of_work() as work:
        notice = file_notice(
            work, w.kering, NoticeDraft("gucci", ("l-2", "l-5"), "photos"), cfg, t0
        )
        review_notice(work, w.operator, notice.id, True, "", cfg, t0)
    late = t0 + timedelta(days=cfg.notices.counter_notice_days, seconds=1)
    with w.store.unit_of_work() as work, pytest.raises(StateConflict, match="deadline"):
        file_counter_notice(work, w.seller, notice.id, "s-1", "late", "x", late)
    with w.store.unit_of_work() as work:
        assert uphold_expired(work, w.operator, cfg, late) == [notice.id]
        upheld = get_notice(work, w.operator, notice.id)
        assert {i.status for i in upheld.items} == {NoticeItemStatus.UPHELD}
        # one strike per seller per notice, on top of s-1's strike from the import
        assert len(work.strikes.of_seller("s-3")) == 1
        assert len(work.strikes.of_seller("s-1")) == 2


def test_a_notice_is_validated_all_at_once(imported, t0) -> None:
    from truemark.errors import ValidationError

    w = imported
    too_many = tuple(f"x-{i}" for i in range(301))
    with w.store.unit_of_work() as work, pytest.raises(ValidationError) as caught:
        file_notice(work, w.kering, NoticeDraft("gucci", (*too_many, "x-0"), "e"), w.config, t0)
    messages = [p.message for p in caught.value.problems]
    assert "names 302 listings" in messages
    assert "names a listing twice" in messages
    assert sum(m.startswith("unknown listing") for m in messages) == 302
    with w.store.unit_of_work() as work, pytest.raises(NotFoundError):
        file_notice(work, w.kering, NoticeDraft("dior", ("l-3",), "e"), w.config, t0)
