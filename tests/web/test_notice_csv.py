"""The bulk notice CSV reader and the title highlighter: every input gives drafts or a
ValidationError naming row and field; highlighted titles never let markup through."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from truemark.errors import ValidationError
from truemark.store.records import BrandRecord, ProductRecord
from truemark.web.explain import brand_terms, highlight_title
from truemark.web.notice_csv import read_notice_csv


def test_rows_sharing_brand_evidence_and_trademark_are_one_notice() -> None:
    content = (
        b"listing_id,brand,evidence,trademark\n"
        b"l-1,gucci,fake logo,111\nl-2,gucci,fake logo,111\nl-3,gucci,fake logo,\n"
    )
    drafts = read_notice_csv(content, "n.csv")
    assert [(d.listing_ids, d.trademark) for d in drafts] == [
        (("l-1", "l-2"), "111"),
        (("l-3",), None),
    ]


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as raised:
        read_notice_csv(b"listing_id,brand,evidence\n,gucci,x\nl-2,,\n", "n.csv")
    assert [str(p) for p in raised.value.problems] == [
        "n.csv, row 2, field 'listing_id': is empty",
        "n.csv, row 3, field 'brand': is empty",
        "n.csv, row 3, field 'evidence': is empty",
    ]
    with pytest.raises(ValidationError, match="cannot be read"):
        read_notice_csv(b"listing,brand\nl-1,gucci\n", "n.csv")


@given(st.binary(max_size=300))
def test_any_upload_gives_drafts_or_a_validation_error(content: bytes) -> None:
    try:
        drafts, problems = read_notice_csv(content, "n.csv"), []
    except ValidationError as error:
        drafts, problems = [], error.problems
    complete = all(d.listing_ids and d.brand and d.evidence for d in drafts)
    assert (problems and not drafts) or (not problems and complete)


@settings(deadline=None)  # the first example reads the cue lexicon
@given(st.text(max_size=80))
def test_highlighted_titles_are_escaped(title: str) -> None:
    html = str(highlight_title(title, ["Gucci"], ["<b>"], fuzzy=True))
    plain = html.replace('<mark class="mark">', "").replace('<mark class="cue">', "")
    assert plain.replace("</mark>", "") == str(escape(title))


def test_a_quoted_product_reference_is_highlighted_as_the_brand() -> None:
    gucci = BrandRecord(1, 1, "gucci", "Gucci", "Kering", ("GG",))
    products = [
        ProductRecord(1, "gucci", sku, "wallet", "wallets", Decimal("590"), "USD")
        for sku in ("625573-0XAAG-8161", "TOTE")  # the second is no reference: no digit
    ]
    terms = brand_terms(gucci, products)
    assert terms == ["Gucci", "gucci", "GG", "625573-0XAAG-8161"]
    html = str(highlight_title("slim wallet #625573-0xaag-8161 TOTE", terms))
    assert html == 'slim wallet #<mark class="mark">625573-0xaag-8161</mark> TOTE'
