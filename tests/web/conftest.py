"""Browser fixtures: the app served by uvicorn on a free loopback port (SQLite, the world of
``world.py``), one headless Debian chromium per session driven by Playwright, screenshots in
``$TMPDIR/truemark-screenshots`` (or ``$TRUEMARK_SCREENSHOTS``), and an axe-core check."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests.conftest import FAST_PASSWORD_HASHER
from tests.web.world import PASSWORD, ConsoleWorld, build_world

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.store import Store, make_engine, upgrade

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(
    os.environ.get("TRUEMARK_SCREENSHOTS", Path(tempfile.gettempdir()) / "truemark-screenshots")
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ConsoleWorld]]:
    """(base URL, world) of the console served on loopback for the whole session."""
    folder = tmp_path_factory.mktemp("console")
    url = f"sqlite:///{folder / 'truemark.db'}"
    upgrade(url)
    engine = make_engine(url)
    store = Store(engine, password_hasher=FAST_PASSWORD_HASHER)
    world = build_world(store, folder / "data")
    settings = Settings(database_url=url, demo=True, data_dir=world.data_dir)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, store=store),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", world
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium per test module; skipped (failed under CI=true) without it.

    Per module, not per session: Playwright's sync API keeps an event loop running in the main
    thread while it is open, and a later test of the same worker that calls ``asyncio.run``
    would fail ("cannot be called from a running event loop")."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        message = f"{CHROMIUM} is not installed: run `make browser` for the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, console: tuple[str, ConsoleWorld]) -> Iterator[Any]:
    """A fresh browser context (no cookies) at desktop width; closed after the test."""
    base, _world = console
    context = browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page: Any, email: str) -> None:
    page.goto("/console/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console**")


def shoot(page: Any, name: str, phone: bool = False) -> Path:
    """A full-page screenshot (and one at phone width, 390x844, when asked)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if phone:
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)  # let charts and graphs redraw at the new width
        page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.set_viewport_size(size)
        assert overflow <= 1, f"{name} scrolls sideways at phone width by {overflow}px"
    return path


def axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page (WCAG 2 A/AA rules)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
    )
    return list(result)
