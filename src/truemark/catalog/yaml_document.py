"""Parse catalog YAML with ruamel's round-trip loader into plain values plus the line of each."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from truemark.catalog.locations import FieldPath, Locations
from truemark.errors import Problem, ValidationError

MAX_VALUES = 2_000_000  # a catalog that expands past this is an alias bomb, not a catalog


def parse_yaml(text: str, file: str) -> tuple[Any, Locations]:
    """The document as plain dicts, lists and scalars, and where each value is.

    Malformed YAML raises ValidationError with the parser's line and column (one problem:
    the parser stops at the first one).
    """
    try:
        node = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(file, exc) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise _single(file, f"line {line}", f"unreadable character: {exc.reason}") from None
    except YAMLError as exc:
        raise _single(file, None, f"malformed YAML: {exc}") from None
    locations = Locations()
    converter = _Converter(file, locations)
    if isinstance(node, CommentedBase) and isinstance(node.lc.line, int):
        locations.record((), node.lc.line + 1)
    return converter.plain(node, ()), locations


def _syntax_error(file: str, exc: MarkedYAMLError) -> ValidationError:
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
    message = " ".join(p for p in (exc.context, exc.problem) if p) or "malformed YAML"
    hint = "check indentation, colons and closing brackets or quotes around this spot"
    return ValidationError([Problem(file, f"malformed YAML: {message}", where, hint=hint)])


def _single(file: str, where: str | None, message: str) -> ValidationError:
    return ValidationError([Problem(file, message, where)])


class _Converter:
    """Turns ruamel nodes into plain Python values, recording the line of every member."""

    def __init__(self, file: str, locations: Locations) -> None:
        self.file = file
        self.locations = locations
        self.budget = MAX_VALUES
        self.open: set[int] = set()  # ids of the containers being converted (cycle guard)

    def plain(self, node: Any, path: FieldPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self._refuse(path, f"the document expands to more than {MAX_VALUES:,} values")
        if isinstance(node, Mapping | list | Set):
            if id(node) in self.open:
                raise self._refuse(path, "an alias refers to a node that contains it")
            self.open.add(id(node))
            try:
                return self._container(node, path)
            finally:
                self.open.discard(id(node))
        return _scalar(node)

    def _container(self, node: Any, path: FieldPath) -> Any:
        if isinstance(node, Mapping):
            members: dict[Any, Any] = {}
            for key, value in node.items():
                name = _key(key)
                self._locate(node, key, (*path, name), "key")
                members[name] = self.plain(value, (*path, name))
            return members
        items = []
        for index, item in enumerate(node):
            self._locate(node, index, (*path, index), "item")
            items.append(self.plain(item, (*path, index)))
        return items

    def _locate(self, node: Any, key: Any, path: FieldPath, kind: str) -> None:
        if not isinstance(node, CommentedBase):
            return
        try:
            line, _column = getattr(node.lc, kind)(key)
        except (KeyError, IndexError, TypeError):  # merged (<<) keys carry no position
            return
        if isinstance(line, int):
            self.locations.record(path, line + 1)

    def _refuse(self, path: FieldPath, message: str) -> ValidationError:
        hint = "remove the anchors and aliases (&name / *name) that build this"
        problem = Problem(self.file, message, self.locations.where(path), hint=hint)
        return ValidationError([problem])


def _scalar(node: Any) -> Any:
    if isinstance(node, TaggedScalar):
        return str(node.value)
    if isinstance(node, bool | ScalarBoolean):
        return bool(node)
    if node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node  # dates and timestamps stay as they are; validation names their type


def _key(key: Any) -> str | int:
    plain = _scalar(key)
    if isinstance(plain, str) or (isinstance(plain, int) and not isinstance(plain, bool)):
        return plain
    return str(plain)
