"""The PDF summary a prosecutor can read: title page, figures, the network drawn, ship-from
regions, the evidence on every link, sellers, test buys, photo comparisons and the timeline."""

from __future__ import annotations

import io
from collections.abc import Mapping

import polars as pl
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from truemark.evidence.pack.gather import PackContents
from truemark.evidence.pack.pdf_sections import money, outcomes, sections
from truemark.evidence.pack.pdf_style import NOTE, TITLE, paragraph, table


def _title_page(contents: PackContents, figures: Mapping[str, str]) -> list[Flowable]:
    referral = contents.referral
    lines = [
        f"Referred by {contents.referrer.name} to {contents.liaison.name}",
        f"Network {referral.network_id or '(named sellers)'}: {len(referral.seller_ids)} accounts",
        f"Prepared {contents.built_at:%d %B %Y, %H:%M} UTC by truemark",
    ]
    flow: list[Flowable] = [Spacer(1, 5 * cm), paragraph(f"Evidence pack: {referral.title}", TITLE)]
    flow += [paragraph(line) for line in lines]
    flow += [Spacer(1, 1 * cm), table(["figure", "value"], list(figures.items()), [0.5, 0.5])]
    flow += [Spacer(1, 1 * cm), paragraph(referral.summary)] if referral.summary else []
    flow.append(
        paragraph(
            "Every file of this pack is listed with its SHA-256 in manifest.json, signed with the "
            "referring organization's Ed25519 key; 'truemark evidence verify' names any file "
            "altered, added or removed.",
            NOTE,
        )
    )
    return [*flow, PageBreak()]


def figures(contents: PackContents, listings: pl.DataFrame) -> dict[str, str]:
    """The headline numbers of the referral."""
    fakes = sum(1 for buy in contents.test_buys if buy.result == "fake")
    return {
        "accounts referred": str(len(contents.referral.seller_ids)),
        "links between accounts": str(contents.links.height),
        "listings": str(listings.height),
        "units sold": f"{int(listings['units_sold'].sum() or 0):,}",
        "estimated revenue (USD)": money(listings["estimated_revenue_usd"].sum()),
        "flagged cases": str(len(contents.cases)),
        "test buys (confirmed fakes)": f"{len(contents.test_buys)} ({fakes})",
        "ship-from countries": str(listings["ship_country"].drop_nulls().n_unique()),
    }


def summary_pdf(
    contents: PackContents,
    listings: pl.DataFrame,
    regions: pl.DataFrame,
    matches: pl.DataFrame,
    photo_bytes: Mapping[str, bytes],
) -> bytes:
    """The summary as PDF bytes."""
    buffer = io.BytesIO()
    title = f"Referral {contents.referral.id}: {contents.referral.title}"

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(2 * cm, 1.2 * cm, title[:110])
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="truemark",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        invariant=True,
    )
    story = _title_page(contents, figures(contents, listings))
    story += sections(contents, regions, matches, photo_bytes) + outcomes(contents)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
