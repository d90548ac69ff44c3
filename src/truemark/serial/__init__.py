"""Serialization: signed per-unit codes, QR labels, offline and online checks, clone detection.

The code format (:mod:`truemark.serial.codec`) is pure and imports nothing of the store, so the
scan's detector can read codes in listings without a database.
"""

from truemark.serial.codec import CodeFields, InvalidCode, SignedCode, group, normalize, parse
from truemark.serial.outcomes import Outcome, Verdict

__all__ = [
    "CodeFields",
    "InvalidCode",
    "Outcome",
    "SignedCode",
    "Verdict",
    "group",
    "normalize",
    "parse",
]
