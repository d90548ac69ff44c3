"""Where each value of a catalog document sits: field paths such as ``brands[2].msrp`` and lines."""

from __future__ import annotations

import re
from collections.abc import Mapping

FieldPath = tuple[str | int, ...]
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def render_path(path: FieldPath) -> str:
    """``("brands", 1, "products", 0, "msrp")`` -> ``brands[1].products[0].msrp``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text


class Locations:
    """Line numbers (1-based) of the values of one document, looked up by field path.

    A mapping member is located at its key's line, a list item at the item's line. A path that
    has no line of its own (a missing field) gets the line of its nearest located parent.
    """

    def __init__(self, lines: Mapping[FieldPath, int] | None = None) -> None:
        self._lines: dict[FieldPath, int] = dict(lines or {})

    def __len__(self) -> int:
        return len(self._lines)

    def record(self, path: FieldPath, line: int) -> None:
        """Remember that the value at ``path`` starts on ``line``."""
        self._lines[path] = line

    def line(self, path: FieldPath) -> int | None:
        """The line of ``path`` or of its nearest located parent; None without any."""
        for end in range(len(path), -1, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None

    def where(self, path: FieldPath) -> str | None:
        """``"line 12"`` for ``path``, or None when the document carries no lines."""
        found = self.line(path)
        return None if found is None else f"line {found}"
