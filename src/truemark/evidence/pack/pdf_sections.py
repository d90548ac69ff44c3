"""The body of the prosecutor's summary: the network drawn, ship-from regions, the evidence on
every link, the accounts, test buys, listing photos beside their matches, the timeline, outcomes."""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

import polars as pl
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Table
from reportlab.platypus.flowables import Flowable

from truemark.evidence.pack.gather import PackContents
from truemark.evidence.pack.graph import network_drawing
from truemark.evidence.pack.pdf_style import HEADING, NOTE, paragraph, table

MAX_ROWS = 200  # longer tables are cut here; the CSV files hold every row
MAX_PHOTO_PAIRS = 12


def money(value: float | Decimal | None) -> str:
    return "n/a" if value is None else f"{float(value):,.2f}"


def sections(
    contents: PackContents,
    regions: pl.DataFrame,
    matches: pl.DataFrame,
    photo_bytes: Mapping[str, bytes],
) -> list[Flowable]:
    fakes = {buy.seller_id for buy in contents.test_buys if buy.result == "fake"}
    sellers = list(contents.referral.seller_ids)
    flow: list[Flowable] = [paragraph("The network", HEADING)]
    flow.append(network_drawing(sellers, contents.links, fakes))
    flow.append(
        paragraph("Red: a test buy confirmed a fake. Thicker lines: stronger evidence.", NOTE)
    )
    flow += [paragraph("Where the goods ship from", HEADING)]
    flow.append(
        table(
            ["region", "listings", "sellers", "units sold", "revenue (USD)"],
            [
                (
                    r["ship_region"],
                    r["listings"],
                    r["sellers"],
                    r["units_sold"],
                    money(r["estimated_revenue_usd"]),
                )
                for r in regions.head(MAX_ROWS).iter_rows(named=True)
            ],
            [0.36, 0.16, 0.16, 0.16, 0.16],
        )
    )
    flow += [paragraph("Why these accounts are linked", HEADING)]
    flow.append(
        table(
            ["account", "account", "evidence (bits)", "shared", "values"],
            [
                (
                    r["seller_a"],
                    r["seller_b"],
                    f"{r['bits']:.1f}",
                    ", ".join(r["attributes"]),
                    "; ".join(r["values"]),
                )
                for r in contents.links.head(MAX_ROWS).iter_rows(named=True)
            ],
            [0.15, 0.15, 0.12, 0.22, 0.36],
        )
    )
    flow += [paragraph("The accounts", HEADING)]
    flow.append(
        table(
            ["seller", "store name", "country", "registered", "standing"],
            [
                (r["seller_id"], r["store_name"], r["country"], r["registered_at"], r["standing"])
                for r in contents.sellers.head(MAX_ROWS).iter_rows(named=True)
            ],
            [0.18, 0.3, 0.12, 0.24, 0.16],
        )
    )
    if contents.test_buys:
        flow += [paragraph("Test buys", HEADING)]
        flow.append(
            table(
                ["order", "listing", "seller", "ordered", "cost", "received", "result", "buyer"],
                [
                    (
                        b.order_ref,
                        b.listing_id,
                        b.seller_id,
                        f"{b.ordered_at:%Y-%m-%d}",
                        f"{b.cost:.2f} {b.currency}",
                        b.item_received,
                        b.result.upper(),
                        b.buyer,
                    )
                    for b in contents.test_buys[:MAX_ROWS]
                ],
                [0.11, 0.11, 0.11, 0.11, 0.11, 0.23, 0.1, 0.12],
            )
        )
    flow += _photo_pairs(matches, photo_bytes)
    flow += [paragraph("Enforcement timeline", HEADING)]
    flow.append(
        table(
            ["#", "when (UTC)", "who", "what", "on"],
            [
                (
                    e.sequence,
                    f"{e.recorded_at:%Y-%m-%d %H:%M}",
                    e.actor,
                    e.action,
                    f"{e.subject_type}:{e.subject_id}",
                )
                for e in contents.timeline[:MAX_ROWS]
            ],
            [0.07, 0.18, 0.25, 0.25, 0.25],
        )
    )
    return flow


def _photo_pairs(matches: pl.DataFrame, photo_bytes: Mapping[str, bytes]) -> list[Flowable]:
    pairs = matches.filter(pl.col("matched_file").is_not_null()).head(MAX_PHOTO_PAIRS)
    if pairs.is_empty():
        return []
    heading = paragraph("Listing photos beside the photos they match", HEADING)
    flow: list[Flowable] = []
    for row in pairs.iter_rows(named=True):
        images = [
            Image(io.BytesIO(photo_bytes[row[name]]), 5 * cm, 5 * cm, kind="proportional")
            for name in ("listing_photo", "matched_file")
        ]
        matched = f"{row['brand_id'] or ''} {row['sku'] or ''}".strip() or "a known fake"
        bank = str(row["bank"]).replace("_", " ")
        caption = (
            f"{row['listing_id']}: the listing's photo (left) and the {bank} photo of "
            f"{matched} (right); PDQ distance {row['distance']} of 256 bits"
        )
        pair = [Table([images], colWidths=[8.5 * cm, 8.5 * cm]), paragraph(caption, NOTE)]
        flow.append(KeepTogether([heading, *pair] if not flow else pair))
    return flow


def outcomes(contents: PackContents) -> list[Flowable]:
    outcomes = contents.referral.outcomes
    if not outcomes:
        return []
    rows = [
        (o.kind, o.count, f"{o.occurred_at:%Y-%m-%d}" if o.occurred_at else "", o.details)
        for o in outcomes
    ]
    return [
        paragraph("Outcomes reported by the liaison", HEADING),
        table(["outcome", "count", "date", "details"], rows, [0.15, 0.1, 0.15, 0.6]),
    ]
