"""Verified API keys remembered for a few seconds in each server process, so a busy client's every
request does not read its key from the database.

Entries are keyed by the SHA-256 of the secret (the secret itself is never kept). Revoking a key
through this process forgets every entry at once; another process (a second worker, the CLI)
revoking it is noticed within ``KEY_CACHE_SECONDS``. Failed checks are never remembered.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from truemark.cases.access import Principal

KEY_CACHE_SECONDS = 5.0
MAX_KEYS = 10_000


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


class VerifiedKeyCache:
    """API key secret -> the principal it acts as, for ``seconds`` after it was checked."""

    def __init__(
        self,
        seconds: float = KEY_CACHE_SECONDS,
        capacity: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds = seconds
        self._capacity = capacity
        self._clock = clock
        self._entries: dict[bytes, tuple[float, Principal]] = {}
        self._generation = 0

    @property
    def generation(self) -> int:
        """Read before checking a key in the database; pass it to ``remember``."""
        return self._generation

    def principal(self, secret: str) -> Principal | None:
        """The principal of a key checked less than ``seconds`` ago, else None."""
        entry = self._entries.get(_digest(secret))
        if entry is None:
            return None
        expires, principal = entry
        if self._clock() >= expires:
            self._entries.pop(_digest(secret), None)
            return None
        return principal

    def remember(self, secret: str, principal: Principal, generation: int) -> None:
        """Keep a key just checked, unless keys were forgotten since the check began."""
        if generation != self._generation:
            return  # a revocation raced with this check: it may have read the key before
        if len(self._entries) >= self._capacity:
            self._entries.clear()
        self._entries[_digest(secret)] = (self._clock() + self._seconds, principal)

    def forget_all(self) -> None:
        """Forget every key (a key was revoked); checks under way are not remembered either."""
        self._generation += 1
        self._entries.clear()
