"""Repositories: a few narrow methods per aggregate; they take and return plain records."""

from truemark.store.repositories.api_keys import ApiKeyRepository
from truemark.store.repositories.catalog import CatalogRepository
from truemark.store.repositories.organizations import OrganizationRepository
from truemark.store.repositories.sellers import SellerRepository
from truemark.store.repositories.users import UserRepository

__all__ = [
    "ApiKeyRepository",
    "CatalogRepository",
    "OrganizationRepository",
    "SellerRepository",
    "UserRepository",
]
