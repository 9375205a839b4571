"""Live editing seen in a real headless Chromium: twenty saves of a screen's text in a row, and
the tap after each shows the latest text, tagged with the version the page header shows."""

from __future__ import annotations

import asyncio

from tests.sandbox.test_browser import expect_in_chat, page, press, pytestmark, send_text  # noqa: F401

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
        await expect(page.locator("#screens-version")).to_have_text("v1")
        latest = page.locator("#chat > li").last
        for edit in range(1, EDITS + 1):
            hub.write_text(original.replace(HUB_LINE, f"Edit number {edit}:"), encoding="utf-8")
            version = f"v{edit + 1}"
            # A person taps once the header says the save is in; no clock decides it here.
            await expect(page.locator("#screens-version")).to_have_text(version)
            await press(page, "🛍 Open the shop")
            await expect(latest.locator(".body")).to_contain_text(f"Edit number {edit}:")
            await expect(latest.locator(".version")).to_have_text(version)
            await press(page, "👤 My profile")
            await expect(latest.locator(".body")).to_contain_text("Welcome to NanoStore Demo")
    finally:
        watching.cancel()
    assert sandbox.watcher.problems == []
    assert sandbox.emulator.polls.most_open == 1
