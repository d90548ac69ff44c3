"""Organizations, users, API keys and sessions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from truemark.api.schemas.common import PublicModel
from truemark.store import OrganizationKind, Role


class OrganizationCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: OrganizationKind
    slug: str | None = None
    seller_ids: list[str] = Field(default=[], description="stores a seller organization runs")


class OrganizationPublic(PublicModel):
    id: int
    slug: str
    name: str
    kind: OrganizationKind


class UserCreate(BaseModel):
    organization_id: int | None = Field(default=None, description="default: your own")
    email: str
    password: str = Field(min_length=12)
    role: Role


class UserPublic(PublicModel):
    id: int
    organization_id: int
    email: str
    role: Role
    is_active: bool
    created_at: datetime


class KeyCreate(BaseModel):
    organization_id: int | None = Field(default=None, description="default: your own")
    name: str = Field(min_length=1, max_length=100)
    role: Role


class KeyPublic(PublicModel):
    id: int
    organization_id: int
    name: str
    prefix: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


class IssuedKeyPublic(BaseModel):
    key: KeyPublic
    secret: str = Field(description="shown this once; only its hash is kept")


class LoginCreate(BaseModel):
    email: str
    password: str


class SessionPublic(BaseModel):
    token: str
    token_type: str = "bearer"
    organization_id: int | None
    kind: OrganizationKind
    role: Role
    actor: str
