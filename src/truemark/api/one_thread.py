"""Synchronous handlers that end their request's transaction in the worker thread they ran in.

FastAPI runs a plain ``def`` handler in a worker thread, then checks its answer in another, and
a dependency's clean-up in a third; each trip costs a thread hand-over, and a connection held
between trips can wait for a free thread. ``OneThreadRoute`` runs the handler and the commit (or
rollback) of the request's unit of work (``WorkDep``) in one thread, and checks the answer on the
event loop. The unit of work's dependency then finds it ended and has nothing left to do.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class OpenWork:
    """A request's transaction, ended once: committed, or rolled back after an error."""

    def __init__(self, transaction: AbstractContextManager[Any]) -> None:
        self._transaction = transaction
        self.ended = False

    def end(self, error: BaseException | None = None) -> None:
        if self.ended:
            return
        self.ended = True
        if error is None:
            self._transaction.__exit__(None, None, None)
        else:
            self._transaction.__exit__(type(error), error, error.__traceback__)


# The request's open unit of work, set by the WorkDep dependency; worker threads see the request's
# context, so the handler's thread finds it here.
OPEN_WORK: ContextVar[OpenWork | None] = ContextVar("truemark_open_work", default=None)


def _handle(handler: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    work = OPEN_WORK.get()
    try:
        answer = handler(*args, **kwargs)
    except BaseException as error:
        if work is not None:
            work.end(error)
        raise
    if work is not None:
        work.end()
    return answer


def in_one_thread(handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler`` (a plain function) as a coroutine that runs it, and ends the request's unit of
    work, in one worker thread."""

    @functools.wraps(handler)  # FastAPI reads the parameters through __wrapped__
    async def call(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(_handle, handler, args, kwargs)

    return call


class OneThreadRoute(APIRoute):
    """An API route whose plain-function handler ends its unit of work in its own thread."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        plain = not (
            inspect.iscoroutinefunction(endpoint)
            or inspect.isgeneratorfunction(endpoint)
            or inspect.isasyncgenfunction(endpoint)
        )
        super().__init__(path, in_one_thread(endpoint) if plain else endpoint, **options)
