"""The strike ladder as pure functions: strikes and standing in, effects out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from truemark.enforce.config import StrikePolicy
from truemark.enforce.effects import (
    ChangeStanding,
    CloseStore,
    Effect,
    IssueStrike,
    RevokeStrikes,
)
from truemark.store.enforcement_records import StandingLevel, StandingRecord, StrikeRecord


def active_points(strikes: Sequence[StrikeRecord], moment: datetime) -> int:
    """Points of the strikes that count at ``moment`` (issued, unexpired, not revoked)."""
    return sum(strike.points for strike in strikes if strike.active_at(moment))


def standing_effects(
    seller_id: str,
    current: StandingLevel,
    target: StandingLevel,
    reason: str,
    network_id: str | None = None,
) -> list[Effect]:
    """What moves the seller from ``current`` to ``target``; a closed store stays closed."""
    if current is StandingLevel.CLOSED or target is current:
        return []
    if target is StandingLevel.CLOSED:
        return [CloseStore(seller_id, reason, network_id)]
    return [ChangeStanding(seller_id, target, current)]


def strike_effects(
    standing: StandingRecord,
    strikes: Sequence[StrikeRecord],
    severity: str,
    reason: str,
    policy: StrikePolicy,
    moment: datetime,
    case_id: int | None = None,
    notice_item_id: int | None = None,
) -> list[Effect]:
    """A strike for one infringement and the rung it takes the seller to."""
    if standing.level is StandingLevel.CLOSED:
        return []
    points = policy.severities[severity]
    strike = IssueStrike(
        seller_id=standing.seller_id,
        severity=severity,
        points=points,
        reason=reason,
        expires_at=moment + timedelta(days=policy.expiry_days),
        case_id=case_id,
        notice_item_id=notice_item_id,
    )
    target = policy.level_for(active_points(strikes, moment) + points)
    return [strike, *standing_effects(standing.seller_id, standing.level, target, reason)]


def revocation_effects(
    standing: StandingRecord,
    strikes: Sequence[StrikeRecord],
    revoked: Sequence[int],
    reason: str,
    policy: StrikePolicy,
    moment: datetime,
) -> list[Effect]:
    """Withdraw the strikes ``revoked`` and step the seller down to where the rest put it."""
    ids = tuple(s.id for s in strikes if s.id in revoked and s.revoked_at is None)
    if not ids:
        return []
    kept = [s for s in strikes if s.id not in ids]
    return [
        RevokeStrikes(standing.seller_id, ids, reason),
        *expiry_effects(standing, kept, policy, moment, reason),
    ]


def expiry_effects(
    standing: StandingRecord,
    strikes: Sequence[StrikeRecord],
    policy: StrikePolicy,
    moment: datetime,
    reason: str = "strikes expired",
) -> list[Effect]:
    """Once strikes expire the seller steps back down the ladder (closure is for good)."""
    target = policy.level_for(active_points(strikes, moment))
    if target is StandingLevel.CLOSED:
        return []
    return standing_effects(standing.seller_id, standing.level, target, reason)
