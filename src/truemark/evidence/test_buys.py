"""Test buys: a purchase made from a listing to check the goods. A confirmed fake is strong
evidence: it is counted per seller and per network, and raises the network's risk.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from truemark.cases.access import WRITERS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import InputError, NotFoundError, PermissionDenied
from truemark.store import OrganizationKind, Scope, UnitOfWork
from truemark.store.evidence_records import TestBuyPhotoRecord, TestBuyRecord

BUYERS = frozenset({OrganizationKind.OPERATOR, OrganizationKind.BRAND})
MAX_PHOTO_BYTES = 20 * 1024 * 1024


class TestBuyResult(StrEnum):
    """What the item turned out to be."""

    __test__ = False

    GENUINE = "genuine"
    FAKE = "fake"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True, slots=True)
class Purchase:
    """A test buy as its buyer reports it; ``seller_id`` defaults to the listing's seller."""

    listing_id: str
    order_ref: str
    ordered_at: datetime
    cost: Decimal
    currency: str
    result: TestBuyResult
    buyer: str
    item_received: str = ""
    received_at: datetime | None = None
    notes: str = ""
    seller_id: str | None = None
    photos: tuple[TestBuyPhotoRecord, ...] = ()


def photo(filename: str, content: bytes) -> TestBuyPhotoRecord:
    """A photo of the item received; InputError unless it is a readable image."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if not name or len(content) > MAX_PHOTO_BYTES:
        raise InputError(f"{filename}: a photo must have a name and be at most 20 MiB")
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InputError(f"{filename}: not an image (JPEG, PNG, WebP, ...)") from None
    return TestBuyPhotoRecord(name, hashlib.sha256(content).hexdigest(), content)


def scope_of(principal: Principal) -> Scope:
    """The operator sees every test buy, a brand those it made, nobody else any."""
    principal.require(BUYERS, None, "see test buys")
    if principal.is_operator:
        return Scope.everything()
    assert principal.organization_id is not None
    return Scope.of(principal.organization_id)


def _seller_of(work: UnitOfWork, purchase: Purchase) -> str:
    if purchase.seller_id:
        return purchase.seller_id
    try:
        return work.cases.listing(purchase.listing_id).seller_id
    except NotFoundError:
        raise InputError(
            f"listing {purchase.listing_id!r} is not in the database: name its seller too"
        ) from None


def record_test_buy(
    work: UnitOfWork, principal: Principal, purchase: Purchase, moment: datetime
) -> TestBuyRecord:
    """Store a test buy linked to its listing, seller and network (with its photos)."""
    principal.require(BUYERS, WRITERS, "record test buys")
    if principal.organization_id is None:
        raise PermissionDenied("a test buy is recorded for an organization: act as one (--org)")
    if purchase.cost < 0:
        raise InputError(f"test buy {purchase.order_ref}: cost must not be negative")
    seller = _seller_of(work, purchase)
    network = work.networks.of_sellers([seller]).get(seller)
    record = work.test_buys.add(
        {
            "organization_id": principal.organization_id,
            "listing_id": purchase.listing_id,
            "seller_id": seller,
            "network_id": network,
            "order_ref": purchase.order_ref,
            "ordered_at": purchase.ordered_at,
            "cost": purchase.cost,
            "currency": purchase.currency.upper(),
            "received_at": purchase.received_at,
            "item_received": purchase.item_received,
            "result": purchase.result.value,
            "buyer": purchase.buyer,
            "notes": purchase.notes,
            "recorded_by": principal.actor,
            "created_at": moment,
        },
        purchase.photos,
    )
    details = (
        ("listing_id", record.listing_id),
        ("seller_id", seller),
        ("network_id", network),
        ("result", record.result),
        ("cost", str(record.cost)),
        ("currency", record.currency),
        ("photos", tuple(p.sha256 for p in record.photos)),
    )
    change = StateChange("test_buy.recorded", f"test_buy:{record.id}", details)
    Enforcer(work, principal.actor, principal.organization_id, moment).apply([change])
    return record


def list_test_buys(
    work: UnitOfWork, principal: Principal, seller_ids: tuple[str, ...] | None = None
) -> list[TestBuyRecord]:
    return work.test_buys.find(scope_of(principal), seller_ids)


def get_test_buy(work: UnitOfWork, principal: Principal, test_buy_id: int) -> TestBuyRecord:
    return work.test_buys.get(scope_of(principal), test_buy_id)
