"""Admission: requests beyond the limit wait their turn, in order; probes never wait."""

from __future__ import annotations

import asyncio

from starlette.types import Receive, Scope, Send

from truemark.api.admission import AdmissionLimit


class Recorder:
    """An ASGI app that notes when requests start and holds /slow ones until released."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.started.append(scope["path"])
        if scope["path"].startswith("/slow"):
            await self.release.wait()


def request(path: str) -> Scope:
    return {"type": "http", "path": path, "method": "GET", "headers": []}


async def _nothing() -> dict[str, object]:
    return {}


async def _discard(message: object) -> None:
    return None


async def scenario() -> list[list[str]]:
    inner = Recorder()
    admission = AdmissionLimit(inner, limit=1)
    calls = [
        asyncio.create_task(admission(request(path), _nothing, _discard))
        for path in ("/slow", "/cases", "/healthz", "/metrics", "/sellers")
    ]
    await asyncio.sleep(0.05)
    seen = [list(inner.started)]
    inner.release.set()
    await asyncio.gather(*calls)
    seen.append(list(inner.started))
    return seen


def test_one_at_a_time_in_order_and_probes_pass_straight_through() -> None:
    while_busy, after = asyncio.run(scenario())
    assert sorted(while_busy) == ["/healthz", "/metrics", "/slow"]
    assert after[3:] == ["/cases", "/sellers"]  # each in its turn, once /slow was done
