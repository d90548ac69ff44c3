"""Checked-string column types for the states of the enforcement workflow."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum

from truemark.store.enforcement_records import (
    CaseStatus,
    CounterNoticeStatus,
    DecisionOutcome,
    DecisionSource,
    ListingStatus,
    NoticeItemStatus,
    NoticeStatus,
    OutboxStatus,
    StandingLevel,
)


def _state(enum: type[StrEnum], name: str) -> Enum:
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


LISTING_STATUS = _state(ListingStatus, "listing_status")
CASE_STATUS = _state(CaseStatus, "case_status")
DECISION_OUTCOME = _state(DecisionOutcome, "decision_outcome")
DECISION_SOURCE = _state(DecisionSource, "decision_source")
NOTICE_STATUS = _state(NoticeStatus, "notice_status")
NOTICE_ITEM_STATUS = _state(NoticeItemStatus, "notice_item_status")
COUNTER_NOTICE_STATUS = _state(CounterNoticeStatus, "counter_notice_status")
STANDING_LEVEL = _state(StandingLevel, "standing_level")
OUTBOX_STATUS = _state(OutboxStatus, "outbox_status")
