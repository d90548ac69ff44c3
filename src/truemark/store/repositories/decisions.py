"""Decisions on cases, and the labels they make for training and evaluation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from truemark.store.enforcement_records import DecisionOutcome, DecisionRecord, DecisionSource
from truemark.store.models import Case, Decision
from truemark.store.paging import Page, PageRequest, paged
from truemark.store.records import Scope

SORTABLE = {"id": Decision.id, "decided_at": Decision.decided_at}


def _record(row: Decision, listing_id: str) -> DecisionRecord:
    return DecisionRecord(
        row.id,
        row.case_id,
        row.organization_id,
        listing_id,
        row.outcome,
        row.source,
        row.note,
        row.actor,
        row.decided_at,
    )


class DecisionRepository:
    """Append decisions; read them by scope; turn the latest per listing into labels."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        case_id: int,
        organization_id: int,
        outcome: DecisionOutcome,
        source: DecisionSource,
        note: str,
        actor: str,
        moment: datetime,
    ) -> DecisionRecord:
        row = Decision(
            case_id=case_id,
            organization_id=organization_id,
            outcome=outcome,
            source=source,
            note=note,
            actor=actor,
            decided_at=moment,
        )
        self._session.add(row)
        self._session.flush()
        listing_id = self._session.scalar(select(Case.listing_id).where(Case.id == case_id))
        return _record(row, listing_id or "")

    def find(
        self, scope: Scope, page: PageRequest, case_id: int | None = None
    ) -> Page[DecisionRecord]:
        query: Select = select(Decision, Case.listing_id).join(Case, Case.id == Decision.case_id)
        if scope.organization_id is not None:
            query = query.where(Decision.organization_id == scope.organization_id)
        if case_id is not None:
            query = query.where(Decision.case_id == case_id)
        rows, total = paged(self._session, query, page, SORTABLE, "-id", Decision.id)
        return Page([_record(*row) for row in rows], total, page.limit, page.offset)

    def labels(self, scope: Scope) -> list[tuple[str, str]]:
        """(listing id, ``counterfeit`` | ``genuine``) from the latest decision on each listing."""
        latest = select(func.max(Decision.id)).join(Case, Case.id == Decision.case_id)
        if scope.organization_id is not None:
            latest = latest.where(Decision.organization_id == scope.organization_id)
        latest = latest.group_by(Case.listing_id)
        query = (
            select(Case.listing_id, Decision.outcome)
            .join(Case, Case.id == Decision.case_id)
            .where(Decision.id.in_(latest))
            .order_by(Case.listing_id)
        )
        return [
            (listing_id, "counterfeit" if outcome == DecisionOutcome.CONFIRM else "genuine")
            for listing_id, outcome in self._session.execute(query)
        ]
