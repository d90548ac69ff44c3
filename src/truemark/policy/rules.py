"""Check and compile every rule of a policy: CEL syntax, the supported subset, signal names, types.

The real CEL parser (``cel.compile``) judges syntax and gives the position; truemark's subset
compiler then turns the rule into a polars expression. Every problem of every rule is
collected, located by YAML line, rule name and column in the expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cel
import polars as pl

from truemark.errors import Problem
from truemark.policy.cel_compile import compile_rule, unknown_names
from truemark.policy.cel_lexer import Unsupported
from truemark.policy.cel_parser import parse
from truemark.policy.cel_types import CompileError
from truemark.policy.spec import RuleSpec

_CEL_POSITION = re.compile(r"<input>:(\d+):(\d+): (.*)")
_SUBSET_HINT = "truemark compiles a CEL subset; see docs/policy.md"


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: its spec and its boolean polars expression (null means no)."""

    spec: RuleSpec
    condition: pl.Expr


def compile_rules(
    rules: tuple[RuleSpec, ...], file: str
) -> tuple[list[CompiledRule], list[Problem]]:
    """Compiled rules (disabled ones too are checked, not returned) and every problem found."""
    compiled: list[CompiledRule] = []
    problems: list[Problem] = []
    for rule in rules:
        condition, found = _compile_one(rule, file)
        problems += found
        if condition is not None and rule.enabled:
            compiled.append(CompiledRule(rule, condition))
    return compiled, problems


def _compile_one(rule: RuleSpec, file: str) -> tuple[pl.Expr | None, list[Problem]]:
    def located(message: str, at: str | None, hint: str | None = None) -> Problem:
        head = f"rule '{rule.name}' at {at}" if at else f"rule '{rule.name}'"
        where = f"line {rule.line}" if rule.line else None
        return Problem(file, f"{head}: {message}", where, rule.field, hint)

    def offset(pos: int) -> str:
        line = rule.when.count("\n", 0, pos) + 1
        return _position(line, pos - (rule.when.rfind("\n", 0, pos) + 1) + 1)

    syntax = _syntax_error(rule.when)
    if syntax is not None:
        at, message = syntax
        return None, [located(f"CEL syntax error: {message}", at)]
    try:
        tree = parse(rule.when)
    except Unsupported as exc:
        return None, [located(exc.message, offset(exc.pos), _SUBSET_HINT)]
    unknown = unknown_names(tree)
    if unknown:
        return None, [located(e.message, offset(e.pos), e.hint) for e in unknown]
    try:
        return compile_rule(tree), []
    except CompileError as exc:
        return None, [located(exc.message, offset(exc.pos), exc.hint or _SUBSET_HINT)]


def _position(line: int, column: int) -> str:
    """``column 6``, or ``expression line 2, column 6`` for a rule written on several lines."""
    return f"column {column}" if line == 1 else f"expression line {line}, column {column}"


def _syntax_error(expression: str) -> tuple[str | None, str] | None:
    """(position, message) of the CEL parser's complaint, or None when the syntax is valid."""
    try:
        cel.compile(expression)
    except ValueError as exc:
        text = str(exc)
        match = _CEL_POSITION.search(text)
        if match is None:
            return None, " ".join(text.split())
        message = match[3].strip().removeprefix("Syntax error: ")
        return _position(int(match[1]), int(match[2])), message
    return None
