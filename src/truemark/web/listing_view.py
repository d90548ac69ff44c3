"""What the listing page shows beside the case itself: the price against the reference MSRP,
and the history of the case, its listing and its seller, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from truemark.cases.access import Principal
from truemark.cases.history import effect_log
from truemark.cases.queue import list_decisions
from truemark.store import Scope, UnitOfWork
from truemark.store.enforcement_records import CaseRecord
from truemark.store.paging import PageRequest

SELLER_CHANGES = frozenset({"seller.strike", "seller.standing", "seller.close"})
HISTORY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class PriceView:
    """The listing price (and in USD), the MSRP it was held against, and the ratio."""

    usd: float | None
    reference_usd: float | None
    reference_kind: str | None
    """The scan's ``price.ref_kind`` (product, category, brand), or "catalog": the brand's
    median MSRP in the listing's currency, where the scan stored none."""
    ratio: float | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    kind: str
    actor: str
    details: str


def price_view(work: UnitOfWork, case: CaseRecord) -> PriceView:
    """The scan's price signals when stored; else the brand's median MSRP in the same currency."""
    signals = case.signals
    if signals.get("price.ref_msrp_usd") is not None:
        return PriceView(
            signals.get("price.usd"),
            signals["price.ref_msrp_usd"],
            signals.get("price.ref_kind"),
            signals.get("price.ratio"),
        )
    products = work.catalog.products(Scope.everything(), case.brand_slug)
    prices = [float(p.msrp) for p in products if p.currency == case.currency]
    typical = median(prices) if prices else None
    ratio = signals.get("price.ratio")
    if ratio is None and typical and case.price is not None:
        ratio = case.price / typical
    usd = case.price if case.currency == "USD" else None
    return PriceView(usd, typical if case.currency == "USD" else None, "catalog", ratio)


def _entries(work: UnitOfWork, principal: Principal, subject: str) -> list[HistoryEntry]:
    log = effect_log(work, principal, PageRequest(HISTORY_LIMIT, 0), subject=subject).items
    return [
        HistoryEntry(
            e.created_at,
            e.kind,
            e.actor,
            ", ".join(f"{k}: {v}" for k, v in e.payload.items() if v not in ("", None, [], ())),
        )
        for e in log
    ]


def case_history(work: UnitOfWork, principal: Principal, case: CaseRecord) -> list[HistoryEntry]:
    """The operator: every change of the case, its listing's own takedowns and reinstatements,
    and the seller's strikes, standing and closure. A brand: the decisions on its case."""
    if not principal.is_operator:
        decisions = list_decisions(work, principal, PageRequest(100, 0), case.id).items
        return [
            HistoryEntry(d.decided_at, f"case.{d.outcome.value}", d.actor,
                         f"{d.source.value}: {d.note}" if d.note else d.source.value)
            for d in reversed(decisions)
        ]  # fmt: skip
    entries = _entries(work, principal, f"case:{case.id}")
    entries += _entries(work, principal, f"listings:{case.listing_id}")
    seller = _entries(work, principal, f"seller:{case.seller_id}")
    entries += [entry for entry in seller if entry.kind in SELLER_CHANGES]
    return sorted(entries, key=lambda entry: entry.at)
