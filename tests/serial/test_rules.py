"""Clone rules over verification histories, travel distances, and the per-client rate limiter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from truemark.serial.clones import CloneRules, clone_reasons
from truemark.serial.countries import coarse_country, distance_km
from truemark.serial.ratelimit import TokenBucketLimiter
from truemark.serial.reasons import IMPOSSIBLE_TRAVEL, TOO_MANY
from truemark.store.serial_records import VerificationRecord

T0 = datetime(2026, 11, 25, 12, tzinfo=UTC)
RULES = CloneRules(max_verifications=3)


def _checks(*places: tuple[str | None, float]) -> list[VerificationRecord]:
    return [VerificationRecord(T0 + timedelta(hours=h), c, "genuine") for c, h in places]


def test_a_buyer_checking_at_home_is_not_a_clone() -> None:
    history = _checks(("FR", 0), ("FR", 1))
    assert clone_reasons(history, 2, "FR", T0 + timedelta(hours=2), RULES) == []


def test_too_many_checks() -> None:
    reasons = clone_reasons(_checks(("FR", 0)), 3, "FR", T0 + timedelta(days=1), RULES)
    assert [reason for reason, _ in reasons] == [TOO_MANY]


def test_paris_then_shanghai_in_an_hour_is_impossible_travel() -> None:
    reasons = clone_reasons(_checks(("FR", 0)), 1, "CN", T0 + timedelta(hours=1), RULES)
    assert reasons == [(IMPOSSIBLE_TRAVEL, "checked in FR and CN 1.0 hours apart")]


def test_paris_then_shanghai_two_days_later_is_a_trip() -> None:
    assert clone_reasons(_checks(("FR", 0)), 1, "CN", T0 + timedelta(days=2), RULES) == []


def test_neighbours_an_hour_apart_are_possible() -> None:
    assert clone_reasons(_checks(("FR", 0)), 1, "BE", T0 + timedelta(hours=1), RULES) == []


def test_unlisted_countries_fall_back_to_a_time_window() -> None:
    soon = clone_reasons(_checks(("LU", 0)), 1, "MC", T0 + timedelta(minutes=30), RULES)
    later = clone_reasons(_checks(("LU", 0)), 1, "MC", T0 + timedelta(hours=5), RULES)
    assert [r for r, _ in soon] == [IMPOSSIBLE_TRAVEL]
    assert later == []


def test_distances_and_country_codes() -> None:
    assert distance_km("FR", "FR") == 0.0
    assert 8000 < (distance_km("FR", "CN") or 0) < 10000
    assert distance_km("FR", "LU") is None
    assert coarse_country(" fr ") == "FR"
    assert [coarse_country(v) for v in (None, "", "FRA", "XX", "1A", "ÉÉ")] == [None] * 6


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=2.0, burst=3, clock=clock)

    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(0.5)
    assert limiter.acquire("b") == 0.0  # another client has its own bucket
    clock.now = 0.5
    assert limiter.acquire("a") == 0.0


def test_the_bucket_forgets_the_least_recent_clients() -> None:
    limiter = TokenBucketLimiter(rate=1.0, burst=1, max_clients=2, clock=FakeClock())
    limiter.acquire("a")
    limiter.acquire("b")
    limiter.acquire("c")  # "a" forgotten: a full bucket again

    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("c") > 0.0
