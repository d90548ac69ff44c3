"""The enforcement policy as data: YAML validated into a frozen config, every problem reported."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from truemark.errors import InputError, Problem, ValidationError
from truemark.store.enforcement_records import StandingLevel

LADDER_RUNGS = ("warning", "restricted", "suspended", "closed")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ImportPolicy(_Strict):
    auto_takedown_min_risk: float = Field(ge=0.0, le=1.0)


class NoticePolicy(_Strict):
    max_listings: int = Field(ge=1)
    counter_notice_days: int = Field(ge=1)


class FastTrackPolicy(_Strict):
    window_days: int = Field(ge=1)
    min_items: int = Field(ge=1)
    min_acceptance: float = Field(ge=0.0, le=1.0)
    max_counter_rate: float = Field(ge=0.0, le=1.0)


class StrikePolicy(_Strict):
    expiry_days: int = Field(ge=1)
    severities: dict[str, int]
    confirmed_case: str
    upheld_notice: str
    ladder: dict[str, int]

    @model_validator(mode="after")
    def _consistent(self) -> StrikePolicy:
        for field in ("confirmed_case", "upheld_notice"):
            if getattr(self, field) not in self.severities:
                raise ValueError(f"{field} names an unknown severity {getattr(self, field)!r}")
        if any(points < 1 for points in self.severities.values()):
            raise ValueError("every severity is worth at least 1 point")
        if set(self.ladder) != set(LADDER_RUNGS):
            raise ValueError(f"the ladder needs exactly the rungs {', '.join(LADDER_RUNGS)}")
        thresholds = [self.ladder[rung] for rung in LADDER_RUNGS]
        if thresholds != sorted(set(thresholds)) or thresholds[0] < 1:
            raise ValueError("ladder thresholds must rise strictly from rung to rung, from 1")
        return self

    def level_for(self, points: int) -> StandingLevel:
        """The highest rung whose threshold ``points`` reach."""
        level = StandingLevel.GOOD
        for rung in LADDER_RUNGS:
            if points >= self.ladder[rung]:
                level = StandingLevel(rung)
        return level


class EnforcementConfig(_Strict):
    version: Literal[1]
    import_: ImportPolicy = Field(alias="import")
    notices: NoticePolicy
    fast_track: FastTrackPolicy
    strikes: StrikePolicy


def load_enforcement_config(path: Path) -> EnforcementConfig:
    """Read and validate a policy file; ValidationError names every wrong field."""
    try:
        raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the enforcement config ({exc.strerror})") from None
    except YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from None
    try:
        return EnforcementConfig.model_validate(raw)
    except PydanticError as exc:
        problems = [
            Problem(
                str(path),
                error["msg"],
                field=".".join(str(part) for part in error["loc"]) or None,
                hint="see the default file truemark/enforce/enforcement.yaml",
            )
            for error in exc.errors()
        ]
        raise ValidationError(problems, f"{path}: invalid enforcement config") from None


@lru_cache(maxsize=1)
def default_config() -> EnforcementConfig:
    """The policy shipped in the package."""
    resource = files("truemark.enforce") / "enforcement.yaml"
    return load_enforcement_config(Path(str(resource)))


CONFIG_ENV = "TRUEMARK_ENFORCEMENT_CONFIG"


def configured() -> EnforcementConfig:
    """The policy at ``$TRUEMARK_ENFORCEMENT_CONFIG`` when set, else the packaged one."""
    import os

    path = os.environ.get(CONFIG_ENV, "").strip()
    return load_enforcement_config(Path(path)) if path else default_config()
