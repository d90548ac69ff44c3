"""Clone rules over a unit's verification history: too many checks, impossible travel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from truemark.serial.countries import distance_km
from truemark.serial.reasons import IMPOSSIBLE_TRAVEL, TOO_MANY
from truemark.store.serial_records import VerificationRecord


@dataclass(frozen=True, slots=True)
class CloneRules:
    """Thresholds: a genuine unit is checked a few times by its buyers, from one place at a time."""

    max_verifications: int = 20
    max_speed_kmh: float = 900.0  # faster than an airliner between two checks: two places at once
    unlisted_country_hours: float = 2.0  # two countries without a centroid within this many hours


def _travel_speed(earlier: VerificationRecord, country: str, at: datetime) -> float | None:
    """km/h needed to get from the earlier check to this one; None when it cannot be told."""
    if earlier.country is None or earlier.country == country:
        return None
    hours = max((at - earlier.verified_at).total_seconds() / 3600.0, 1e-6)
    distance = distance_km(earlier.country, country)
    return None if distance is None else distance / hours


def clone_reasons(
    history: Sequence[VerificationRecord],
    previous_checks: int,
    country: str | None,
    at: datetime,
    rules: CloneRules,
) -> list[tuple[str, str]]:
    """``(reason, detail)`` for each rule a new check (``country`` at ``at``) breaks.

    ``history``: the unit's recent checks, oldest first; ``previous_checks``: all of them, counted.
    """
    found: list[tuple[str, str]] = []
    total = previous_checks + 1
    if total > rules.max_verifications:
        found.append((TOO_MANY, f"checked {total} times (more than {rules.max_verifications})"))
    if country is None:
        return found
    for earlier in reversed(history):
        if earlier.country is None or earlier.country == country:
            continue
        hours = (at - earlier.verified_at).total_seconds() / 3600.0
        speed = _travel_speed(earlier, country, at)
        too_fast = speed is not None and speed > rules.max_speed_kmh
        unlisted_too_soon = speed is None and hours < rules.unlisted_country_hours
        if too_fast or unlisted_too_soon:
            found.append(
                (
                    IMPOSSIBLE_TRAVEL,
                    f"checked in {earlier.country} and {country} {hours:.1f} hours apart",
                )
            )
            break
    return found
