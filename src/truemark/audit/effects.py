"""The enforcement hook: every effect the Enforcer logs is appended to the audit chain too."""

from __future__ import annotations

from truemark.audit.log import AuditEvent, append
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import EffectLogRecord


def subject_parts(subject: str) -> tuple[str, str]:
    """``"seller:s-1"`` -> ("seller", "s-1"); a subject without a colon has an empty id."""
    kind, _, name = subject.partition(":")
    return kind, name


def record_effect(work: UnitOfWork, effect: EffectLogRecord) -> None:
    """Append a logged effect to the audit log, in the same transaction."""
    kind, name = subject_parts(effect.subject)
    event = AuditEvent(
        actor=effect.actor,
        action=effect.kind,
        subject_type=kind,
        subject_id=name,
        organization_id=effect.organization_id,
        payload={"effect_id": effect.id, **effect.payload},
    )
    append(work.audit, event, effect.created_at)
