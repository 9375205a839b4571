"""The people API's own promises: helpful misses, stale taps, views of the chat."""

from __future__ import annotations

import pytest

from nanostore.emulator import ButtonNotFound


async def test_missing_button_lists_the_visible_ones(emulator, bare_bot):
    ann = emulator.person(1, "Ann")
    await ann.command("start")
    with pytest.raises(ButtonNotFound, match=r"(?s)'Checkout'.*Catalog.*Alert me"):
        await ann.tap("Checkout")


async def test_stale_tap_on_an_old_message(emulator, bare_bot):
    ann = emulator.person(1, "Ann")
    await ann.command("start")
    old = ann.screen
    await ann.command("start")
    assert ann.screen.message_id != old.message_id
    await ann.tap("Catalog", message=old)  # the old message gets edited, as on Telegram
    assert emulator.state.messages[(1, old.message_id)].text == "Catalog: one item"


async def test_labels_match_case_insensitively(emulator, bare_bot):
    ann = emulator.person(1, "Ann")
    await ann.command("start")
    await ann.tap("catalog")
    assert ann.screen.text.startswith("Catalog")
