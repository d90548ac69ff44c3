"""Helpers for catalog tests: where the fixtures are, and the problems a catalog file has."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.catalog import load_catalog
from truemark.errors import Problem, ValidationError

DATA = Path(__file__).parent.parent / "data" / "catalog"
WriteCatalog = Callable[..., Path]


def problems_of(path: Path) -> list[Problem]:
    """Every problem ``load_catalog`` reports for ``path`` (the test fails if it loads)."""
    with pytest.raises(ValidationError) as caught:
        load_catalog(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    """The single problem of ``path``."""
    problems = problems_of(path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]
