"""Append to the audit log inside the caller's transaction, with the head locked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from truemark.audit.chain import canonical_json, entry_hash
from truemark.store.evidence_records import AuditEntryRecord
from truemark.store.repositories.audit import AuditRepository
from truemark.store.types import utc_now


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """A state change to record: who did what to which subject, with its details."""

    actor: str
    action: str
    subject_type: str
    subject_id: str
    organization_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def append(
    log: AuditRepository, event: AuditEvent, moment: datetime | None = None
) -> AuditEntryRecord:
    """Chain ``event`` after the newest entry and return the stored entry.

    The head row is locked first, so a concurrent writer waits until this transaction ends and
    then chains after this entry; the entry is kept only if the caller's transaction commits.
    """
    moment = moment or utc_now()
    head = log.lock_head(moment)
    entry = AuditEntryRecord(
        sequence=head.sequence + 1,
        recorded_at=moment,
        actor=event.actor,
        organization_id=event.organization_id,
        action=event.action,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        payload=canonical_json(event.payload),
        previous_hash=head.entry_hash,
        entry_hash="",
    )
    entry = replace(entry, entry_hash=entry_hash(entry))
    log.add(
        {
            "sequence": entry.sequence,
            "recorded_at": entry.recorded_at,
            "actor": entry.actor,
            "organization_id": entry.organization_id,
            "action": entry.action,
            "subject_type": entry.subject_type,
            "subject_id": entry.subject_id,
            "payload": entry.payload,
            "previous_hash": entry.previous_hash,
            "entry_hash": entry.entry_hash,
        }
    )
    return entry
