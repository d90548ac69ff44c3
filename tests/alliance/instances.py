"""A second truemark instance for the exchange tests: its own database (another SQLite file, or
another PostgreSQL schema), members brand-b, brand-c and brand-d (unknown to instance A) with API
keys, served by uvicorn on a
free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import httpx
import uvicorn
from fastapi import FastAPI
from tests.alliance.members import T0

from truemark.alliance import alliance_work, known_fakes_table
from truemark.cases.access import Principal
from truemark.evidence.keys import signer_for
from truemark.store import OrganizationKind, Role, Store
from truemark.store.alliance_records import IntelItemRecord

SECRET_B = "instance-b-secret"  # each instance seals its evidence keys under its own secret
MEMBERS_B = {"operator": OrganizationKind.OPERATOR, "brand-b": OrganizationKind.BRAND}
MEMBERS_B |= {"brand-c": OrganizationKind.BRAND, "brand-d": OrganizationKind.BRAND}


@dataclass(frozen=True)
class Instance:
    """Instance B as a test sees it: its base URL, its store, its members and their API keys
    (``operator`` admin, ``brand-b`` admin, ``brand-b-viewer`` read-only, ``brand-c`` admin; brand-d
    has no key)."""

    url: str
    store: Store
    ids: dict[str, int]
    keys: dict[str, str]

    def admin(self, slug: str) -> Principal:
        return Principal(self.ids[slug], MEMBERS_B[slug], Role.ADMIN, f"admin@{slug}.b")

    def bank(self, slug: str, moment: datetime = T0) -> list[tuple[str, str]]:
        """(pdq, provenance) of the known fakes ``slug`` may use on this instance."""
        with alliance_work(self.store) as alliance:
            table = known_fakes_table(alliance, self.ids[slug], moment)
        return list(zip(table["pdq"], table["provenance"], strict=True))

    def held(self, slug: str) -> list[IntelItemRecord]:
        with alliance_work(self.store) as alliance:
            return alliance.intel.held_by([self.ids[slug]])

    def pin(self, exporter: str, public_key: bytes) -> None:
        """B's operator pins an exporter's key over B's API (``PUT /intel/trusted/...``)."""
        answer = httpx.put(
            f"{self.url}/intel/trusted/{exporter}",
            json={"public_key": public_key.hex(), "note": "sent by the exporter"},
            headers={"Authorization": f"Bearer {self.keys['operator']}"},
        )
        assert answer.status_code == 200, answer.text

    def public_key(self, slug: str) -> bytes:
        """The member's evidence key here (created as ``truemark evidence key`` does)."""
        with alliance_work(self.store) as alliance:
            signer = signer_for(alliance.work, self.admin(slug), self.ids[slug], SECRET_B, T0)
            return signer.key.public_key


def populate(store: Store) -> tuple[dict[str, int], dict[str, str]]:
    """Instance B's members and API keys."""
    ids, keys = {}, {}
    with store.unit_of_work() as work:
        for slug, kind in MEMBERS_B.items():
            ids[slug] = work.organizations.get_or_create(slug, kind, slug).id
        for name, slug, role in [
            ("operator", "operator", Role.ADMIN),
            ("brand-b", "brand-b", Role.ADMIN),
            ("brand-b-viewer", "brand-b", Role.READ_ONLY),
            ("brand-c", "brand-c", Role.ADMIN),
        ]:
            keys[name] = work.api_keys.issue(ids[slug], name, role).secret
    return ids, keys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app served over HTTP on loopback until the block ends; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])
