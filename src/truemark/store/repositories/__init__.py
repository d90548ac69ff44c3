"""Repositories: a few narrow methods per aggregate; they take and return plain records."""

from truemark.store.repositories.api_keys import ApiKeyRepository
from truemark.store.repositories.cases import CaseFilter, CaseRepository
from truemark.store.repositories.catalog import CatalogRepository
from truemark.store.repositories.counter_notices import CounterNoticeRepository
from truemark.store.repositories.decisions import DecisionRepository
from truemark.store.repositories.effects import EffectRepository
from truemark.store.repositories.networks import NetworkRepository
from truemark.store.repositories.notices import NoticeRepository, NoticeScope
from truemark.store.repositories.organizations import OrganizationRepository
from truemark.store.repositories.sellers import SellerRepository
from truemark.store.repositories.strikes import StrikeRepository
from truemark.store.repositories.users import UserRepository

__all__ = [
    "ApiKeyRepository",
    "CaseFilter",
    "CaseRepository",
    "CatalogRepository",
    "CounterNoticeRepository",
    "DecisionRepository",
    "EffectRepository",
    "NetworkRepository",
    "NoticeRepository",
    "NoticeScope",
    "OrganizationRepository",
    "SellerRepository",
    "StrikeRepository",
    "UserRepository",
]
