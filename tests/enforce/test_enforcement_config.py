"""The enforcement policy file: the shipped one is valid; a bad one names every wrong field."""

from __future__ import annotations

from pathlib import Path

import pytest

from truemark.enforce.config import default_config, load_enforcement_config
from truemark.errors import InputError, ValidationError
from truemark.store.enforcement_records import StandingLevel


def test_the_shipped_policy_loads() -> None:
    config = default_config()
    assert config.notices.max_listings == 300
    assert config.strikes.level_for(0) is StandingLevel.GOOD
    assert config.strikes.level_for(3) is StandingLevel.RESTRICTED
    assert config.strikes.level_for(100) is StandingLevel.CLOSED


def test_every_problem_is_reported_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: 1\n"
        "import: {auto_takedown_min_risk: 1.5}\n"
        "notices: {max_listings: 0, counter_notice_days: 14}\n"
        "fast_track: {window_days: 90, min_items: 20, min_acceptance: 0.9, max_counter_rate: 0.05}\n"
        "strikes: {expiry_days: 180, severities: {major: 3}, confirmed_case: major,\n"
        "          upheld_notice: major, ladder: {warning: 5, restricted: 3, suspended: 6, closed: 9}}\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_enforcement_config(path)
    fields = {problem.field for problem in caught.value.problems}
    assert {"import.auto_takedown_min_risk", "notices.max_listings", "strikes"} <= fields
    assert any("rise strictly" in problem.message for problem in caught.value.problems)


def test_unreadable_yaml_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: [1\n")
    with pytest.raises(InputError, match=r"broken\.yaml"):
        load_enforcement_config(path)
