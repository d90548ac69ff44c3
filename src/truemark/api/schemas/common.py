"""Shapes every resource shares: a page of results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from truemark.store.paging import Page

Public = TypeVar("Public", bound=BaseModel)


class PublicModel(BaseModel):
    """Built from the store's records by attribute."""

    model_config = ConfigDict(from_attributes=True)


class PagePublic(BaseModel, Generic[Public]):
    items: list[Public]
    total: int
    limit: int
    offset: int


def page_of(page: Page[Any], convert: Callable[[Any], Public]) -> dict[str, Any]:
    """A store page as the fields of a ``PagePublic``."""
    return {
        "items": [convert(item) for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }
