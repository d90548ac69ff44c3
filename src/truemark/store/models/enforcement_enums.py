"""Checked-string column types for the states of the enforcement workflow."""

from __future__ import annotations

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
from truemark.store.models.enums import string_enum

LISTING_STATUS = string_enum(ListingStatus, "listing_status")
CASE_STATUS = string_enum(CaseStatus, "case_status")
DECISION_OUTCOME = string_enum(DecisionOutcome, "decision_outcome")
DECISION_SOURCE = string_enum(DecisionSource, "decision_source")
NOTICE_STATUS = string_enum(NoticeStatus, "notice_status")
NOTICE_ITEM_STATUS = string_enum(NoticeItemStatus, "notice_item_status")
COUNTER_NOTICE_STATUS = string_enum(CounterNoticeStatus, "counter_notice_status")
STANDING_LEVEL = string_enum(StandingLevel, "standing_level")
OUTBOX_STATUS = string_enum(OutboxStatus, "outbox_status")
