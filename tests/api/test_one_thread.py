"""OneThreadRoute: the handler and the end of its request's transaction share one worker thread."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI, HTTPException
from fastapi.testclient import TestClient

from truemark.api.one_thread import OPEN_WORK, OneThreadRoute, OpenWork


class Transaction:
    """Records where and how it ended."""

    def __init__(self) -> None:
        self.ended: list[tuple[str, str]] = []

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        outcome = "commit" if kind is None else "rollback"
        self.ended.append((outcome, threading.current_thread().name))


TRANSACTIONS: list[Transaction] = []
HANDLER_THREADS: list[str] = []


async def work_dep() -> AsyncIterator[Transaction]:
    transaction = Transaction()
    TRANSACTIONS.append(transaction)
    work = OpenWork(transaction)
    OPEN_WORK.set(work)
    yield transaction
    work.end()  # as WorkDep does: nothing left to do when the handler's thread ended it


Work = Annotated[Transaction, Depends(work_dep)]
router = APIRouter(route_class=OneThreadRoute)


@router.get("/fine")
def fine(work: Work, n: int = 1) -> dict[str, int]:
    HANDLER_THREADS.append(threading.current_thread().name)
    return {"n": n}


@router.get("/broken")
def broken(work: Work) -> dict[str, int]:
    HANDLER_THREADS.append(threading.current_thread().name)
    raise HTTPException(status_code=409, detail="no")


@router.get("/quick")
async def quick() -> dict[str, str]:
    return {"ran": "on the loop"}


@pytest.fixture
def client() -> TestClient:
    TRANSACTIONS.clear()
    HANDLER_THREADS.clear()
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_the_commit_happens_in_the_handlers_thread(client: TestClient) -> None:
    assert client.get("/fine", params={"n": 3}).json() == {"n": 3}
    assert client.get("/fine", params={"n": "x"}).status_code == 422  # parameters still checked
    assert TRANSACTIONS[0].ended == [("commit", HANDLER_THREADS[0])]
    assert HANDLER_THREADS[0] != threading.current_thread().name


def test_an_error_rolls_back_in_the_handlers_thread_once(client: TestClient) -> None:
    assert client.get("/broken").status_code == 409
    assert TRANSACTIONS[0].ended == [("rollback", HANDLER_THREADS[0])]


def test_coroutines_run_as_they_are(client: TestClient) -> None:
    assert client.get("/quick").json() == {"ran": "on the loop"}
    assert TRANSACTIONS == []
