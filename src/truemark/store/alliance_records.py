"""Plain records of the alliance tables, as services see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IntelItemRecord:
    id: int
    organization_id: int
    uid: str
    origin: str
    kind: str
    value: str
    source: str
    confidence: float
    status: str
    approved: bool
    confirmed_at: datetime
    expires_at: datetime | None
    retracted_at: datetime | None


@dataclass(frozen=True, slots=True)
class SharingRuleRecord:
    organization_id: int
    kind: str
    audience: str
    members: tuple[str, ...]
    automatic: bool


@dataclass(frozen=True, slots=True)
class TrustedExporterRecord:
    """A remote exporter's pinned key: who pinned it, when, and why."""

    exporter: str
    key_id: str
    public_key: bytes
    note: str
    pinned_by: str
    pinned_at: datetime
