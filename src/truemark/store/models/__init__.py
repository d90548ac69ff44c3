"""The ORM models; importing this package registers every table on ``Base.metadata``."""

from truemark.store.models.alliance import IntelItem, SharingRule
from truemark.store.models.alliance_trust import TrustedExporter
from truemark.store.models.audit import AuditEntry, AuditHead
from truemark.store.models.cases import Case, Decision, Listing
from truemark.store.models.catalog import (
    AuthorizedSeller,
    Brand,
    BrandReferenceImage,
    Product,
    Trademark,
)
from truemark.store.models.evidence import (
    EvidenceKey,
    EvidencePack,
    Referral,
    ReferralOutcome,
    TestBuy,
    TestBuyPhoto,
)
from truemark.store.models.networks import Network, NetworkLink, NetworkMember
from truemark.store.models.notices import CounterNotice, Notice, NoticeItem, OutboxMessage
from truemark.store.models.organizations import ApiKey, Organization, User
from truemark.store.models.sellers import Seller
from truemark.store.models.serial import (
    SerialCloneFlag,
    SerialKey,
    SerialRange,
    SerialVerification,
)
from truemark.store.models.strikes import EffectLog, SellerStanding, Strike

__all__ = [
    "ApiKey",
    "AuditEntry",
    "AuditHead",
    "AuthorizedSeller",
    "Brand",
    "BrandReferenceImage",
    "Case",
    "CounterNotice",
    "Decision",
    "EffectLog",
    "EvidenceKey",
    "EvidencePack",
    "IntelItem",
    "Listing",
    "Network",
    "NetworkLink",
    "NetworkMember",
    "Notice",
    "NoticeItem",
    "Organization",
    "OutboxMessage",
    "Product",
    "Referral",
    "ReferralOutcome",
    "Seller",
    "SellerStanding",
    "SerialCloneFlag",
    "SerialKey",
    "SerialRange",
    "SerialVerification",
    "SharingRule",
    "Strike",
    "TestBuy",
    "TestBuyPhoto",
    "Trademark",
    "TrustedExporter",
    "User",
]
