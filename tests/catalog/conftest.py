"""Fixtures for catalog tests."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from catalog_helpers import WriteCatalog


@pytest.fixture
def write_catalog(tmp_path: Path) -> WriteCatalog:
    """Write ``text`` (dedented) as a catalog file in a fresh folder and return its path."""

    def write(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
