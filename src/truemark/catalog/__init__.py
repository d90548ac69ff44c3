"""Brand catalogs: the marks, genuine products, prices and sellers that rights holders register.

Read one with :func:`load_catalog` (YAML or JSON, every problem reported with its line) or
:func:`catalog_from_dict`; the result is an immutable :class:`Catalog`.
"""

from truemark.catalog.loader import catalog_from_dict, catalog_to_dict, load_catalog
from truemark.catalog.model import Brand, Catalog, Product, Trademark
from truemark.catalog.summary import CatalogSummary, catalog_warnings, summarize

__all__ = [
    "Brand",
    "Catalog",
    "CatalogSummary",
    "Product",
    "Trademark",
    "catalog_from_dict",
    "catalog_to_dict",
    "catalog_warnings",
    "load_catalog",
    "summarize",
]
