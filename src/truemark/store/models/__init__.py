"""The ORM models; importing this package registers every table on ``Base.metadata``."""

from truemark.store.models.catalog import (
    AuthorizedSeller,
    Brand,
    BrandReferenceImage,
    Product,
    Trademark,
)
from truemark.store.models.organizations import ApiKey, Organization, User
from truemark.store.models.sellers import Seller

__all__ = [
    "ApiKey",
    "AuthorizedSeller",
    "Brand",
    "BrandReferenceImage",
    "Organization",
    "Product",
    "Seller",
    "Trademark",
    "User",
]
