"""Walking a loaded YAML document while collecting located problems: the reader's toolkit."""

from __future__ import annotations

from typing import Any

from rapidfuzz import process

from truemark.errors import Problem


class YamlReader:
    """Reads values out of ruamel round-trip nodes; every complaint gets the node's YAML line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(
        self, node: Any, key: Any, field: str, message: str, hint: str | None = None
    ) -> None:
        """Record a problem at the line of ``node[key]`` (or of ``node``)."""
        self.problems.append(Problem(self.file, message, _line(node, key), field, hint))

    def unknown_keys(self, node: Any, allowed: tuple[str, ...], prefix: str) -> None:
        """A problem, with a did-you-mean hint, for every key of ``node`` not in ``allowed``."""
        for key in node:
            if key not in allowed:
                best = process.extractOne(str(key), allowed, score_cutoff=60)
                hint = f"did you mean '{best[0]}'?" if best else f"known keys: {', '.join(allowed)}"
                self.problem(node, key, f"{prefix}{key}", f"unknown key '{key}'", hint)

    def fraction(self, node: Any, key: str, field: str, low: float = 0.0) -> float | None:
        """``node[key]`` as a number in [low, 1], or None after recording why not."""
        value = node.get(key)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not low <= value <= 1.0:
            self.problem(node, key, field, f"must be a number in [{low:g}, 1], not {value!r}")
            return None
        return float(value)

    def text(self, node: Any, key: str, field: str, required: bool = True) -> str | None:
        """``node[key]`` as a non-empty string (a numeric version too), or None."""
        value = node.get(key)
        if value is None and not required:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and key == "version":
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(node, key, field, f"must be a non-empty string, not {value!r}")
            return None
        return value


def line_number(node: Any, key: Any) -> int | None:
    """1-based YAML line of ``node[key]``'s value, else of ``node``."""
    try:
        position = node.lc.item(key) if isinstance(key, int) else node.lc.value(key)
        return int(position[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return int(node.lc.line) + 1 if hasattr(node, "lc") else None


def _line(node: Any, key: Any) -> str | None:
    if node is None:
        return None
    number = line_number(node, key) if key is not None and key in _keys(node) else None
    number = number or (int(node.lc.line) + 1 if hasattr(node, "lc") else None)
    return f"line {number}" if number else None


def _keys(node: Any) -> range | Any:
    return range(len(node)) if isinstance(node, list) else node
