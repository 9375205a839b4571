"""A shop folder that is broken when the sandbox starts: the built-in screens answer, the page
lists the problems, and the first clean save brings the shop's own screens in."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from nanostore.bot.screens import SCREENS_DIR
from nanostore.sandbox.session import Sandbox
from nanostore.sandbox.watcher import BUILTIN_NOTE
from nanostore.sandbox.web import build_app
from tests.sandbox.chat_client import send

WELCOME = "👋 <b>Welcome to"


@pytest.fixture
async def broken_shop(tmp_path):
    screens, locales = tmp_path / "screens", tmp_path / "locales"
    screens.mkdir()
    locales.mkdir()
    menu = (SCREENS_DIR / "menu.yaml").read_text(encoding="utf-8")
    (screens / "menu.yaml").write_text(menu.replace("  welcome:\n", "  welcome:\n   oops: [\n", 1))
    sandbox = Sandbox(screens, locales, database_url=f"sqlite://{tmp_path / 'sandbox.db'}",
                      watch=False)
    await sandbox.start()
    client = TestClient(TestServer(build_app(sandbox)))
    await client.start_server()
    yield sandbox, client, screens / "menu.yaml", menu
    await client.close()
    await sandbox.stop()


async def test_the_built_in_screens_answer_and_the_page_lists_the_problem(broken_shop):
    sandbox, client, _, _ = broken_shop
    status = await (await client.get("/api/status")).json()
    assert status["problems"][0] == BUILTIN_NOTE
    assert len(status["problems"]) == 2 and "screens/menu.yaml:" in status["problems"][1]
    messages = await send(client, "/start")
    assert messages[-1]["html"].startswith(WELCOME)


async def test_the_first_clean_save_brings_the_shops_screens_in(broken_shop):
    sandbox, client, menu_file, menu = broken_shop
    menu_file.write_text(menu.replace("{template: menu/welcome}", '"Hello from my shop!"', 1))
    assert await sandbox.watcher.check_once()
    status = await (await client.get("/api/status")).json()
    assert status["problems"] == []
    messages = await send(client, "/start")
    assert messages[-1]["html"] == "Hello from my shop!"
