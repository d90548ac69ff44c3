"""Errors as problem+json (RFC 9457): one handler maps truemark's errors to status codes."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

from truemark.cases.errors import NotAuthenticated, StateConflict
from truemark.errors import (
    ConfigError,
    InputError,
    NotFoundError,
    PermissionDenied,
    TruemarkError,
    ValidationError,
)

PROBLEM_JSON = "application/problem+json"
STATUS: list[tuple[type[TruemarkError], int, str]] = [
    (NotAuthenticated, 401, "not-authenticated"),
    (PermissionDenied, 403, "forbidden"),
    (NotFoundError, 404, "not-found"),
    (StateConflict, 409, "conflict"),
    (ValidationError, 422, "invalid"),
    (InputError, 400, "bad-input"),
    (ConfigError, 500, "configuration"),
]


def _documented(description: str) -> dict[str, object]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": {"type": "object"}}}}


# The error answers every enforcement route may give, for the OpenAPI document.
PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    401: _documented("not authenticated"),
    403: _documented("forbidden for your organization or role"),
    404: _documented("not found, or not yours to see"),
    409: _documented("not in a state that allows this"),
    422: _documented("invalid, with every problem listed"),
}


def problem(status: int, slug: str, title: str, detail: str, **extra: object) -> JSONResponse:
    """A problem+json response."""
    body = {"type": f"https://truemark.dev/problems/{slug}", "title": title, "status": status}
    body.update(detail=detail, **extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _truemark_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TruemarkError)
    status, slug = next(
        ((code, name) for kind, code, name in STATUS if isinstance(exc, kind)), (400, "error")
    )
    if isinstance(exc, ValidationError):
        problems = [
            {"message": p.message, "field": p.field, "where": p.where, "hint": p.hint}
            for p in exc.problems
        ]
        return problem(status, slug, exc.summary, exc.message, problems=problems)
    return problem(status, slug, type(exc).__name__, exc.message)


def _request_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"message": e["msg"], "field": ".".join(str(p) for p in e["loc"])} for e in exc.errors()
    ]
    return problem(422, "invalid", "invalid request", "the request is not valid", problems=problems)


def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    """A number the database cannot hold (an id past 64 bits): the request's fault, not ours."""
    detail = "a number in the request is out of the range the database can store"
    return problem(422, "out-of-range", "number out of range", detail)


def install_problem_handlers(app: FastAPI) -> None:
    """Every TruemarkError, every request validation error and every out-of-range number
    becomes problem+json."""
    app.add_exception_handler(TruemarkError, _truemark_error)
    app.add_exception_handler(RequestValidationError, _request_error)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
