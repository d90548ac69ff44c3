"""The database sink: carries effects out on the store (listings, strikes, standings, outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from truemark.enforce.effects import (
    ChangeStanding,
    CloseStore,
    Effect,
    IssueStrike,
    NotifySeller,
    Reinstate,
    RevokeStrikes,
    StateChange,
    TakeDown,
)
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import ListingStatus, StandingLevel


class EffectSink(Protocol):
    """Something that carries an effect out."""

    def carry_out(self, effect: Effect, moment: datetime) -> None: ...


class DatabaseSink:
    """Writes each effect's consequence through the unit of work's repositories."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def carry_out(self, effect: Effect, moment: datetime) -> None:
        work = self._work
        match effect:
            case TakeDown(listing_ids=ids):
                work.cases.set_listing_status(ids, ListingStatus.TAKEN_DOWN, moment)
            case Reinstate(listing_ids=ids):
                work.cases.set_listing_status(ids, ListingStatus.LIVE, moment)
            case IssueStrike():
                work.strikes.issue(
                    {
                        "seller_id": effect.seller_id,
                        "severity": effect.severity,
                        "points": effect.points,
                        "reason": effect.reason,
                        "case_id": effect.case_id,
                        "notice_item_id": effect.notice_item_id,
                        "issued_at": moment,
                        "expires_at": effect.expires_at,
                    }
                )
            case RevokeStrikes(strike_ids=ids):
                work.strikes.revoke(ids, moment)
            case ChangeStanding(seller_id=seller, level=level):
                work.strikes.set_standing(seller, level, moment)
            case CloseStore(seller_id=seller):
                work.strikes.set_standing(seller, StandingLevel.CLOSED, moment)
                live = work.cases.live_listing_ids(seller)
                work.cases.set_listing_status(live, ListingStatus.TAKEN_DOWN, moment)
            case NotifySeller():
                work.effects.enqueue(
                    {
                        "seller_id": effect.seller_id,
                        "notice_id": effect.notice_id,
                        "recipient": work.strikes.contact(effect.seller_id),
                        "subject": effect.subject_line,
                        "body": effect.body,
                        "created_at": moment,
                    }
                )
            case StateChange():
                pass  # already written by the service; only the log entry remains
            case _:
                raise TypeError(f"the database sink cannot carry out {effect.name}")
