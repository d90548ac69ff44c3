"""Request dependencies of the enforcement API: store, unit of work, caller, policy, page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from truemark.api.auth import SESSION_COOKIE, authenticate
from truemark.api.deps import settings_dep
from truemark.cases.access import Principal
from truemark.config import Settings
from truemark.enforce.config import EnforcementConfig
from truemark.store import Store, UnitOfWork
from truemark.store.paging import MAX_LIMIT, PageRequest

bearer = HTTPBearer(auto_error=False, description="an API key tm_... or a session token")


def store_dep(request: Request) -> Store:
    """The app's store, opened on first use."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        settings: Settings = request.app.state.settings
        store = request.app.state.store = Store.from_url(settings.database_url)
    return store


def work_dep(store: Annotated[Store, Depends(store_dep)]) -> Iterator[UnitOfWork]:
    """One transaction per request: committed when the handler returns, rolled back on error."""
    with store.unit_of_work() as work:
        yield work


# scope="function": the transaction commits before the response is sent, so a client never
# reads back older data than it was just told about, and a failed commit is an error response
WorkDep = Annotated[UnitOfWork, Depends(work_dep, scope="function")]
SettingsDep = Annotated[Settings, Depends(settings_dep)]


def principal_dep(
    request: Request,
    work: WorkDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, from the Bearer header or the session cookie."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    return authenticate(work, settings.require_secret_key(), token)


def config_dep(request: Request) -> EnforcementConfig:
    """The enforcement policy the app was created with."""
    config: EnforcementConfig = request.app.state.enforcement
    return config


def page_dep(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    sort: Annotated[str | None, Query(description="field, or -field for descending")] = None,
) -> PageRequest:
    return PageRequest(limit, offset, sort)


PrincipalDep = Annotated[Principal, Depends(principal_dep)]
ConfigDep = Annotated[EnforcementConfig, Depends(config_dep)]
PageDep = Annotated[PageRequest, Depends(page_dep)]
