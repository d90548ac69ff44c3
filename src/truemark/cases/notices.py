"""Takedown notices: a brand files one for up to 300 listings, naming its trademark and
evidence; a fast-tracked brand's notice is accepted at once, any other waits for the operator's
review (``truemark.cases.notice_review``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from truemark.cases.access import WRITERS, Principal
from truemark.cases.notice_review import accept_notice
from truemark.cases.reputation import brand_reputation
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import Effect, StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import InputError, NotFoundError, Problem, ValidationError
from truemark.store import OrganizationKind, Scope, UnitOfWork
from truemark.store.enforcement_records import NoticeRecord, NoticeStatus
from truemark.store.paging import Page, PageRequest
from truemark.store.types import utc_now

BRANDS = frozenset({OrganizationKind.BRAND})
OPERATOR = frozenset({OrganizationKind.OPERATOR})


@dataclass(frozen=True, slots=True)
class NoticeDraft:
    brand: str
    listing_ids: tuple[str, ...]
    evidence: str
    trademark: str | None = None  # registration number of one of the brand's marks


def file_notice(
    work: UnitOfWork,
    principal: Principal,
    draft: NoticeDraft,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> NoticeRecord:
    """File a notice for the brand's listings; a fast-tracked brand's is accepted at once."""
    principal.require(BRANDS, WRITERS, "file notices")
    moment = moment or utc_now()
    assert principal.organization_id is not None
    brand = work.catalog.brand(Scope.of(principal.organization_id), draft.brand)
    listings = _checked_listings(work, draft, config.notices.max_listings)
    trademark_id = None
    if draft.trademark is not None:
        trademark_id = work.notices.trademark_id(brand.id, draft.trademark)
        if trademark_id is None:
            raise NotFoundError(f"brand {brand.slug!r} has no trademark {draft.trademark!r}")
    standing = brand_reputation(
        work, brand.organization_id, brand.id, brand.slug, config.fast_track, moment
    )
    notice_id = work.notices.create(
        {
            "organization_id": brand.organization_id,
            "brand_id": brand.id,
            "trademark_id": trademark_id,
            "evidence": draft.evidence,
            "status": NoticeStatus.PENDING_REVIEW,
            "fast_tracked": standing.fast_track,
            "filed_by": principal.actor,
            "filed_at": moment,
        },
        [(lid, listings[lid]) for lid in draft.listing_ids],
    )
    effects: list[Effect] = [
        StateChange(
            "notice.filed",
            f"notice:{notice_id}",
            (("listings", len(listings)), ("fast_track", standing.fast_track)),
        )
    ]
    Enforcer(work, principal.actor, brand.organization_id, moment).apply(effects)
    if standing.fast_track:
        accept_notice(work, principal, notice_id, config, moment, "good-faith fast track")
    return work.notices.get(principal.notice_scope(work), notice_id)


def _checked_listings(work: UnitOfWork, draft: NoticeDraft, limit: int) -> dict[str, str]:
    """listing id -> seller id; every problem with the list reported at once."""
    problems = []
    if not draft.listing_ids:
        problems.append(Problem("notice", "names no listing", field="listing_ids"))
    if len(draft.listing_ids) > limit:
        problems.append(
            Problem(
                "notice",
                f"names {len(draft.listing_ids)} listings",
                field="listing_ids",
                hint=f"file at most {limit} listings per notice",
            )
        )
    if len(set(draft.listing_ids)) != len(draft.listing_ids):
        problems.append(Problem("notice", "names a listing twice", field="listing_ids"))
    known = work.cases.listings(draft.listing_ids)
    problems += [
        Problem(
            "notice",
            f"unknown listing {lid!r}",
            field=f"listing_ids[{i}]",
            hint="only listings truemark has scanned can be named",
        )
        for i, lid in enumerate(draft.listing_ids)
        if lid not in known
    ]
    ValidationError.raise_if_any(problems, "the notice cannot be filed")
    return {lid: record.seller_id for lid, record in known.items()}


def list_notices(
    work: UnitOfWork, principal: Principal, page: PageRequest, status: NoticeStatus | None = None
) -> Page[NoticeRecord]:
    """Notices the caller may see: all (operator), filed (brand), naming its stores (seller)."""
    return work.notices.find(principal.notice_scope(work), page, status)


def get_notice(work: UnitOfWork, principal: Principal, notice_id: int) -> NoticeRecord:
    return work.notices.get(principal.notice_scope(work), notice_id)


def file_notices(
    work: UnitOfWork,
    principal: Principal,
    drafts: Sequence[NoticeDraft],
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> list[NoticeRecord]:
    """Several notices in one transaction (a brand's bulk upload)."""
    if not drafts:
        raise InputError("no notices to file")
    return [file_notice(work, principal, draft, config, moment) for draft in drafts]
