"""The keys this instance pins for exporters of other instances (the operator's): bundles that
claim such an exporter are believed only when signed with its pinned key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from truemark.alliance import distrust_exporter, trust_exporter, trusted_exporters
from truemark.alliance.trust import parse_public_key
from truemark.api.routes.intel import AllianceDep, CallerDep
from truemark.api.schemas.intel import (
    DistrustedExporterPublic,
    TrustedExporterPublic,
    TrustUpdate,
)
from truemark.store.types import utc_now

Exporter = Annotated[str, Path(min_length=1, max_length=100, description="the exporter's slug")]

router = APIRouter(prefix="/intel/trusted", tags=["intel"])


@router.get("")
def list_trusted(alliance: AllianceDep, caller: CallerDep) -> list[TrustedExporterPublic]:
    """Every remote exporter with a pinned key (operator only)."""
    pins = trusted_exporters(alliance, caller)
    return [TrustedExporterPublic.model_validate(pin) for pin in pins]


@router.put("/{exporter}")
def put_trusted(
    alliance: AllianceDep, caller: CallerDep, exporter: Exporter, body: TrustUpdate
) -> TrustedExporterPublic:
    """Pin (or replace) the key of a remote exporter (operator admins only); audited."""
    key = parse_public_key(body.public_key, "public_key")
    pin = trust_exporter(alliance, caller, exporter, key, body.note, utc_now())
    return TrustedExporterPublic.model_validate(pin)


@router.delete("/{exporter}")
def delete_trusted(
    alliance: AllianceDep, caller: CallerDep, exporter: Exporter, suspend_items: bool = False
) -> DistrustedExporterPublic:
    """Unpin a remote exporter's key (operator admins only): its bundles are refused from now
    on; with ``suspend_items`` the items already imported from it stop matching too (until a
    bundle under a key pinned again carries them); audited. Answers the pin removed and how many
    items were suspended."""
    pin, suspended = distrust_exporter(alliance, caller, exporter, utc_now(), suspend_items)
    answer = DistrustedExporterPublic.model_validate(pin)
    return answer.model_copy(update={"suspended_items": suspended})
