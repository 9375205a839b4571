"""Telegram's raw refusals never reach an admin (issue 20): a broadcast or a screen text that
Telegram cannot show is explained in the admin's words, near the words at fault, and nothing
is queued or saved."""

import pytest

from nanostore.db.models import Broadcast, ScreenContent
from tests.fixtures.admin import open_admin_section, open_screen

BROADCAST = "📣 Broadcast"
RAW = ("Bad Request", "can't parse entities", "byte offset", "Telegram server says")

CASES = [
    ("Big <b>sale today on every key",
     "The text has an unclosed <b> tag near “sale today on every key”; "
     "close it with </b> or remove it."),
    ("Prices <blink>low</blink>",
     "The text uses <blink> near “<blink>low</blink>”, a tag Telegram can't show; "
     "remove it or use <b>, <i>, <u>, <s>, <a href=…>, <code>."),
    ("🎉 Keys 3 < 5 and more",
     "The text has a “<” that is not a tag near “< 5 and more”; "
     "write it as &lt; or finish the tag."),
    ("Done</i> today",
     "The text closes a tag that was never opened near “</i> today”; remove that closing tag."),
    ("<b>bold <i>both</b></i>",
     "The text closes </b> near “</b></i>” while <i> is still open; close </i> first."),
]


@pytest.mark.parametrize("text, explained", CASES)
async def test_a_broadcast_telegram_refuses_is_explained(shop, text, explained):
    admin = await open_admin_section(shop, BROADCAST)
    await admin.send(text)
    assert admin.screen.text.split("\n")[0] == f"❌ Not sent: {explained}"
    assert not any(raw in admin.screen.text for raw in RAW)
    assert not await Broadcast.exists()


async def test_a_screen_text_telegram_refuses_is_explained_and_not_saved(shop):
    admin = await open_screen(shop, "👋 Welcome")
    await admin.tap("📝 Set text")
    await admin.send("Hi {{ name }}, <b>welcome")
    assert admin.screen.text.split("\n")[0] == (
        "❌ Not saved: The text has an unclosed <b> tag near “welcome”; "
        "close it with </b> or remove it.")
    assert not any(raw in admin.screen.text for raw in RAW)
    assert not await ScreenContent.exists()
    await admin.send("Hi {{ name }}, <b>welcome</b>")
    assert (await ScreenContent.get()).text == "Hi {{ name }}, <b>welcome</b>"


async def test_a_picture_telegram_lost_is_explained_on_preview(shop):
    admin = await open_screen(shop, "👋 Welcome")
    await admin.tap("🖼 Set picture")
    await admin.send_photo(b"img")
    shop.emulator.faults.wrong_file(method="sendPhoto")
    await admin.tap("👀 Preview as a customer")
    assert admin.screen.text.split("\n")[0] == (
        "❌ The preview could not be sent: Telegram no longer has that picture or file; "
        "send it again.")
