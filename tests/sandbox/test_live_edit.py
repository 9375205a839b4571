"""Live editing on a copy of screens/ and locales/: a clean change reaches the next screen, a
broken one is reported with file:line and the bot keeps the last good version."""

from __future__ import annotations

import asyncio

from tests.sandbox.chat_client import send, tap

HUB_LINE = "Choose a section:"
EDITED_LINE = "Pick a section, edited live:"


async def test_template_change_shows_on_the_next_screen(client, sandbox, screens_copy):
    _, locales = screens_copy
    await send(client, "/start")
    hub = locales / "en" / "menu" / "hub.j2"
    hub.write_text(hub.read_text(encoding="utf-8").replace(HUB_LINE, EDITED_LINE), encoding="utf-8")
    assert await sandbox.watcher.check_once()
    status = await (await client.get("/api/status")).json()
    assert status == {"problems": [], "reloads": 1}
    # The welcome message was sent by the old bot; its button is answered by the new one.
    messages = await tap(client, "🛍 Open the shop")
    assert EDITED_LINE in messages[-1]["html"] and HUB_LINE not in messages[-1]["html"]


async def test_broken_yaml_is_reported_and_the_last_good_version_keeps_answering(
        client, sandbox, screens_copy):
    screens, _ = screens_copy
    menu = screens / "menu.yaml"
    good = menu.read_text(encoding="utf-8")
    broken = good.replace("switch_to: hub", "switch_to: nowhere", 1)
    menu.write_text(broken, encoding="utf-8")
    assert await sandbox.watcher.check_once()
    problems = (await (await client.get("/api/status")).json())["problems"]
    [problem] = [line for line in problems if "menu.yaml:" in line]
    line_number = int(problem.split("menu.yaml:")[1].split(":")[0])
    assert "nowhere" in problem and "nowhere" in broken.splitlines()[line_number - 1]
    messages = await send(client, "/start")
    assert "Welcome to NanoStore Demo" in messages[-1]["html"]
    messages = await tap(client, "🛍 Open the shop")  # the good version's transition still works
    assert HUB_LINE in messages[-1]["html"]
    menu.write_text(good, encoding="utf-8")
    assert await sandbox.watcher.check_once()
    assert await (await client.get("/api/status")).json() == {"problems": [], "reloads": 1}


async def test_the_watch_loop_notices_a_saved_file(sandbox, screens_copy):
    _, locales = screens_copy
    hub = locales / "en" / "menu" / "hub.j2"
    hub.write_text(hub.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    watching = asyncio.create_task(sandbox.watcher.run_forever())
    try:
        while sandbox.watcher.reloads == 0 and not sandbox.watcher.problems:
            await asyncio.sleep(0.1)  # the test runner's own timeout bounds this wait
    finally:
        watching.cancel()
    assert sandbox.watcher.reloads == 1 and sandbox.watcher.problems == []
