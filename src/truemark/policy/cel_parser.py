"""A parser for the CEL subset truemark compiles: text in, :mod:`cel_ast` tree out.

The grammar follows the CEL spec (precedence: ``?:``, ``||``, ``&&``, relations and ``in``,
``+ -``, ``* / %``, unary ``! -``, member access and calls). Syntax the subset leaves out
(maps, bytes, unsigned ints, macros such as ``exists``) raises :class:`Unsupported` with the
position, so a rule is never compiled to something that means another thing.
"""

from __future__ import annotations

from truemark.policy.cel_ast import (
    Binary,
    Call,
    Conditional,
    Ident,
    ListOf,
    Literal,
    Node,
    Select,
    Unary,
)
from truemark.policy.cel_lexer import Token, Unsupported, string_value, tokenize

_RELATIONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in"})


def parse(source: str) -> Node:
    """The syntax tree of ``source``; :class:`Unsupported` outside the subset."""
    return _Parser(tokenize(source)).parse_all()


class _Parser:
    """Recursive descent over the token list, one method per precedence level."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._at = 0

    def _peek(self) -> Token:
        return self._tokens[self._at]

    def _take(self) -> Token:
        token = self._tokens[self._at]
        self._at += 1
        return token

    def _accept(self, text: str) -> Token | None:
        token = self._peek()
        if token.text == text and token.kind in ("op", "name"):
            return self._take()
        return None

    def _expect(self, text: str) -> Token:
        token = self._accept(text)
        if token is None:
            found = self._peek()
            raise Unsupported(f"expected {text!r}, found {found.text or 'end'!r}", found.pos)
        return token

    def parse_all(self) -> Node:
        node = self._conditional()
        end = self._peek()
        if end.kind != "end":
            raise Unsupported(f"unexpected {end.text!r}", end.pos)
        return node

    def _conditional(self) -> Node:
        cond = self._or()
        mark = self._accept("?")
        if mark is None:
            return cond
        then = self._or()
        self._expect(":")
        return Conditional(cond, then, self._conditional(), mark.pos)

    def _or(self) -> Node:
        node = self._and()
        while (token := self._accept("||")) is not None:
            node = Binary("||", node, self._and(), token.pos)
        return node

    def _and(self) -> Node:
        node = self._relation()
        while (token := self._accept("&&")) is not None:
            node = Binary("&&", node, self._relation(), token.pos)
        return node

    def _relation(self) -> Node:
        node = self._additive()
        while self._peek().text in _RELATIONS and self._peek().kind in ("op", "name"):
            token = self._take()
            node = Binary(token.text, node, self._additive(), token.pos)
        return node

    def _additive(self) -> Node:
        node = self._multiplicative()
        while self._peek().kind == "op" and self._peek().text in ("+", "-"):
            token = self._take()
            node = Binary(token.text, node, self._multiplicative(), token.pos)
        return node

    def _multiplicative(self) -> Node:
        node = self._unary()
        while self._peek().kind == "op" and self._peek().text in ("*", "/", "%"):
            token = self._take()
            node = Binary(token.text, node, self._unary(), token.pos)
        return node

    def _unary(self) -> Node:
        token = self._peek()
        if token.kind == "op" and token.text in ("!", "-"):
            self._take()
            operand = self._unary()
            if token.text == "-" and isinstance(operand, Literal):
                value = operand.value
                if isinstance(value, int | float) and not isinstance(value, bool):
                    return Literal(-value, token.pos)
            return Unary(token.text, operand, token.pos)
        return self._member()

    def _member(self) -> Node:
        node = self._primary()
        while True:
            if (dot := self._accept(".")) is not None:
                name = self._take()
                if name.kind != "name":
                    raise Unsupported("expected a field name after '.'", name.pos)
                if self._accept("(") is not None:
                    node = Call(name.text, node, self._arguments(")"), name.pos)
                else:
                    node = Select(node, name.text, dot.pos)
            elif (bracket := self._accept("[")) is not None:
                raise Unsupported("indexing with [] is not supported; use field.name", bracket.pos)
            else:
                return node

    def _arguments(self, closing: str) -> tuple[Node, ...]:
        items: list[Node] = []
        while self._accept(closing) is None:
            items.append(self._conditional())
            if self._accept(",") is None:
                self._expect(closing)
                break
        return tuple(items)

    def _primary(self) -> Node:
        token = self._take()
        if token.kind == "int":
            base = 16 if token.text[:2] in ("0x", "0X") else 10  # CEL allows "007"
            return Literal(int(token.text, base), token.pos)
        if token.kind == "double":
            return Literal(float(token.text), token.pos)
        if token.kind == "string":
            return Literal(string_value(token.text, token.pos), token.pos)
        if token.kind == "name":
            return self._name(token)
        if token.text == "(":
            node = self._conditional()
            self._expect(")")
            return node
        if token.text == "[":
            return ListOf(self._arguments("]"), token.pos)
        if token.text == "{":
            raise Unsupported("map literals are not supported", token.pos)
        raise Unsupported(f"unexpected {token.text or 'end of expression'!r}", token.pos)

    def _name(self, token: Token) -> Node:
        constants = {"true": True, "false": False, "null": None}
        if token.text in constants:
            return Literal(constants[token.text], token.pos)
        if self._accept("(") is not None:
            return Call(token.text, None, self._arguments(")"), token.pos)
        return Ident(token.text, token.pos)
