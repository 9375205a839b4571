"""Live editing on a copy of screens/ and locales/: a clean change reaches the next screen, a
broken one is reported with file:line and the bot keeps the last good version."""

from __future__ import annotations

import asyncio

from tests.sandbox.chat_client import send, tap

HUB_LINE = "Choose a section:"
EDITED_LINE = "Pick a section, edited live:"


async def status_of(client) -> dict:
    return await (await client.get("/api/status")).json()


async def test_template_change_shows_on_the_next_screen(client, sandbox, screens_copy):
    _, locales = screens_copy
    await send(client, "/start")
    hub = locales / "en" / "menu" / "hub.j2"
    hub.write_text(hub.read_text(encoding="utf-8").replace(HUB_LINE, EDITED_LINE), encoding="utf-8")
    assert await sandbox.watcher.check_once()
    assert await status_of(client) == {"problems": [], "reloads": 1, "version": 2}
    # The welcome message was sent by the old bot; its button is answered by the new one.
    messages = await tap(client, "🛍 Open the shop")
    assert EDITED_LINE in messages[-1]["html"] and HUB_LINE not in messages[-1]["html"]
    assert messages[-1]["version"] == 2


async def test_broken_yaml_is_reported_and_the_last_good_version_keeps_answering(
        client, sandbox, screens_copy):
    screens, _ = screens_copy
    menu = screens / "menu.yaml"
    good = menu.read_text(encoding="utf-8")
    broken = good.replace("switch_to: hub", "switch_to: nowhere", 1)
    menu.write_text(broken, encoding="utf-8")
    assert await sandbox.watcher.check_once()
    status = await status_of(client)
    assert status["version"] == 1  # the broken save made no version
    problems = status["problems"]
    [problem] = [line for line in problems if "menu.yaml:" in line]
    line_number = int(problem.split("menu.yaml:")[1].split(":")[0])
    assert "nowhere" in problem and "nowhere" in broken.splitlines()[line_number - 1]
    messages = await send(client, "/start")
    assert "Welcome to NanoStore Demo" in messages[-1]["html"]
    messages = await tap(client, "🛍 Open the shop")  # the good version's transition still works
    assert HUB_LINE in messages[-1]["html"] and messages[-1]["version"] == 1
    menu.write_text(good, encoding="utf-8")
    assert await sandbox.watcher.check_once()
    assert await status_of(client) == {"problems": [], "reloads": 1, "version": 2}


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



async def test_after_many_reloads_one_bot_polls_and_the_newest_version_answers_every_tap(
        client, sandbox, screens_copy):
    _, locales = screens_copy
    hub = locales / "en" / "menu" / "hub.j2"
    original = hub.read_text(encoding="utf-8")
    await send(client, "/start")
    first_version = (await status_of(client))["version"]
    for edit in range(1, 6):
        hub.write_text(original.replace(HUB_LINE, f"Edit number {edit}:"), encoding="utf-8")
        assert await sandbox.watcher.check_once()
        version = (await status_of(client))["version"]
        assert version == first_version + edit
        for _ in range(2):  # both taps after a reload, not only the first, see the new text
            messages = await tap(client, "🛍 Open the shop")
            assert f"Edit number {edit}:" in messages[-1]["html"]
            assert messages[-1]["version"] == version
            await tap(client, "👤 My profile")
    polls = sandbox.emulator.polls
    # One poller from start to end: two would overlap and end each other with 409 Conflict.
    assert (polls.most_open, polls.terminated, polls.open) == (1, 0, 1)


async def test_taps_while_screens_reload_are_each_answered_once(sandbox, screens_copy):
    _, locales = screens_copy
    hub = locales / "en" / "menu" / "hub.j2"
    original = hub.read_text(encoding="utf-8")
    ann = sandbox.person("customer")
    await ann.command("start")

    async def reload_repeatedly():
        for edit in range(1, 4):
            hub.write_text(original.replace(HUB_LINE, f"Edit number {edit}:"), encoding="utf-8")
            assert await sandbox.watcher.check_once()

    reloading = asyncio.create_task(reload_repeatedly())
    taps = 0
    while not reloading.done() or taps < 4:
        # A lost update would leave the screen as it was, and the other button missing.
        await ann.tap("🛍 Open the shop")
        assert "Balance" in ann.screen.text
        await ann.tap("👤 My profile")
        assert "Welcome" in ann.screen.text
        taps += 2
    await reloading
    assert sandbox.live_bot.version == 4
    assert len(ann.messages) == 1  # every screen was the welcome message, edited in place
