"""Parse catalog JSON and find the line of every member with a small position-tracking walk."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from truemark.catalog.locations import FieldPath, Locations
from truemark.errors import Problem, ValidationError

_SPACE = re.compile(r"[ \t\n\r]*")


def parse_json(text: str, file: str) -> tuple[Any, Locations, list[FieldPath]]:
    """The document, where each value is, and the paths of keys given twice in one object.

    Malformed JSON raises ValidationError with the decoder's line and column.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        hint = "check commas, colons, brackets and double quotes around this spot"
        problem = Problem(file, f"malformed JSON: {exc.msg}", where, hint=hint)
        raise ValidationError([problem]) from None
    except RecursionError:
        problem = Problem(file, "malformed JSON: nested too deeply to be a catalog")
        raise ValidationError([problem]) from None
    walk = _PositionWalk(text)
    try:
        walk.value(0, ())
    except RecursionError:  # deeper than the walk can follow: keep the data, lose the lines
        return document, Locations(), []
    return document, walk.locations, walk.duplicates


class _PositionWalk:
    """Walks text that ``json.loads`` accepted, recording where each member starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.locations = Locations()
        self.duplicates: list[FieldPath] = []
        self.decoder = json.JSONDecoder()

    def line_at(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def skip(self, offset: int) -> int:
        match = _SPACE.match(self.text, offset)
        return match.end() if match else offset

    def value(self, offset: int, path: FieldPath) -> int:
        """Walk the value starting at ``offset``; return the offset just after it."""
        offset = self.skip(offset)
        if not path:
            self.locations.record(path, self.line_at(offset))
        opener = self.text[offset]
        if opener == "{":
            return self.members(offset + 1, path)
        if opener == "[":
            return self.items(offset + 1, path)
        _scalar, end = self.decoder.raw_decode(self.text, offset)
        return end

    def members(self, offset: int, path: FieldPath) -> int:
        seen: set[str] = set()
        offset = self.skip(offset)
        if self.text[offset] == "}":
            return offset + 1
        while True:
            key, end = self.decoder.raw_decode(self.text, offset)
            line = self.line_at(offset)
            if key in seen:
                self.duplicates.append((*path, key))
            seen.add(key)
            self.locations.record((*path, key), line)
            offset = self.skip(end) + 1  # past the colon
            offset = self.skip(self.value(offset, (*path, key)))
            if self.text[offset] == "}":
                return offset + 1
            offset = self.skip(offset + 1)  # past the comma

    def items(self, offset: int, path: FieldPath) -> int:
        offset = self.skip(offset)
        if self.text[offset] == "]":
            return offset + 1
        index = 0
        while True:
            offset = self.skip(offset)
            self.locations.record((*path, index), self.line_at(offset))
            offset = self.skip(self.value(offset, (*path, index)))
            if self.text[offset] == "]":
                return offset + 1
            offset += 1  # past the comma
            index += 1
