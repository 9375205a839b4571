"""Screen content manager: pictures and sandboxed texts per screen, the banner, the image switch,
and a preview; customers see the result, and a broken text is never saved."""

from __future__ import annotations

from nanostore.db.models import AuditEntry, ScreenContent
from tests.fixtures.admin import open_screen


async def test_welcome_text_with_variables_is_previewed_saved_and_shown(shop):
    admin = await open_screen(shop, "👋 Welcome")
    await admin.tap("📝 Set text")
    assert "{{ name }}" in admin.screen.text and "{{ balance | money }}" in admin.screen.text
    await admin.send("<b>Hi {{ name }}</b>, you have {{ balance | money }}")
    preview = admin.messages[-2]
    assert preview.text == "Hi Admin, you have $0.00" and preview.entities[0]["type"] == "bold"
    assert "✅ Saved." in admin.screen.text
    assert (await ScreenContent.get(screen="welcome")).text.startswith("<b>Hi {{ name }}</b>")
    assert await AuditEntry.exists(action="content.text", target="welcome")
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    assert "Hi Ann, you have $0.00" in ann.screen.text
    await admin.tap("🗑 Remove text")
    await ann.command("start")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text


async def test_a_broken_text_shows_the_error_and_saves_nothing(shop):
    admin = await open_screen(shop, "👋 Welcome")
    await admin.tap("📝 Set text")
    await admin.send("Hello {{ nobody }}")
    assert "❌ The text has a mistake and was not saved" in admin.screen.text
    await admin.send("{{ name.__class__.__mro__ }}")
    assert "❌ The text has a mistake" in admin.screen.text
    await admin.send("<b>unclosed")
    assert "❌ Not saved: The text has an unclosed <b> tag" in admin.screen.text
    assert not await ScreenContent.exists()


async def test_pictures_banner_and_the_image_switch(shop):
    admin = await open_screen(shop, "🌐 Banner (all screens)")
    assert "📝 Set text" not in admin.screen.labels
    await admin.tap("🖼 Set picture")
    await admin.send("not a photo")
    assert "Please send a photo." in admin.screen.text
    await admin.send_photo()
    assert admin.screen.media_kind == "photo"
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    assert ann.screen.media_kind == "photo"  # the banner stands in for the welcome picture
    await admin.tap("⬅️ Back")
    await admin.tap("✅ Pictures on screens")
    assert "⬜️ Pictures on screens" in admin.screen.labels
    await ann.command("start")
    assert ann.screen.media_kind is None


async def test_preview_as_a_customer(shop):
    admin = await open_screen(shop, "🛍 Shop")
    await admin.tap("🖼 Set picture")
    await admin.send_photo()
    await admin.tap("📝 Set text")
    await admin.send("Browse, {{ name }}!")
    await admin.tap("👀 Preview as a customer")
    preview = admin.messages[-2]
    assert (preview.media_kind, preview.caption) == ("photo", "Browse, Admin!")
    assert "👀 Preview as a customer" in admin.screen.labels  # the screen is sent again below
