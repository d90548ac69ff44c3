"""Request dependencies of the enforcement API: store, unit of work, caller, policy, page.

Dependencies that only read the app's state are ``async def``, so they run on the event loop
instead of costing a trip to the thread pool each. The unit of work opens its session on the loop
(no I/O happens before the first query) and is committed by the handler's thread (see
``one_thread``); the caller's API key is answered from a short-lived in-process cache when it was
checked a moment ago.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from anyio import CapacityLimiter
from fastapi import Depends, FastAPI, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from truemark.api.auth import SESSION_COOKIE, authenticate
from truemark.api.deps import settings_dep
from truemark.api.key_cache import VerifiedKeyCache
from truemark.api.one_thread import OPEN_WORK, OpenWork
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


async def work_dep(request: Request) -> AsyncIterator[UnitOfWork]:
    """One transaction per request: committed when the handler returns, rolled back on error
    (by the handler's own thread on a ``OneThreadRoute``, else here)."""
    transaction = store_dep(request).unit_of_work()
    work = OpenWork(transaction)
    OPEN_WORK.set(work)
    try:
        yield transaction.__enter__()  # a session; it connects on its first query, in the handler
    except BaseException as error:
        await _finish(work, error)
        raise
    await _finish(work, None)


async def _finish(work: OpenWork, error: BaseException | None) -> None:
    """End the transaction unless the handler's thread did, in a thread of its own: not one of
    the pool's, which may all be taken by requests waiting for the connection it holds."""
    if work.ended:
        return
    with anyio.CancelScope(shield=True):  # the connection goes back to the pool whatever happens
        await anyio.to_thread.run_sync(work.end, error, limiter=CapacityLimiter(1))


# scope="function": the transaction commits before the response is sent, so a client never
# reads back older data than it was just told about, and a failed commit is an error response
WorkDep = Annotated[UnitOfWork, Depends(work_dep, scope="function")]
SettingsDep = Annotated[Settings, Depends(settings_dep)]


def key_cache_of(app: FastAPI) -> VerifiedKeyCache:
    """The app's cache of recently verified API keys."""
    cache: VerifiedKeyCache | None = getattr(app.state, "key_cache", None)
    if cache is None:
        cache = app.state.key_cache = VerifiedKeyCache()
    return cache


def _authenticated(store: Store, secret: str, token: str | None) -> Principal:
    with store.unit_of_work() as work:
        return authenticate(work, secret, token)


async def principal_dep(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, from the Bearer header or the session cookie."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    settings: Settings = request.app.state.settings
    secret, store = settings.require_secret_key(), store_dep(request)
    if not (token and token.startswith("tm_")):
        return await run_in_threadpool(_authenticated, store, secret, token)
    keys = key_cache_of(request.app)
    principal = keys.principal(token)
    if principal is None:
        generation = keys.generation
        principal = await run_in_threadpool(_authenticated, store, secret, token)
        keys.remember(token, principal, generation)
    return principal


async def config_dep(request: Request) -> EnforcementConfig:
    """The enforcement policy the app was created with."""
    config: EnforcementConfig = request.app.state.enforcement
    return config


async def page_dep(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    sort: Annotated[str | None, Query(description="field, or -field for descending")] = None,
) -> PageRequest:
    return PageRequest(limit, offset, sort)


PrincipalDep = Annotated[Principal, Depends(principal_dep)]
ConfigDep = Annotated[EnforcementConfig, Depends(config_dep)]
PageDep = Annotated[PageRequest, Depends(page_dep)]
