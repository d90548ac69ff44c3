"""Complainant reputation: how often a brand's notices are accepted and countered, over a
rolling window; good enough earns good-faith fast track, which is lost as soon as it is not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from truemark.enforce.config import FastTrackPolicy
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import NoticeItemStatus

DECIDED = {
    NoticeItemStatus.TAKEN_DOWN,
    NoticeItemStatus.COUNTERED,
    NoticeItemStatus.UPHELD,
    NoticeItemStatus.REINSTATED,
    NoticeItemStatus.REJECTED,
}


@dataclass(frozen=True, slots=True)
class Reputation:
    brand_slug: str
    window_days: int
    reviewed: int  # notice listings the operator accepted or rejected
    accepted: int
    countered: int  # accepted listings the seller answered with a counter-notice
    reinstated: int
    fast_track: bool

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.reviewed if self.reviewed else None

    @property
    def counter_rate(self) -> float | None:
        return self.countered / self.accepted if self.accepted else None


def brand_reputation(
    work: UnitOfWork,
    organization_id: int,
    brand_id: int,
    brand_slug: str,
    policy: FastTrackPolicy,
    moment: datetime,
) -> Reputation:
    """The brand's record over the policy's window ending at ``moment``."""
    since = moment - timedelta(days=policy.window_days)
    counts = work.notices.item_counts(organization_id, brand_id, since)
    reviewed = sum(counts.get(status.value, 0) for status in DECIDED)
    accepted = reviewed - counts.get(NoticeItemStatus.REJECTED.value, 0)
    countered = work.notices.countered_items(organization_id, brand_id, since)
    reputation = Reputation(
        brand_slug,
        policy.window_days,
        reviewed,
        accepted,
        countered,
        counts.get(NoticeItemStatus.REINSTATED.value, 0),
        fast_track=False,
    )
    earned = (
        reviewed >= policy.min_items
        and (reputation.acceptance_rate or 0.0) >= policy.min_acceptance
        and (reputation.counter_rate or 0.0) <= policy.max_counter_rate
    )
    return replace(reputation, fast_track=earned)
