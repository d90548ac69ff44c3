"""The database: SQLAlchemy models, Alembic migrations, repositories and import services.

SQLAlchemy stays inside this package: callers get a :class:`Store`, open a unit of work and
call narrow repository methods that take and return plain records.
"""

from truemark.store.db import make_engine, session_scope
from truemark.store.migrate import current_revision, head_revision, require_current, upgrade
from truemark.store.records import (
    ApiKeyRecord,
    BrandRecord,
    IssuedApiKey,
    OrganizationKind,
    OrganizationRecord,
    ProductRecord,
    ReferenceImageRecord,
    Role,
    Scope,
    SellerRecord,
    TrademarkRecord,
    UserRecord,
    VerifiedApiKey,
)
from truemark.store.reports import (
    CatalogImportReport,
    SellerImportReport,
    SellerUpsertCounts,
    TableCounts,
)
from truemark.store.unit_of_work import Store, UnitOfWork

__all__ = [
    "ApiKeyRecord",
    "BrandRecord",
    "CatalogImportReport",
    "IssuedApiKey",
    "OrganizationKind",
    "OrganizationRecord",
    "ProductRecord",
    "ReferenceImageRecord",
    "Role",
    "Scope",
    "SellerImportReport",
    "SellerRecord",
    "SellerUpsertCounts",
    "Store",
    "TableCounts",
    "TrademarkRecord",
    "UnitOfWork",
    "UserRecord",
    "VerifiedApiKey",
    "current_revision",
    "head_revision",
    "make_engine",
    "require_current",
    "session_scope",
    "upgrade",
]
