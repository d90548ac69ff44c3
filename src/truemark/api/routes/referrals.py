"""Referrals to law enforcement: the referrer creates one and builds its signed pack; the
liaison it is addressed to (and no one else) reads it, downloads the pack, acknowledges it
and reports outcomes back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from truemark.api.context import PrincipalDep, SettingsDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.evidence import (
    OutcomeCreate,
    OutcomePublic,
    PackPublic,
    ReferralCreate,
    ReferralPublic,
)
from truemark.evidence import referrals
from truemark.evidence.keys import public_key_pem
from truemark.evidence.pack.build import build_pack, download_pack
from truemark.evidence.pack.sources import PackSources
from truemark.store.types import utc_now

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/referrals", tags=["referrals"], route_class=OneThreadRoute)


@router.post("", status_code=201)
def create_referral(work: WorkDep, principal: PrincipalDep, body: ReferralCreate) -> ReferralPublic:
    """Refer a network (all its accounts) and/or named sellers to a law-enforcement liaison."""
    referral = referrals.create_referral(
        work,
        principal,
        body.liaison,
        body.title,
        utc_now(),
        network_id=body.network_id,
        seller_ids=body.seller_ids,
        summary=body.summary,
    )
    return ReferralPublic.model_validate(referral)


@router.get("")
def list_referrals(
    work: WorkDep,
    principal: PrincipalDep,
    status: Annotated[referrals.ReferralStatus | None, Query()] = None,
) -> list[ReferralPublic]:
    """Referrals the caller made, or (a liaison) those sent to it; the operator sees all."""
    found = referrals.list_referrals(work, principal, status)
    return [ReferralPublic.model_validate(referral) for referral in found]


@router.get("/{referral_id}")
def get_referral(work: WorkDep, principal: PrincipalDep, referral_id: RowId) -> ReferralPublic:
    return ReferralPublic.model_validate(referrals.get_referral(work, principal, referral_id))


@router.post("/{referral_id}/acknowledge")
def acknowledge(work: WorkDep, principal: PrincipalDep, referral_id: RowId) -> ReferralPublic:
    """The liaison takes the referral up."""
    referral = referrals.acknowledge(work, principal, referral_id, utc_now())
    return ReferralPublic.model_validate(referral)


@router.post("/{referral_id}/outcomes", status_code=201)
def report_outcome(
    work: WorkDep, principal: PrincipalDep, referral_id: RowId, body: OutcomeCreate
) -> OutcomePublic:
    """The liaison reports an outcome (raid, arrests, seizure, ...); ``final`` closes it."""
    outcome = referrals.Outcome(body.kind, body.details, body.count, body.occurred_at, body.final)
    stored = referrals.report_outcome(work, principal, referral_id, outcome, utc_now())
    return OutcomePublic.model_validate(stored)


@router.post("/{referral_id}/pack", status_code=201)
def build_referral_pack(
    work: WorkDep, principal: PrincipalDep, settings: SettingsDep, referral_id: RowId
) -> PackPublic:
    """Build and sign the pack from what the database holds (the CLI adds listing photos)."""
    secret = settings.require_secret_key()
    record, _content = build_pack(work, principal, referral_id, PackSources(), secret, utc_now())
    return PackPublic.model_validate(record)


@router.get("/{referral_id}/pack", response_class=Response)
def download(work: WorkDep, principal: PrincipalDep, referral_id: RowId) -> Response:
    """The newest signed pack of the referral, as a ZIP."""
    record, content = download_pack(work, principal, referral_id)
    headers = {
        "Content-Disposition": f'attachment; filename="referral-{referral_id}-pack.zip"',
        "X-Pack-SHA256": record.sha256,
        "X-Pack-Key-Id": record.key_id,
    }
    return Response(content, media_type="application/zip", headers=headers)


@router.get("/{referral_id}/pack/key", response_class=Response)
def pack_key(work: WorkDep, principal: PrincipalDep, referral_id: RowId) -> Response:
    """The public key (PEM) that signed the referral's newest pack, to check it against."""
    record, _content = download_pack(work, principal, referral_id, log=False)
    key = work.evidence_keys.by_key_id(record.key_id)
    assert key is not None  # a pack is signed by a stored key
    return Response(public_key_pem(key.public_key), media_type="application/x-pem-file")
