"""Database health for the readiness probe and the health page: reachable, and at which schema."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.exc import SQLAlchemyError

from truemark.errors import TruemarkError
from truemark.store.db import parse_database_url
from truemark.store.migrate import current_revision, head_revision


@dataclass(frozen=True)
class DatabaseHealth:
    """What the probe found; ``database`` is the URL with any password hidden."""

    database: str
    reachable: bool
    revision: str | None
    head: str | None
    error: str | None = None

    @property
    def ready(self) -> bool:
        return self.reachable and self.revision is not None and self.revision == self.head

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ready": self.ready}


def check_database(url: str) -> DatabaseHealth:
    """Connect, read the schema revision, compare it with the newest one shipped."""
    try:
        shown = parse_database_url(url).render_as_string(hide_password=True)
    except TruemarkError as exc:
        return DatabaseHealth(url, False, None, None, exc.message)
    head = head_revision()
    try:
        revision = current_revision(url)
    except (SQLAlchemyError, OSError, TruemarkError) as exc:
        return DatabaseHealth(shown, False, None, head, type(exc).__name__ + ": " + str(exc)[:200])
    return DatabaseHealth(shown, True, revision, head)
