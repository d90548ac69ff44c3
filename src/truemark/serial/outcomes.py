"""What a verification can find, and the sentence a buyer reads for each finding."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """The verdict on a code."""

    GENUINE = "genuine"  # good signature, issued, not revoked, no sign of cloning
    SIGNED = "signed"  # offline only: good signature by a published key; issue not checked
    FORGED = "forged"  # the signature is not a brand key's signature
    UNKNOWN = "unknown"  # good signature, but the brand never issued this serial
    REVOKED = "revoked"  # signed by a key the brand revoked
    SUSPECTED_CLONE = "suspected_clone"  # genuine code seen in too many places: copied onto fakes
    INVALID = "invalid"  # not a truemark code at all (typo, truncated, garbage)


MESSAGES: dict[Outcome, str] = {
    Outcome.GENUINE: "Genuine: this code was issued by the brand for the product shown.",
    Outcome.SIGNED: "Authentic signature by the brand's key (issue records are not checked "
    "offline).",
    Outcome.FORGED: "Forged: this code was not signed by the brand.",
    Outcome.UNKNOWN: "Unknown: the signature is valid but the brand never issued this code.",
    Outcome.REVOKED: "Revoked: the brand withdrew the key that signed this code.",
    Outcome.SUSPECTED_CLONE: "Suspected clone: this genuine code has been copied; the item "
    "carrying it may be fake.",
    Outcome.INVALID: "Not a valid code: check that it was typed in full and without mistakes.",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A verification's outcome with what may be shown to anyone who asked."""

    outcome: Outcome
    message: str
    brand: str | None = None  # brand slug
    brand_name: str | None = None
    sku: str | None = None
    product_name: str | None = None
    batch: int | None = None
    serial: int | None = None
    key_id: str | None = None
    photo_path: str | None = None  # a server-side path; faces turn it into a URL, never show it
    reasons: tuple[str, ...] = ()

    @classmethod
    def of(cls, outcome: Outcome, detail: str | None = None, **fields: Any) -> Verdict:
        """A verdict with the outcome's standard message (and a detail sentence, if any)."""
        message = MESSAGES[outcome] if detail is None else f"{MESSAGES[outcome]} {detail}"
        return cls(outcome, message, **fields)
