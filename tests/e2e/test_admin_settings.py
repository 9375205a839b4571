"""Settings: switches flip on a tap, typed values are validated with a message naming the field,
money is typed as 12.50, each change is audited; customers never reach the screen."""

from __future__ import annotations

from nanostore.db.models import AuditEntry
from nanostore.services import settings as shop_settings
from tests.fixtures.admin import open_admin_section

SETTINGS = "⚙️ Settings"


async def fresh_settings():
    shop_settings.forget_cached()
    return await shop_settings.load()


async def test_money_values_are_typed_as_amounts_and_audited(shop):
    admin = await open_admin_section(shop, SETTINGS)
    assert "Minimum order: $0.00" in admin.screen.text
    await admin.tap("✏️ Minimum order")
    assert "An amount such as 12.50" in admin.screen.text
    await admin.send("12.50")
    assert "✅ Minimum order saved." in admin.screen.text
    assert "Minimum order: $12.50" in admin.screen.text
    assert (await fresh_settings()).min_order == 1250
    entry = await AuditEntry.get(action="settings.update", target="min_order")
    assert (entry.admin_id, entry.before, entry.after) == (9000, 0, 1250)


async def test_bad_values_name_the_field_and_change_nothing(shop):
    admin = await open_admin_section(shop, SETTINGS)
    await admin.tap("✏️ Minimum order")
    await admin.send("twelve")
    assert "❌ Minimum order: that is not an amount." in admin.screen.text
    await admin.send_photo()  # not text at all: still on the edit screen, nothing saved
    await admin.send("-5")
    assert "❌ Minimum order" in admin.screen.text
    await admin.tap("⬅️ Back")
    await admin.tap("✏️ Top-up bonus %")
    await admin.send("150")
    assert "❌ Top-up bonus %: this value is out of range." in admin.screen.text
    assert "A whole number from 0 to 100." in admin.screen.text
    await admin.tap("⬅️ Back")
    await admin.tap("✏️ Top-up minimum")
    await admin.send("20000")
    assert "cannot be above the maximum" in admin.screen.text
    current = await fresh_settings()
    assert (current.min_order, current.topup_bonus_percent, current.topup_min) == (0, 0, 100)
    assert not await AuditEntry.exists()


async def test_switches_flip_on_a_tap(shop):
    admin = await open_admin_section(shop, SETTINGS)
    await admin.tap("⬜️ Maintenance")
    assert (await fresh_settings()).maintenance is True
    assert "✅ Maintenance" in admin.screen.labels
    ann = shop.person(1001)
    await ann.command("start")
    assert "maintenance" in ann.messages[-1].text
    await admin.tap("✅ Maintenance")
    assert (await fresh_settings()).maintenance is False


async def test_presets_channels_and_texts(shop):
    admin = await open_admin_section(shop, SETTINGS)
    await admin.tap("✏️ Top-up presets")
    await admin.send("5 10 25.50")
    await admin.tap("✏️ Log channel")
    await admin.send("-1001234567890")
    await admin.tap("✏️ Maintenance text")
    await admin.send("Back at <5pm>")
    await admin.tap("✏️ Bot name")
    await admin.send("Pixel Shop")
    current = await fresh_settings()
    assert current.topup_presets == [500, 1000, 2550]
    assert current.log_channel_id == -1001234567890
    assert current.maintenance_text == "Back at <5pm>"
    assert "Back at <5pm>" in admin.screen.text  # shown escaped, as typed
    assert current.bot_name == "Pixel Shop"
    await admin.tap("✏️ Log channel")
    await admin.send("-")
    assert (await fresh_settings()).log_channel_id is None
