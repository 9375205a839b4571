"""Live editing seen in a real headless Chromium: twenty saves of a screen's text in a row, and
the tap after each shows the latest text, tagged with the version the page header shows.

The sandbox stacks the test's copy of the screens over the built-in ones and watches both, so
work on the built-in files during a run can add reloads of its own: versions are compared as
"moved past the one before the save" and "the header's at the tap", not counted from 1.
"""

from __future__ import annotations

import asyncio
import re

from tests.fixtures.browser import (
    expect_in_chat,
    press,
    pytestmark,  # noqa: F401  (the browser marks)
    send_text,
)

HUB_LINE = "Choose a section:"
EDITS = 20


async def test_the_tap_after_each_of_twenty_saves_shows_the_latest_text(page, sandbox, screens_copy):
    from playwright.async_api import expect

    _, locales = screens_copy
    hub = locales / "en" / "menu" / "hub.j2"
    original = hub.read_text(encoding="utf-8")
    watching = asyncio.create_task(sandbox.watcher.run_forever())  # as `nanostore sandbox` runs it
    try:
        await send_text(page, "/start")
        await expect_in_chat(page, "Welcome to NanoStore Demo, Ann!")
        await expect(page.locator("#screens-version")).to_have_text(re.compile(r"^v\d+$"))
        latest = page.locator("#chat > li").last
        for edit in range(1, EDITS + 1):
            before = sandbox.live_bot.version  # the server's, which the header may lag
            hub.write_text(original.replace(HUB_LINE, f"Edit number {edit}:"), encoding="utf-8")
            # A person taps once the header says the save is in; no clock decides it here.
            await page.wait_for_function(
                "n => Number(document.getElementById('screens-version').textContent.slice(1)) > n",
                arg=before)
            at_tap = await header_version(page)
            await press(page, "🛍 Open the shop")
            await expect(latest.locator(".body")).to_contain_text(f"Edit number {edit}:")
            tag = int((await latest.locator(".version").text_content()).removeprefix("v"))
            assert at_tap <= tag <= sandbox.live_bot.version  # all equal, unless another reload came
            await press(page, "👤 My profile")
            await expect(latest.locator(".body")).to_contain_text("Welcome to NanoStore Demo")
    finally:
        watching.cancel()
    assert sandbox.watcher.problems == []
    assert sandbox.live_bot.version >= EDITS + 1
    assert sandbox.emulator.polls.most_open == 1


async def header_version(page) -> int:
    return int((await page.locator("#screens-version").text_content()).removeprefix("v"))
