"""Sandbox fixtures: a sandbox on a copy of screens/ and locales/ (live-edit tests change the
copy, never the real files), served by a test client of its web app, or shown in a headless
Chromium (`page`; the browser helpers are in tests/fixtures/browser.py)."""

from __future__ import annotations

import shutil

import pytest
from aiohttp.test_utils import TestClient, TestServer

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR
from nanostore.sandbox.session import Sandbox
from nanostore.sandbox.web import build_app
from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS


@pytest.fixture
def screens_copy(tmp_path):
    screens, locales = tmp_path / "screens", tmp_path / "locales"
    shutil.copytree(SCREENS_DIR, screens)
    shutil.copytree(LOCALES_DIR, locales)
    return screens, locales


@pytest.fixture
async def sandbox(screens_copy, tmp_path):
    screens, locales = screens_copy
    running = Sandbox(screens, locales, database_url=f"sqlite://{tmp_path / 'sandbox.db'}",
                      watch=False)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def client(sandbox):
    test_client = TestClient(TestServer(build_app(sandbox)))
    await test_client.start_server()
    yield test_client
    await test_client.close()


@pytest.fixture
async def page(sandbox):
    """The sandbox's web page in a headless Chromium (the test_browser* modules)."""
    from playwright.async_api import async_playwright

    server = TestServer(build_app(sandbox), host="127.0.0.1")
    await server.start_server()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = await browser.new_page()
        tab.set_default_timeout(WAIT_MS)
        await tab.goto(str(server.make_url("/")))
        yield tab
        await browser.close()
    await server.close()
