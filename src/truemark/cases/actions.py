"""What follows a confirmed infringement: takedown, a strike on the ladder, a word to the seller."""

from __future__ import annotations

from datetime import datetime

from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import Effect, NotifySeller, TakeDown
from truemark.enforce.ladder import strike_effects
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import CaseRecord


def strike(
    work: UnitOfWork,
    seller_id: str,
    severity: str,
    reason: str,
    config: EnforcementConfig,
    moment: datetime,
    case_id: int | None = None,
    notice_item_id: int | None = None,
) -> list[Effect]:
    """A strike of ``severity`` against the seller and the ladder's consequence."""
    return strike_effects(
        work.strikes.standing(seller_id),
        work.strikes.of_seller(seller_id),
        severity,
        reason,
        config.strikes,
        moment,
        case_id=case_id,
        notice_item_id=notice_item_id,
    )


def confirmed_case_effects(
    work: UnitOfWork, case: CaseRecord, config: EnforcementConfig, moment: datetime
) -> list[Effect]:
    """Take the listing down, strike its seller, tell the seller why."""
    reason = f"counterfeit {case.brand_slug} listing {case.listing_id} (case {case.id})"
    reasons = ", ".join(case.reasons) or "confirmed by review"
    return [
        TakeDown((case.listing_id,), reason),
        *strike(
            work,
            case.seller_id,
            config.strikes.confirmed_case,
            reason,
            config,
            moment,
            case_id=case.id,
        ),
        NotifySeller(
            case.seller_id,
            f"Listing {case.listing_id} was taken down",
            f"Your listing {case.listing_id} ({case.title}) was found to infringe the "
            f"{case.brand_slug} trademark and has been taken down. Reasons: {reasons}.",
        ),
    ]
