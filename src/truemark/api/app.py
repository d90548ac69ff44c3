"""The FastAPI application: health and readiness now; routers per resource join it as they land."""

from __future__ import annotations

from fastapi import FastAPI

from truemark import __version__
from truemark.api.admission import AdmissionLimit
from truemark.api.enforcement import mount_enforcement
from truemark.api.metrics import install_metrics
from truemark.api.metrics import router as metrics_router
from truemark.api.middleware import RequestContextMiddleware
from truemark.api.problems import PROBLEM_RESPONSES
from truemark.api.routes import audit, health, referrals, serial, serial_pages, test_buys
from truemark.api.routes import intel as intel_routes
from truemark.api.routes import intel_trust as intel_trust_routes
from truemark.config import Settings, get_settings
from truemark.store import Store
from truemark.web.console import mount_console


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app for the given settings (the process settings by default); ``store``
    replaces the settings' database (tests pass one with cheap password hashing).
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="truemark",
        version=__version__,
        summary="Anti-counterfeiting for marketplaces and brands",
    )
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(serial.router)
    # the review queue and the rest of the enforcement API before the less busy routers: a request
    # is matched against the routes in order (every router has a prefix of its own)
    mount_enforcement(app, store)
    app.include_router(serial_pages.router)
    for evidence in (test_buys, referrals, audit):  # acting offline (issue 8)
        app.include_router(evidence.router, responses=PROBLEM_RESPONSES)
    app.include_router(intel_routes.router, responses=PROBLEM_RESPONSES)  # alliance (issue 11)
    app.include_router(intel_trust_routes.router, responses=PROBLEM_RESPONSES)
    mount_console(app)  # the console's pages and static files (issue 9)
    app.include_router(metrics_router)
    app.add_middleware(AdmissionLimit)  # inside the request context: waiting counts as latency
    app.add_middleware(RequestContextMiddleware, metrics=install_metrics(app))
    return app
