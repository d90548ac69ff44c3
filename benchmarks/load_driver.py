"""An open-loop HTTP/1.1 load generator on one asyncio event loop, light enough to share a machine
with the server it measures.

Request ``i`` is due at ``start + i / rate`` whatever happened before; its latency is counted from
that due time, so a server (or a generator) that falls behind pays for the wait and the tail is
not hidden (no coordinated omission). Requests are pre-encoded bytes on keep-alive connections;
a connection carries one request at a time and more are opened when all are busy, up to a cap.
Only the status line and ``Content-Length`` are parsed. ``lag`` is how late each request left:
near zero means the generator kept its schedule.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

try:
    import uvloop
except ImportError:  # pragma: no cover - Windows
    uvloop = None

Target = tuple[str, str, dict[str, str]]  # endpoint name, path, headers
IDLE_SECONDS = 4.0  # reuse a keep-alive connection idle for less than this


@dataclass(frozen=True, slots=True)
class Outcome:
    endpoint: str
    seconds: float  # from the due time to the last byte of the answer
    lag: float  # from the due time to the moment the request was written
    ok: bool  # answered with a 2xx or 3xx
    problem: str = ""  # what went wrong: an HTTP status, a timeout, a lost connection


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def encode(target: Target, host: str) -> bytes:
    """The request as bytes on the wire."""
    _name, path, headers = target
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response: its status code, and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    status, length, keep = int(head[9:12]), 0, True
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    if length:
        await reader.readexactly(length)
    return status, keep


class Driver:
    """Send a plan of requests to 127.0.0.1:``port`` at a fixed rate."""

    def __init__(self, port: int, plan: list[Target], timeout: float, max_connections: int):
        self._port = port
        self._plan = [(target[0], encode(target, f"127.0.0.1:{port}")) for target in plan]
        self._timeout = timeout
        self._idle: list[tuple[float, Connection]] = []  # (when it was last used, connection)
        self.opened = 0  # connections opened in all
        self._slots = asyncio.Semaphore(max_connections)

    async def _connection(self) -> tuple[Connection, bool]:
        """A connection, and whether it was used before; a connection idle for longer than the
        server keeps one (uvicorn: 5 s) is closed instead of reused."""
        while self._idle:
            used, connection = self._idle.pop()
            if time.perf_counter() - used < IDLE_SECONDS:
                return connection, True
            connection[1].close()
        self.opened += 1
        return await asyncio.open_connection("127.0.0.1", self._port), False

    async def _exchange(self, request: bytes) -> tuple[int, float]:
        """Send one request and read its answer: the status and when it was sent. A reused
        connection the server closed meanwhile is replaced and the request sent again, as HTTP
        clients do with idempotent requests."""
        connection, reused = await self._connection()
        sent = time.perf_counter()
        try:
            connection[1].write(request)
            status, keep = await _answer(connection[0])
        except BaseException as error:  # a timeout's cancellation included: never left open
            connection[1].close()
            if reused and isinstance(error, (OSError, asyncio.IncompleteReadError)):
                return await self._exchange(request)
            raise
        if keep:
            self._idle.append((time.perf_counter(), connection))
        else:
            connection[1].close()
        return status, sent

    async def _one(self, number: int, due: float) -> Outcome:
        name, request = self._plan[number % len(self._plan)]
        async with self._slots:
            sent, problem = time.perf_counter(), ""
            try:
                status, sent = await asyncio.wait_for(self._exchange(request), self._timeout)
                problem = "" if status < 400 else f"HTTP {status}"
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                problem = type(error).__name__
            done = time.perf_counter()
            return Outcome(name, done - due, sent - due, not problem, problem)

    async def run(self, rate: float, total: int) -> list[Outcome]:
        """Send ``total`` requests, request i due i / rate seconds after a short start."""
        start = time.perf_counter() + 0.1
        tasks = []
        for number in range(total):
            due = start + number / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self._one(number, due)))
        outcomes = list(await asyncio.gather(*tasks))
        for _used, (_reader, writer) in self._idle:
            with contextlib.suppress(OSError):
                writer.close()
        return outcomes


def drive(
    port: int,
    plan: list[Target],
    rate: float,
    total: int,
    timeout: float = 5.0,
    max_connections: int = 256,
) -> list[Outcome]:
    """Send ``total`` requests of ``plan`` (round robin) at ``rate`` per second; every outcome."""
    driver = Driver(port, plan, timeout, max_connections)
    if uvloop is not None:
        return uvloop.run(driver.run(rate, total))
    return asyncio.run(driver.run(rate, total))
