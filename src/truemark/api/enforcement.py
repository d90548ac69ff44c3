"""Mount the enforcement API (auth, cases, decisions, notices, ...) on an app."""

from __future__ import annotations

from fastapi import FastAPI

from truemark.api.problems import PROBLEM_RESPONSES, install_problem_handlers
from truemark.api.routes import (
    auth,
    cases,
    counter_notices,
    decisions,
    effects,
    keys,
    networks,
    notices,
    organizations,
    sellers,
    strikes,
    users,
)
from truemark.enforce.config import EnforcementConfig, configured
from truemark.store import Store

ROUTERS = (
    auth,
    cases,
    decisions,
    notices,
    counter_notices,
    strikes,
    sellers,
    networks,
    organizations,
    users,
    keys,
    effects,
)


def mount_enforcement(
    app: FastAPI, store: Store | None = None, config: EnforcementConfig | None = None
) -> None:
    """Add the routers and problem+json handlers; ``store`` defaults to the settings' database."""
    if store is not None:
        app.state.store = store
    app.state.enforcement = config or configured()
    install_problem_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router, responses=PROBLEM_RESPONSES)
