"""Notices: file (one or in bulk), review, uphold past the deadline; complainant reputation."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import ConfigDep, PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, page_of
from truemark.api.schemas.notices import (
    NoticeBulkCreate,
    NoticeCreate,
    NoticePublic,
    NoticeReview,
    ReputationPublic,
)
from truemark.cases import notice_review, notices
from truemark.cases.access import Principal
from truemark.cases.reputation import brand_reputation
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import NoticeStatus
from truemark.store.types import utc_now

router = APIRouter(prefix="/notices", tags=["notices"], route_class=OneThreadRoute)


def _draft(body: NoticeCreate) -> notices.NoticeDraft:
    return notices.NoticeDraft(body.brand, tuple(body.listing_ids), body.evidence, body.trademark)


@router.post("", status_code=201)
def file_notice(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, body: NoticeCreate
) -> NoticePublic:
    """A brand's takedown notice for up to 300 listings, with trademark and evidence."""
    notice = notices.file_notice(work, principal, _draft(body), config)
    return NoticePublic.model_validate(notice)


@router.post("/bulk", status_code=201)
def file_notices(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, body: NoticeBulkCreate
) -> list[NoticePublic]:
    """Several notices at once; all or nothing."""
    drafts = [_draft(notice) for notice in body.notices]
    filed = notices.file_notices(work, principal, drafts, config)
    return [NoticePublic.model_validate(notice) for notice in filed]


@router.get("")
def list_notices(
    work: WorkDep, principal: PrincipalDep, page: PageDep, status: NoticeStatus | None = None
) -> PagePublic[NoticePublic]:
    found = notices.list_notices(work, principal, page, status)
    return PagePublic[NoticePublic](**page_of(found, NoticePublic.model_validate))


@router.get("/reputation/{brand}")
def reputation(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, brand: str
) -> ReputationPublic:
    """The brand's acceptance and counter-notice rates and its fast-track status."""
    return ReputationPublic.model_validate(_reputation(work, principal, brand, config))


def _reputation(work: UnitOfWork, principal: Principal, slug: str, config: ConfigDep) -> object:
    record = work.catalog.brand(principal.case_scope(), slug)
    return brand_reputation(
        work, record.organization_id, record.id, record.slug, config.fast_track, utc_now()
    )


@router.post("/uphold-expired")
def uphold_expired(work: WorkDep, principal: PrincipalDep, config: ConfigDep) -> list[int]:
    """Uphold every listing whose counter-notice deadline passed unanswered (operator)."""
    return notice_review.uphold_expired(work, principal, config)


@router.get("/{notice_id}")
def get_notice(work: WorkDep, principal: PrincipalDep, notice_id: int) -> NoticePublic:
    return NoticePublic.model_validate(notices.get_notice(work, principal, notice_id))


@router.post("/{notice_id}/review")
def review_notice(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, notice_id: int, body: NoticeReview
) -> NoticePublic:
    """Accept (takedown, sellers told) or reject a pending notice (operator)."""
    notice = notice_review.review_notice(work, principal, notice_id, body.accept, body.note, config)
    return NoticePublic.model_validate(notice)
