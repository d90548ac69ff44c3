"""Seller networks: import them in bulk, read one with its members and link evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.bulk import LOOKUP_CHUNK
from truemark.store.enforcement_records import NetworkLinkRecord, NetworkRecord
from truemark.store.models import Network, NetworkLink, NetworkMember
from truemark.store.paging import Page, PageRequest, paged

SORTABLE = {
    "network_id": Network.network_id,
    "risk": Network.risk,
    "size": Network.size,
    "flagged_sales_usd": Network.flagged_sales_usd,
}


def _record(row: Network, members: tuple[str, ...] = ()) -> NetworkRecord:
    return NetworkRecord(
        row.network_id,
        row.size,
        row.risk,
        row.flagged_listings,
        row.flagged_sales_usd,
        members,
        row.test_buy_fakes,
        tuple(row.intel or ()),
    )


class NetworkRepository:
    """Networks are platform-wide (the operator's), not brand-owned."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def replace(
        self,
        networks: Sequence[dict[str, Any]],
        members: Sequence[dict[str, Any]],
        links: Sequence[dict[str, Any]],
    ) -> None:
        """Replace the given networks (by ``network_id``) with these rows, members and links.

        ``members`` and ``links`` name their network by ``network_id`` (the string id).
        """
        names = [row["network_id"] for row in networks]
        self._session.execute(delete(Network).where(Network.network_id.in_(names)))
        if not networks:
            return
        self._session.execute(insert(Network), list(networks))
        query = select(Network.network_id, Network.id).where(Network.network_id.in_(names))
        ids = {name: key for name, key in self._session.execute(query)}
        if members:
            rows = [{**row, "network_id": ids[row["network_id"]]} for row in members]
            self._session.execute(insert(NetworkMember), rows)
        if links:
            rows = [{**row, "network_id": ids[row["network_id"]]} for row in links]
            self._session.execute(insert(NetworkLink), rows)

    def find(self, page: PageRequest, min_size: int = 2) -> Page[NetworkRecord]:
        query = select(Network).where(Network.size >= min_size)
        rows, total = paged(self._session, query, page, SORTABLE, "-risk", Network.id)
        return Page([_record(row[0]) for row in rows], total, page.limit, page.offset)

    def get(self, network_id: str) -> NetworkRecord:
        row = self._session.scalar(select(Network).where(Network.network_id == network_id))
        if row is None:
            raise NotFoundError(f"no network {network_id!r}")
        query = select(NetworkMember.seller_id).where(NetworkMember.network_id == row.id)
        return _record(row, tuple(self._session.scalars(query.order_by(NetworkMember.seller_id))))

    def links(self, network_id: str) -> list[NetworkLinkRecord]:
        query = (
            select(NetworkLink)
            .join(Network, Network.id == NetworkLink.network_id)
            .where(Network.network_id == network_id)
            .order_by(NetworkLink.seller_a, NetworkLink.seller_b)
        )
        return [
            NetworkLinkRecord(
                row.seller_a, row.seller_b, row.bits, tuple(row.attributes), tuple(row.values)
            )
            for row in self._session.scalars(query)
        ]

    def of_sellers(self, seller_ids: Sequence[str]) -> dict[str, str]:
        """Seller id -> network id for the sellers that belong to a network."""
        found: dict[str, str] = {}
        for start in range(0, len(seller_ids), LOOKUP_CHUNK):
            query = (
                select(NetworkMember.seller_id, Network.network_id)
                .join(Network, Network.id == NetworkMember.network_id)
                .where(
                    NetworkMember.seller_id.in_(seller_ids[start : start + LOOKUP_CHUNK]),
                    Network.size > 1,
                )
            )
            found.update({seller: network for seller, network in self._session.execute(query)})
        return found
