"""Schemas of the intel API: sharing rules, intel items, bundle import reports, and the keys
pinned for exporters of other instances."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field, field_serializer

from truemark.api.schemas.common import PublicModel


class RuleUpdate(BaseModel):
    audience: str = Field(description="all, named or operator")
    members: list[str] = Field(default_factory=list, description="slugs, for audience named")
    automatic: bool = Field(default=True, description="false: share only approved items")


class RulePublic(PublicModel):
    organization_id: int
    kind: str
    audience: str
    members: tuple[str, ...]
    automatic: bool


class ItemCreate(BaseModel):
    kind: str = Field(description="photo_hash, infringer, cue_term or racket_indicator")
    value: str = Field(
        max_length=400,
        description=(
            "photo_hash: 64 hex digits; infringer: ATTRIBUTE:HMAC; cue_term: the term; "
            "racket_indicator: TYPE:VALUE (domain, email, handle, phone, whatsapp, ship_from, "
            "store_name)"
        ),
    )
    source: str = Field(default="", max_length=256, description="the case or network behind it")
    confidence: float = Field(ge=0.0, le=1.0)
    expires_at: AwareDatetime | None = None


class ItemPublic(PublicModel):
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


class ImportReportPublic(PublicModel):
    exporter: str
    added: int
    retracted: int
    duplicates: int
    key_id: str = Field(description="the exporter's key the bundle's signature was verified with")
    key_source: str = Field(
        description="local (an evidence key of an organization of this instance) or pinned "
        "(the key pinned for an exporter of another instance)"
    )


class TrustUpdate(BaseModel):
    public_key: str = Field(
        max_length=1000, description="the exporter's Ed25519 key: 64 hex digits or PEM text"
    )
    note: str = Field(default="", max_length=400, description="why, or how the key arrived")


class TrustedExporterPublic(PublicModel):
    exporter: str
    key_id: str
    public_key: bytes = Field(description="the pinned raw Ed25519 key, 64 hex digits")
    note: str
    pinned_by: str
    pinned_at: datetime

    @field_serializer("public_key")
    def _hex(self, public_key: bytes) -> str:
        return public_key.hex()


class DistrustedExporterPublic(TrustedExporterPublic):
    suspended_items: int = Field(
        0, description="items imported from the exporter that stopped matching (suspend_items)"
    )
