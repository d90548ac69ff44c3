"""Sellers: bulk upsert of identity attributes from Arrow batches, look-up by seller id."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.base import Base
from truemark.store.bulk import bulk_upsert
from truemark.store.models import Seller
from truemark.store.models.sellers import IDENTITY_COLUMNS
from truemark.store.records import SellerRecord
from truemark.store.reports import SellerUpsertCounts
from truemark.store.seller_rows import last_per_seller, seller_table
from truemark.store.types import utc_now

SELLERS = Base.metadata.tables["sellers"]


class SellerRepository:
    """Store seller accounts in bulk; seller rows are platform-wide, not brand-owned."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def upsert_batch(self, batch: pa.RecordBatch | pa.Table) -> SellerUpsertCounts:
        """Insert new sellers and update changed ones; rows that did not change are not written.

        Columns the store does not know go into ``extra``. Within a batch, the last row of a
        repeated seller_id wins.
        """
        table = seller_table(batch)
        valid = table.filter(pc.is_valid(table["seller_id"]))
        unique = last_per_seller(valid)
        counts = SellerUpsertCounts(
            duplicates=valid.num_rows - unique.num_rows,
            skipped=table.num_rows - valid.num_rows,
        )
        changed = bulk_upsert(
            self._session, SELLERS, unique, key="seller_id", on_change={"updated_at": utc_now()}
        )
        unchanged = unique.num_rows - changed.inserted - changed.updated
        return counts + SellerUpsertCounts(
            inserted=changed.inserted, updated=changed.updated, unchanged=unchanged
        )

    def by_seller_id(self, seller_id: str) -> SellerRecord:
        """The seller with this marketplace id; NotFoundError when there is none."""
        row = self._session.scalar(select(Seller).where(Seller.seller_id == seller_id))
        if row is None:
            raise NotFoundError(f"no seller with id {seller_id!r}")
        return SellerRecord(
            seller_id=row.seller_id,
            extra=dict(row.extra),
            **{name: getattr(row, name) for name in IDENTITY_COLUMNS},
        )

    def count(self) -> int:
        """How many sellers the store holds."""
        return self._session.scalar(select(func.count()).select_from(Seller)) or 0
