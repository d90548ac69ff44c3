"""The hash of an audit entry: SHA-256 of its canonical JSON content, previous hash included."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson

from truemark.store.evidence_records import AuditEntryRecord

GENESIS_HASH = "0" * 64  # what the first entry names as the entry before it
FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot put {type(value).__name__} into an audit payload")


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys: the same value always gives the same text."""
    options = orjson.OPT_SORT_KEYS | orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
    return orjson.dumps(value, default=_plain, option=options).decode()


def timestamp(moment: datetime) -> str:
    """A moment as the chain writes it: UTC, microseconds, ``Z``; a naive time is refused."""
    if moment.tzinfo is None:
        raise ValueError(f"audit time without a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_of(entry: AuditEntryRecord) -> dict[str, Any]:
    """Everything an entry says, as hashed (the payload as its canonical text)."""
    return {
        "v": FORMAT_VERSION,
        "sequence": entry.sequence,
        "recorded_at": timestamp(entry.recorded_at),
        "actor": entry.actor,
        "organization_id": entry.organization_id,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "payload": entry.payload,
        "previous_hash": entry.previous_hash,
    }


def entry_hash(entry: AuditEntryRecord) -> str:
    """The SHA-256 (hex) of the entry's canonical content; ``entry.entry_hash`` is ignored."""
    return hashlib.sha256(canonical_json(content_of(entry)).encode()).hexdigest()
