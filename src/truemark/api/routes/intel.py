"""Alliance intelligence: sharing rules, intel items, and signed bundles exchanged between
members or instances (GET a bundle for a recipient, POST one to import it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from truemark.alliance import (
    AllianceWork,
    IntelDraft,
    alliance_work,
    approve_item,
    bundle_for_recipient,
    confirm_item,
    export_bundle,
    import_bundle,
    retract_item,
    set_rule,
    visible_items,
)
from truemark.api.auth import SESSION_COOKIE, authenticate
from truemark.api.context import SettingsDep, bearer, store_dep
from truemark.api.routes.users import own_organization
from truemark.api.schemas.intel import (
    ImportReportPublic,
    ItemCreate,
    ItemPublic,
    RulePublic,
    RuleUpdate,
)
from truemark.cases.access import Principal
from truemark.errors import InputError, PermissionDenied
from truemark.store import Store
from truemark.store.alliance_records import SharingRuleRecord
from truemark.store.types import utc_now

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Organization = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
BUNDLE_MEDIA_TYPE = "application/x-ndjson"

router = APIRouter(prefix="/intel", tags=["intel"])


def alliance_dep(store: Annotated[Store, Depends(store_dep)]) -> Iterator[AllianceWork]:
    """One transaction per request over the store and the intel items."""
    with alliance_work(store) as alliance:
        yield alliance


AllianceDep = Annotated[AllianceWork, Depends(alliance_dep, scope="function")]


def caller_dep(
    request: Request,
    alliance: AllianceDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, authenticated inside the request's alliance transaction."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    return authenticate(alliance.work, settings.require_secret_key(), token)


CallerDep = Annotated[Principal, Depends(caller_dep)]


async def bundle_body(request: Request) -> bytes:
    """The raw bytes of a posted bundle."""
    return await request.body()


@router.put("/rules/{kind}")
def put_rule(
    alliance: AllianceDep,
    caller: CallerDep,
    kind: str,
    body: RuleUpdate,
    organization_id: Organization = None,
) -> RulePublic:
    """Set what the organization shares of one kind of item, with whom, automatic or not."""
    org_id = own_organization(caller, organization_id)
    rule = SharingRuleRecord(org_id, kind, body.audience, tuple(body.members), body.automatic)
    return RulePublic.model_validate(set_rule(alliance, caller, org_id, rule, utc_now()))


@router.post("/items", status_code=201)
def post_item(
    alliance: AllianceDep, caller: CallerDep, body: ItemCreate, organization_id: Organization = None
) -> ItemPublic:
    """Record an item the organization confirmed (shared as its rules say)."""
    org_id = own_organization(caller, organization_id)
    draft = IntelDraft(body.kind, body.value, body.source, body.confidence, body.expires_at)
    return ItemPublic.model_validate(confirm_item(alliance, caller, org_id, draft, utc_now()))


@router.get("/items")
def get_items(
    alliance: AllianceDep, caller: CallerDep, organization_id: Organization = None
) -> list[ItemPublic]:
    """The active items the organization may use: its own and those shared to it."""
    org_id = own_organization(caller, organization_id)
    if not caller.is_operator and caller.organization_id != org_id:
        raise PermissionDenied("an organization sees only the intel it may use itself")
    return [ItemPublic.model_validate(item) for item in visible_items(alliance, org_id, utc_now())]


@router.post("/items/{item_id}/retract")
def post_retraction(
    alliance: AllianceDep, caller: CallerDep, item_id: RowId, organization_id: Organization = None
) -> ItemPublic:
    """Withdraw an item the organization confirmed; the next bundles carry the withdrawal."""
    org_id = own_organization(caller, organization_id)
    return ItemPublic.model_validate(retract_item(alliance, caller, org_id, item_id, utc_now()))


@router.post("/items/{item_id}/approve")
def post_approval(
    alliance: AllianceDep, caller: CallerDep, item_id: RowId, organization_id: Organization = None
) -> ItemPublic:
    """Approve an item for sharing under a rule that needs approval."""
    org_id = own_organization(caller, organization_id)
    return ItemPublic.model_validate(approve_item(alliance, caller, org_id, item_id))


@router.get(
    "/bundles",
    response_class=Response,
    responses={200: {"content": {BUNDLE_MEDIA_TYPE: {"schema": {"type": "string"}}}}},
)
def get_bundle(
    alliance: AllianceDep,
    caller: CallerDep,
    settings: SettingsDep,
    recipient: Annotated[str, Query(min_length=1, max_length=100)],
    exporter: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description="fetch what this exporter shares with the caller (the recipient)",
        ),
    ] = None,
    organization_id: Organization = None,
) -> Response:
    """The signed bundle of what the organization shares with ``recipient`` (a slug); with
    ``exporter``, the recipient fetches what that exporter shares with it."""
    secret, moment = settings.require_secret_key(), utc_now()
    if exporter is not None:
        recipient_id = alliance.work.organizations.by_slug(recipient).id
        bundle = bundle_for_recipient(alliance, caller, exporter, recipient_id, secret, moment)
    else:
        org_id = own_organization(caller, organization_id)
        bundle = export_bundle(alliance, caller, org_id, recipient, secret, moment)
    return Response(bundle, media_type=BUNDLE_MEDIA_TYPE)


@router.post(
    "/bundles",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "the bundle's bytes, as GET /intel/bundles gave them",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def post_bundle(
    alliance: AllianceDep,
    caller: CallerDep,
    content: Annotated[bytes, Depends(bundle_body)],
    public_key: Annotated[
        str | None,
        Query(
            description="the exporter's raw Ed25519 key, 64 hex digits: optional, and when "
            "given it must be the key held here for the exporter (pinned, or its own)"
        ),
    ] = None,
    organization_id: Organization = None,
) -> ImportReportPublic:
    """Verify a bundle addressed to the organization with the key held here for its exporter
    and import it; altered bundles and bundles of untrusted exporters are refused."""
    org_id = own_organization(caller, organization_id)
    try:
        key = None if public_key is None else bytes.fromhex(public_key)
    except ValueError:
        raise InputError("public_key is not hex") from None
    if key is not None and len(key) != 32:
        raise InputError("public_key is not 32 bytes (64 hex digits)")
    report = import_bundle(alliance, caller, org_id, content, "bundle", utc_now(), key)
    return ImportReportPublic.model_validate(report)
