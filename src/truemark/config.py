"""Settings from ``TRUEMARK_*`` environment variables and an optional ``truemark.toml``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from truemark.errors import ConfigError

DEMO_SECRET = "truemark-demo-secret-do-not-use-in-production"
DEMO_ALLIANCE_KEY = "truemark-demo-alliance-key-do-not-use-in-production"


def _config_file() -> Path:
    return Path(os.environ.get("TRUEMARK_CONFIG", "truemark.toml"))


def _user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME``, else ``~/.cache`` (the XDG default)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


class Settings(BaseSettings):
    """Every setting has a safe default except secrets, which only demo mode fills in."""

    model_config = SettingsConfigDict(env_prefix="TRUEMARK_", extra="ignore")

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{Path.cwd() / 'truemark.db'}",
        description="SQLAlchemy URL; a SQLite file in the working directory by default",
    )
    demo: bool = Field(default=False, description="demo mode: fills in throw-away secrets")
    secret_key: SecretStr | None = Field(
        default=None, description="signs sessions and tokens; required outside demo mode"
    )
    alliance_key: SecretStr | None = Field(
        default=None,
        description="HMAC key every alliance member shares, for infringer hashes; required "
        "outside demo mode to match them",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(
        default=1, ge=1, description="server processes of `truemark serve`: about one per core"
    )
    data_dir: Path = Field(default_factory=lambda: Path.cwd() / "truemark-data")
    batch_size: int = Field(default=65_536, ge=1, description="rows per Arrow record batch")
    cache_dir: Path = Field(
        default_factory=lambda: _user_cache_dir() / "truemark",
        description="where slow-to-build values (lexicon, Hyperscan databases, parsed catalogs) "
        "are kept between runs",
    )
    build_cache: bool = Field(default=True, description="use `cache_dir`; off: build every time")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml, file_secret_settings)

    def require_secret_key(self) -> str:
        """The secret key; in demo mode a fixed throw-away one, otherwise it must be configured."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.demo:
            return DEMO_SECRET
        raise ConfigError(
            "no secret key configured: set TRUEMARK_SECRET_KEY or secret_key in truemark.toml "
            "(only demo mode, TRUEMARK_DEMO=1, runs without one)"
        )

    def require_alliance_key(self) -> bytes:
        """The alliance key (UTF-8 bytes); in demo mode a fixed throw-away one, otherwise it must
        be configured: the same value at every member, or no infringer hash ever matches."""
        if self.alliance_key is not None:
            return self.alliance_key.get_secret_value().encode()
        if self.demo:
            return DEMO_ALLIANCE_KEY.encode()
        raise ConfigError(
            "no alliance key configured: set TRUEMARK_ALLIANCE_KEY or alliance_key in "
            "truemark.toml to the key the alliance members share (only demo mode, "
            "TRUEMARK_DEMO=1, runs without one)"
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(f"invalid configuration: {exc}") from exc
