"""Force-join channels: added by @username or id after checking on Telegram that the bot is an
administrator there; listed; removed after a confirmation; customers are gated at once."""

from __future__ import annotations

from nanostore.db.models import AuditEntry, ForceJoinChannel
from tests.fixtures.admin import channel_with_bot_admin, open_admin_section

CHANNELS = "📢 Channels"


async def test_add_by_username_gates_customers_and_remove_lifts_it(shop):
    channel_with_bot_admin(shop, -100500, "news", "Shop News")
    admin = await open_admin_section(shop, CHANNELS)
    assert "No channels" in admin.screen.text
    await admin.tap("➕ Add a channel")
    await admin.send("@news")
    assert "✅ Shop News added" in admin.screen.text
    assert "🗑 Shop News" in admin.screen.labels
    row = await ForceJoinChannel.get(chat_id=-100500)
    assert (row.username, row.title) == ("news", "Shop News")
    assert await AuditEntry.exists(action="channel.add", target="-100500")
    ann = shop.person(1001)
    await ann.command("start")
    assert "please join our channel" in ann.messages[-1].text
    await admin.tap("🗑 Shop News")
    assert "Remove Shop News" in admin.screen.text
    await admin.tap("✖️ Cancel")
    assert await ForceJoinChannel.exists(chat_id=-100500)
    await admin.tap("🗑 Shop News")
    await admin.tap("🗑 Remove")
    assert not await ForceJoinChannel.exists()
    await ann.command("start")
    assert "Welcome to NanoStore" in ann.screen.text


async def test_add_by_numeric_id(shop):
    channel_with_bot_admin(shop, -1009876543210, "deals", "Deals")
    admin = await open_admin_section(shop, CHANNELS)
    await admin.tap("➕ Add a channel")
    await admin.send("-1009876543210")
    assert "✅ Deals added" in admin.screen.text
    assert (await ForceJoinChannel.get()).chat_id == -1009876543210


async def test_refusals_are_clear_and_store_nothing(shop):
    shop.emulator.channel(-100600, "club", "Club", bot_is_admin=False)
    channel_with_bot_admin(shop, -100700, "news", "News")
    admin = await open_admin_section(shop, CHANNELS)
    await admin.tap("➕ Add a channel")
    await admin.send("@club")
    assert "The bot is not an administrator of Club" in admin.screen.text
    await admin.send("@nosuchchannel")
    assert "Telegram does not know the chat @nosuchchannel" in admin.screen.text
    await admin.send("two words!")
    assert "That is not a @username" in admin.screen.text
    assert not await ForceJoinChannel.exists()
    await admin.send("https://t.me/news")
    await admin.tap("➕ Add a channel")
    await admin.send("@news")  # twice
    assert "That already exists." in admin.screen.text
    assert await ForceJoinChannel.all().count() == 1
