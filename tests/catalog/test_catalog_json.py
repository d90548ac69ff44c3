"""catalog.json: the same catalog and the same rules as YAML, with lines from the JSON text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.catalog import load_catalog
from truemark.errors import Problem

WriteCatalog = Callable[..., Path]
OnlyProblem = Callable[[Path], Problem]
ProblemsOf = Callable[[Path], list[Problem]]
DATA = Path(__file__).parent.parent / "data" / "catalog"


def test_json_and_yaml_examples_load_to_the_same_catalog() -> None:
    from_json = load_catalog(DATA / "catalog.json")
    from_yaml = load_catalog(DATA / "catalog.yaml")
    assert from_json.brands == from_yaml.brands
    assert from_json.fx_to_usd == from_yaml.fx_to_usd
    assert from_json.source == (DATA / "catalog.json").resolve()


def test_json_problems_carry_lines_and_paths(
    write_catalog: WriteCatalog, problems_of: ProblemsOf
) -> None:
    text = """
    {
      "version": 1,
      "fx_to_usd": {"EUR": 1.08},
      "brands": [
        {"id": "acme", "name": "Acme"},
        {
          "id": "acme",
          "name": "Acme 2",
          "products": [
            {"sku": "A1", "name": "Anvil", "category": "tools",
             "msrp": -3, "currency": "USD"},
            {"sku": "A2", "name": "Rope", "category": "tools",
             "currency": "CHF"}
          ]
        }
      ]
    }
    """
    problems = problems_of(write_catalog(text, "catalog.json"))
    assert [(p.where, p.field) for p in problems] == [
        ("line 7", "brands[1].id"),
        ("line 11", "brands[1].products[0].msrp"),
        ("line 12", "brands[1].products[1].msrp"),
        ("line 13", "brands[1].products[1].currency"),
    ]


def test_malformed_json_gives_line_and_column(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog('{\n  "version": 1,\n  "brands": [,]\n}\n', "c.json"))
    assert problem.message.startswith("malformed JSON")
    assert problem.where == "line 3, column 14"


def test_duplicate_json_keys_are_reported(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog('{"brands": [],\n "brands": []}', "c.json"))
    assert "duplicate key 'brands'" in problem.message
    assert problem.where == "line 2"


def test_json_top_level_must_be_an_object(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("[1, 2]", "c.json"))
    assert "must be a mapping" in problem.message
    assert problem.where == "line 1"


def test_deeply_nested_json_is_a_problem_not_a_crash(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("[" * 100_000 + "]" * 100_000, "c.json"))
    assert "JSON" in problem.message


def test_nested_json_deeper_than_the_walk_still_validates(
    write_catalog: WriteCatalog, problems_of: ProblemsOf
) -> None:
    nested: object = 1
    for _ in range(400):
        nested = [nested]
    text = json.dumps({"version": 2, "junk": nested})
    (problem,) = problems_of(write_catalog(text, "c.json"))
    assert problem.field == "version"


@pytest.mark.parametrize("spacing", [0, 2])
def test_lines_follow_the_layout(
    write_catalog: WriteCatalog, only_problem: OnlyProblem, spacing: int
) -> None:
    document = {"brands": [{"id": "acme", "name": "Acme", "aliases": ["ok", 5]}]}
    text = json.dumps(document, indent=spacing or None)
    problem = only_problem(write_catalog(text, "c.json"))
    assert problem.field == "brands[0].aliases[1]"
    assert problem.where == ("line 1" if not spacing else "line 8")
