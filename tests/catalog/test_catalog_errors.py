"""Each kind of catalog mistake is reported with its line, field path and a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.errors import Problem

WriteCatalog = Callable[..., Path]
ProblemsOf = Callable[[Path], list[Problem]]
OnlyProblem = Callable[[Path], Problem]
DATA = Path(__file__).parent.parent / "data" / "catalog"

HEAD = "version: 1\nfx_to_usd: {EUR: 1.08}\nbrands:\n"
BRAND = "  - id: acme\n    name: Acme\n"
PRODUCT = "      - sku: A1\n        name: Anvil\n        category: tools\n"

# (catalog text, field path, line, words the message contains)
MISTAKES = [
    ("- just\n- a list\n", None, 1, "must be a mapping"),
    ("version: 3\nbrands: []\n", "version", 1, "unsupported catalog version"),
    ("version: one\n", "version", 1, "unsupported catalog version"),
    (HEAD + "  - name: Acme\n", "brands[0].id", 4, "missing required field 'id'"),
    (HEAD + "  - id: Acme Co\n    name: Acme\n", "brands[0].id", 4, "not a slug"),
    (HEAD + "  - id: acme\n", "brands[0].name", 4, "missing required field 'name'"),
    (HEAD + "  - id: acme\n    name: ''\n", "brands[0].name", 5, "must not be empty"),
    (HEAD + "  - 42\n", "brands[0]", 4, "must be a mapping"),
    ("brands: {acme: 1}\n", "brands", 1, "must be a list"),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        currency: USD\n",
        "brands[0].products[0].msrp",
        7,
        "missing required field 'msrp'",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: -5\n        currency: USD\n",
        "brands[0].products[0].msrp",
        10,
        "positive number",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: 0\n        currency: USD\n",
        "brands[0].products[0].msrp",
        10,
        "positive number",
    ),
    (
        HEAD
        + BRAND
        + "    products:\n"
        + PRODUCT
        + "        msrp: '12.50'\n        currency: USD\n",
        "brands[0].products[0].msrp",
        10,
        "must be a number",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: .nan\n        currency: USD\n",
        "brands[0].products[0].msrp",
        10,
        "positive number",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: true\n        currency: USD\n",
        "brands[0].products[0].msrp",
        10,
        "must be a number",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: 5\n        currency: EURO\n",
        "brands[0].products[0].currency",
        11,
        "3-letter code",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: 5\n",
        "brands[0].products[0].currency",
        7,
        "missing required field 'currency'",
    ),
    (
        HEAD + BRAND + "    products:\n" + PRODUCT + "        msrp: 5\n        currency: CHF\n",
        "brands[0].products[0].currency",
        11,
        "no exchange rate to USD for currency CHF",
    ),
    (
        HEAD + BRAND + "    products:\n      - sku: A1\n        category: t\n"
        "        msrp: 5\n        currency: USD\n",
        "brands[0].products[0].name",
        7,
        "missing required field 'name'",
    ),
    (
        HEAD + BRAND + "    products:\n      - sku: A1\n        name: Anvil\n"
        "        msrp: 5\n        currency: USD\n",
        "brands[0].products[0].category",
        7,
        "missing required field 'category'",
    ),
    (
        HEAD + BRAND + "    products:\n      - sku: 443497\n        name: A\n        category: t\n"
        "        msrp: 5\n        currency: USD\n",
        "brands[0].products[0].sku",
        7,
        "must be text",
    ),
    (
        HEAD + BRAND + "    products: [{sku: A, name: B, category: c, msrp: 1, currency: USD},\n"
        "               {sku: A, name: C, category: c, msrp: 2, currency: USD}]\n",
        "brands[0].products[1].sku",
        7,
        "duplicate sku 'A'",
    ),
    ("fx_to_usd: {EUR: 0}\n", "fx_to_usd.EUR", 1, "fx rate for EUR must be a positive number"),
    ("fx_to_usd:\n  EUR: -1.0\n", "fx_to_usd.EUR", 2, "must be a positive number"),
    ("fx_to_usd:\n  EUR: lots\n", "fx_to_usd.EUR", 2, "must be a positive number"),
    ("fx_to_usd:\n  USD: 1.2\n", "fx_to_usd.USD", 2, "its rate is always 1.0"),
    ("fx_to_usd:\n  Euro: 1.2\n", "fx_to_usd.Euro", 2, "3-letter code"),
    ("fx_to_usd:\n  EUR: 1.1\n  eur: 1.2\n", "fx_to_usd.eur", 3, "EUR is listed twice"),
    ("fx_to_usd: [EUR]\n", "fx_to_usd", 1, "must be a mapping"),
    (HEAD + BRAND + "    aliases: GG\n", "brands[0].aliases", 6, "must be a list of text"),
    (
        HEAD + BRAND + "    aliases:\n      - GG\n      - 42\n",
        "brands[0].aliases[1]",
        8,
        "entries must be non-empty text",
    ),
    (
        HEAD + BRAND + "    authorized_sellers: s-1\n",
        "brands[0].authorized_sellers",
        6,
        "must be a list of text",
    ),
    (
        HEAD + BRAND + "    authorized_sellers: [s-1, 123]\n",
        "brands[0].authorized_sellers[1]",
        6,
        "non-empty text",
    ),
    (
        HEAD + BRAND + "    trademarks:\n      - {number: '1', office: USPTO, classes: [18, 46]}\n",
        "brands[0].trademarks[0].classes[1]",
        7,
        "Nice class 1 to 45",
    ),
    (
        HEAD + BRAND + "    trademarks:\n      - number: '1'\n        office: USPTO\n"
        "        classes:\n          - 0\n",
        "brands[0].trademarks[0].classes[0]",
        10,
        "Nice class 1 to 45",
    ),
    (
        HEAD + BRAND + "    trademarks:\n      - {number: '1', office: USPTO, classes: ['25']}\n",
        "brands[0].trademarks[0].classes[0]",
        7,
        "Nice class 1 to 45",
    ),
    (
        HEAD + BRAND + "    trademarks:\n      - {number: '1', office: USPTO, classes: 25}\n",
        "brands[0].trademarks[0].classes",
        7,
        "must be a list of Nice classes",
    ),
    (
        HEAD + BRAND + "    trademarks:\n      - {office: USPTO}\n",
        "brands[0].trademarks[0].number",
        7,
        "missing required field 'number'",
    ),
]


@pytest.mark.parametrize(("text", "field", "line", "words"), MISTAKES)
def test_each_mistake_is_located(
    write_catalog: WriteCatalog,
    text: str,
    field: str | None,
    line: int,
    words: str,
    only_problem: OnlyProblem,
) -> None:
    problem = only_problem(write_catalog(text))
    assert words in problem.message
    assert problem.field == field
    assert problem.where == f"line {line}"
    assert problem.file.endswith("catalog.yaml")


@pytest.mark.parametrize(("text", "field"), [(m[0], m[1]) for m in MISTAKES])
def test_every_mistake_has_a_hint(
    write_catalog: WriteCatalog, text: str, field: str, only_problem: OnlyProblem
) -> None:
    assert only_problem(write_catalog(text)).hint


def test_duplicate_brand_id_points_at_the_first(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    text = HEAD + BRAND + "  - id: other\n    name: Other\n" + BRAND
    problem = only_problem(write_catalog(text))
    assert problem.message == "duplicate brand id 'acme'"
    assert (problem.field, problem.where) == ("brands[2].id", "line 8")
    assert "first defined at line 4" in str(problem.hint)


def test_five_different_mistakes_are_all_listed_with_lines(problems_of: ProblemsOf) -> None:
    problems = problems_of(DATA / "five_mistakes.yaml")
    located = [(p.where, p.field) for p in problems]
    assert located == [
        ("line 8", "brands[0].products[0].msrp"),
        ("line 12", "brands[1].id"),
        ("line 14", "brands[2].id"),
        ("line 19", "brands[3].trademarks[0].classes[1]"),
        ("line 27", "brands[4].products[0].currency"),
    ]


def test_mistakes_in_different_brands_and_fields_are_all_collected(
    write_catalog: WriteCatalog, problems_of: ProblemsOf
) -> None:
    text = (
        "version: 2\nfx_to_usd: {GBP: -1}\nbrands:\n"
        "  - id: Bad Id\n    aliases: 5\n"
        "    products:\n      - {sku: X, name: Y, category: z, msrp: -1, currency: GBP}\n"
    )
    problems = problems_of(write_catalog(text))
    fields = [p.field for p in problems]
    assert fields == [
        "version",
        "fx_to_usd.GBP",
        "brands[0].id",
        "brands[0].name",
        "brands[0].aliases",
        "brands[0].products[0].msrp",
    ]
