"""Fixtures for catalog tests: write a catalog file, collect the problems a catalog file has.

The suite runs with ``--import-mode=importlib``, so helpers are fixtures, not imports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from truemark.catalog import load_catalog
from truemark.errors import Problem, ValidationError


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` (dedented) as a catalog file in a fresh folder and return its path."""

    def write(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def _problems_of(path: Path) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        load_catalog(path)
    return caught.value.problems


def _only_problem(path: Path) -> Problem:
    problems = _problems_of(path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


@pytest.fixture
def problems_of() -> Callable[[Path], list[Problem]]:
    """Every problem ``load_catalog`` reports for a path (the test fails if it loads)."""
    return _problems_of


@pytest.fixture
def only_problem() -> Callable[[Path], Problem]:
    """The single problem ``load_catalog`` reports for a path."""
    return _only_problem
