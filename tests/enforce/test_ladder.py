"""The strike ladder as pure functions: no database, just strikes in and effects out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from truemark.enforce.config import default_config
from truemark.enforce.effects import ChangeStanding, CloseStore, IssueStrike
from truemark.enforce.ladder import active_points, expiry_effects, strike_effects
from truemark.store.enforcement_records import StandingLevel, StandingRecord, StrikeRecord

NOW = datetime(2026, 3, 1, tzinfo=UTC)
POLICY = default_config().strikes


def _strike(points: int, days_ago: int, revoked: bool = False) -> StrikeRecord:
    issued = NOW - timedelta(days=days_ago)
    return StrikeRecord(
        1,
        "s",
        "major",
        points,
        "r",
        None,
        None,
        issued,
        issued + timedelta(days=POLICY.expiry_days),
        issued if revoked else None,
    )


def _standing(level: StandingLevel) -> StandingRecord:
    return StandingRecord("s", level, NOW)


def test_only_live_strikes_count() -> None:
    strikes = [_strike(3, 10), _strike(3, 400), _strike(5, 1, revoked=True)]
    assert active_points(strikes, NOW) == 3


def test_a_strike_moves_the_seller_up_one_or_more_rungs() -> None:
    effects = strike_effects(_standing(StandingLevel.GOOD), [], "severe", "r", POLICY, NOW)
    assert isinstance(effects[0], IssueStrike)
    assert effects[0].points == 5
    assert effects[1] == ChangeStanding("s", StandingLevel.RESTRICTED, StandingLevel.GOOD)


def test_reaching_the_top_rung_closes_the_store() -> None:
    effects = strike_effects(
        _standing(StandingLevel.SUSPENDED), [_strike(6, 1)], "major", "r", POLICY, NOW
    )
    assert isinstance(effects[-1], CloseStore)


def test_a_closed_store_gets_no_more_strikes_and_stays_closed() -> None:
    closed = _standing(StandingLevel.CLOSED)
    assert strike_effects(closed, [], "major", "r", POLICY, NOW) == []
    assert expiry_effects(closed, [], POLICY, NOW) == []


def test_expiry_steps_down() -> None:
    effects = expiry_effects(
        _standing(StandingLevel.SUSPENDED), [_strike(3, 10), _strike(3, 200)], POLICY, NOW
    )
    assert effects == [ChangeStanding("s", StandingLevel.RESTRICTED, StandingLevel.SUSPENDED)]


def test_effects_are_json_ready_records() -> None:
    strike = strike_effects(_standing(StandingLevel.GOOD), [], "minor", "why", POLICY, NOW)[0]
    assert strike.name == "seller.strike"
    assert strike.subject == "seller:s"
    assert strike.payload()["expires_at"] == (NOW + timedelta(days=POLICY.expiry_days)).isoformat()
