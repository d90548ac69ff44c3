"""The one exception family of truemark: user-facing errors and located problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows.

    ``where`` is a human location such as ``"line 12"`` or ``"row 3"``; ``field`` names the
    field or YAML path (``brands[2].products[0].msrp``); ``hint`` says how to fix it.
    """

    file: str
    message: str
    where: str | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        head = self.file
        if self.where:
            head += f", {self.where}"
        if self.field:
            head += f", field '{self.field}'"
        text = f"{head}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class TruemarkError(Exception):
    """Base of every error that a user can cause and fix; the CLI prints it without a traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Interrupted(TruemarkError):
    """The user stopped a long job (Ctrl-C); the message says what was kept and how to go on."""

    exit_code = 130  # as a shell reports a process ended by SIGINT


class InputError(TruemarkError):
    """A file or path that cannot be used: missing, unreadable, wrong format."""


class ConfigError(TruemarkError):
    """A setting that is missing or wrong."""


class NotFoundError(TruemarkError):
    """A requested record does not exist (or is not visible to the caller)."""


class PermissionDenied(TruemarkError):
    """The caller may not do this."""


class ValidationError(TruemarkError):
    """An input with one or more located problems; all of them are reported, not only the first."""

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = summary or f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in self.problems))
        self.summary = head

    @classmethod
    def raise_if_any(cls, problems: Iterable[Problem], summary: str | None = None) -> None:
        """Raise one error carrying every problem, or return when there is none."""
        collected = list(problems)
        if collected:
            raise cls(collected, summary)
