"""Scan results into cases: flagged listings per brand, de-duplicated across re-scans.

``counterfeit`` at or above the policy's risk is confirmed and taken down at once; everything
else flagged waits in the review queue. A listing scanned again updates its case (risk, reasons,
signals, one more scan) and never reopens a decided one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import polars as pl

from truemark.cases.access import WRITERS, Principal
from truemark.cases.decisions import record_decision
from truemark.enforce.config import EnforcementConfig
from truemark.store import OrganizationKind, Scope, UnitOfWork
from truemark.store.enforcement_records import CaseStatus, DecisionOutcome, DecisionSource

FLAGGED = ("counterfeit", "suspect")
LISTING_COLUMNS = ("seller_id", "title", "price", "currency", "ship_from", "quantity_sold")


@dataclass(frozen=True, slots=True)
class CaseImportReport:
    flagged: int  # flagged rows with a brand in the results
    opened: int  # new cases
    refreshed: int  # cases that existed (a re-scan)
    queued: int  # new cases waiting for review
    taken_down: int  # new cases confirmed by policy
    unknown_brand: int  # rows naming a brand the catalog does not hold
    unknown_listing: int  # rows whose listing is not in the listings file


def flagged_cases(results: pl.DataFrame, listings: pl.DataFrame) -> tuple[pl.DataFrame, int, int]:
    """Flagged rows joined to their listing; (rows, flagged count, rows without a listing)."""
    flagged = (
        results.filter(pl.col("verdict").is_in(FLAGGED) & pl.col("brand_id").is_not_null())
        .unique(subset=["listing_id", "brand_id"], keep="last", maintain_order=True)
        .with_row_index("_order")
    )
    known = [c for c in ("listing_id", *LISTING_COLUMNS, "images") if c in listings.columns]
    joined = flagged.join(
        listings.select(known).unique("listing_id", keep="last"), on="listing_id", how="inner"
    )
    joined = joined.sort("_order").drop("_order")  # cases open in the order of the results
    return joined, flagged.height, flagged.height - joined.height


def _snapshot(rows: pl.DataFrame, moment: datetime) -> pl.DataFrame:
    names = ["listing_id", *(c for c in (*LISTING_COLUMNS, "images") if c in rows.columns)]
    snapshot = rows.select(names).unique("listing_id", keep="last")
    if "images" in names:
        no_images = pl.lit([], pl.List(pl.String))
        snapshot = snapshot.with_columns(
            pl.col("images").cast(pl.List(pl.String)).fill_null(no_images)
        )
    return snapshot.with_columns(pl.lit(moment).alias("updated_at"))


def import_results(
    work: UnitOfWork,
    principal: Principal,
    results: pl.DataFrame,
    listings: pl.DataFrame,
    config: EnforcementConfig,
    moment: datetime,
) -> CaseImportReport:
    """Open or refresh a case for every flagged (listing, brand); act on the sure ones."""
    principal.require(frozenset({OrganizationKind.OPERATOR}), WRITERS, "import scan results")
    rows, flagged, unknown_listing = flagged_cases(results, listings)
    brands = work.cases.brand_ids(rows["brand_id"].unique().to_list())
    known = rows.filter(pl.col("brand_id").is_in(list(brands)))
    work.cases.upsert_listings(_snapshot(known, moment).to_arrow())
    networks = work.networks.of_sellers(known["seller_id"].unique().to_list())
    existing = work.cases.existing(known["listing_id"].to_list())
    fresh: list[dict[str, Any]] = []
    again: list[dict[str, Any]] = []
    for row in known.iter_rows(named=True):
        brand_id, organization_id = brands[row["brand_id"]]
        values = _case_values(row, networks.get(row["seller_id"]), moment)
        if (row["listing_id"], brand_id) in existing:
            again.append({**values, "id": existing[(row["listing_id"], brand_id)][0]})
        else:
            fresh.append({**values, "brand_id": brand_id, "organization_id": organization_id})
    work.cases.refresh_cases(again)
    opened = work.cases.insert_cases(fresh)
    sure = {
        opened[(row["listing_id"], row["brand_id"])]
        for row in fresh
        if row["verdict"] == "counterfeit" and row["risk"] >= config.import_.auto_takedown_min_risk
    }
    for case_id in sorted(sure):
        case = work.cases.get(Scope.everything(), case_id)
        note = f"risk {case.risk:.2f} >= {config.import_.auto_takedown_min_risk} (policy)"
        record_decision(
            work,
            principal,
            case,
            DecisionOutcome.CONFIRM,
            DecisionSource.POLICY,
            note,
            config,
            moment,
        )
    return CaseImportReport(
        flagged=flagged,
        opened=len(fresh),
        refreshed=len(again),
        queued=len(fresh) - len(sure),
        taken_down=len(sure),
        unknown_brand=rows.height - known.height,
        unknown_listing=unknown_listing,
    )


def _case_values(row: dict[str, Any], network_id: str | None, moment: datetime) -> dict[str, Any]:
    signals = row.get("signals")
    if isinstance(signals, str):
        signals = orjson.loads(signals) if signals else {}
    return {
        "listing_id": row["listing_id"],
        "risk": float(row["risk"]),
        "verdict": row["verdict"],
        "reasons": _reasons(row.get("reasons")),
        "signals": signals or {},
        "network_id": network_id,
        "status": CaseStatus.QUEUED,
        "updated_at": moment,
        "created_at": moment,
    }


def _reasons(value: Any) -> list[str]:
    """Reason codes from a list, or from the JSON array text a CSV results file holds."""
    if isinstance(value, str):
        value = orjson.loads(value) if value.strip() else []
    return [str(code) for code in value or []]
