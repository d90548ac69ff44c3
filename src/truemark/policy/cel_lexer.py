"""Lexemes of a CEL expression: numbers, strings, names and operators, with their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<double>(?:\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\.\d+(?:[eE][+-]?\d+)?))
    |(?P<int>0[xX][0-9a-fA-F]+|\d+)(?P<unsigned>[uU])?
    |(?P<string>[rR]?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
    |(?P<name>[_a-zA-Z][_a-zA-Z0-9]*)
    |(?P<op>==|!=|<=|>=|&&|\|\||[<>!+\-*/%?:.,()\[\]{}])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "`": "`", "?": "?"}


class Unsupported(ValueError):
    """Valid CEL (or not) that the compiled subset does not handle, at a 0-based position."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


@dataclass(frozen=True, slots=True)
class Token:
    """One lexeme: its kind (``int``, ``double``, ``string``, ``name``, ``op``, ``end``)."""

    kind: str
    text: str
    pos: int


def tokenize(source: str) -> list[Token]:
    """Lexemes of a CEL expression, ending with an ``end`` token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise Unsupported(f"unexpected character {source[pos]!r}", pos)
        kind = match.lastgroup or ""
        if kind == "unsigned" or match.group("unsigned"):
            raise Unsupported("unsigned integers (1u) are not supported; use an int", pos)
        if match.group("int") is not None:
            kind = "int"
        if kind == "string" and source[pos] in "bB":
            raise Unsupported("bytes literals are not supported", pos)
        if kind != "space":
            tokens.append(Token(kind, match.group(0), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


def string_value(text: str, pos: int) -> str:
    raw = text[0] in "rR"
    body = text[2:-1] if raw else text[1:-1]
    if raw:
        return body
    out: list[str] = []
    chars = iter(range(len(body)))
    for i in chars:
        if body[i] != "\\":
            out.append(body[i])
            continue
        escaped = body[i + 1]
        if escaped not in _ESCAPES:
            raise Unsupported(f"escape \\{escaped} is not supported", pos + 1 + i)
        out.append(_ESCAPES[escaped])
        next(chars)
    return "".join(out)
