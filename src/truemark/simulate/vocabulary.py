"""The simulator's vocabulary: YAML data files under ``simulate/data`` loaded once, read-only."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

DATA_FILES = ("brands", "words", "cues", "accessories", "descriptions", "places", "obfuscation")


def _read(name: str) -> dict[str, Any]:
    text = resources.files("truemark.simulate").joinpath("data", f"{name}.yaml").read_text("utf-8")
    loaded = YAML(typ="safe").load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"simulate/data/{name}.yaml must hold a mapping")
    return loaded


@cache
def vocabulary(name: str) -> dict[str, Any]:
    """One data file (``brands``, ``words``, ``cues``, ...) as plain Python data."""
    if name not in DATA_FILES:
        raise KeyError(f"no simulator data file named {name!r}")
    return _read(name)


def by_language(section: dict[str, list[str]], language: str) -> list[str]:
    """The words of ``section`` in ``language``, falling back to English where it has none."""
    return list(section.get(language) or section["en"])
