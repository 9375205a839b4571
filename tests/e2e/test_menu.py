"""The hub and screen content: buttons per section, admin-only panel, the 3-tier screen
pictures, admin texts through the sandbox, and dead pictures cleared with a note to admins."""

from nanostore.db.models import OutboxMessage, ScreenContent
from nanostore.services import content
from nanostore.services import settings as shop_settings


async def open_hub(person):
    await person.command("start")
    await person.tap("🛍 Open the shop")


async def test_hub_shows_balance_and_sections(shop):
    ann = shop.person(1001)
    await open_hub(ann)
    assert "Balance: $0.00" in ann.screen.text
    labels = ann.screen.labels
    for label in ("🛍 Shop", "🔎 Search", "🛒 Cart", "📦 My Orders", "💰 Wallet", "🌐 Language",
                  "👤 My profile"):
        assert label in labels
    assert "🔧 Admin Panel" not in labels


async def test_admin_sees_the_admin_panel_button(shop):
    boss = shop.admin
    await open_hub(boss)
    assert boss.screen.labels[-1] == "🔧 Admin Panel"
    await boss.tap("🔧 Admin Panel")
    assert "Choose a section" not in boss.screen.text


async def test_home_from_a_section_lands_on_the_hub_not_the_splash(shop):
    ann = shop.person(1001)
    await open_hub(ann)
    await ann.tap("🔎 Search")
    await ann.tap("🏠 Home")
    assert "Choose a section" in ann.screen.text
    await ann.tap("👤 My profile")
    assert "Welcome to NanoStore" in ann.screen.text


async def test_screen_picture_priority(shop):
    emu = shop.emulator
    ann = shop.person(1001)
    await shop_settings.update("global_image_file_id", emu.upload(b"global"))
    await open_hub(ann)
    assert ann.screen.media_kind == "photo"
    await content.set_image("global", emu.upload(b"banner"))
    await content.set_image("shop", emu.upload(b"shop"))
    await ann.tap("🛍 Shop")
    assert ann.screen.message.file.file_id == (await content.get("shop")).image_file_id
    await ann.tap("🛒 Cart")
    assert ann.screen.message.file.file_id == (await content.get("global")).image_file_id
    await shop_settings.update("images_enabled", False)
    await ann.tap("🏠 Home")
    assert ann.screen.media_kind is None


async def test_banner_is_the_fallback_of_a_screen_without_a_picture(shop):
    emu = shop.emulator
    banner = emu.upload(b"banner")
    await content.set_image("global", banner)
    ann = shop.person(1001)
    await open_hub(ann)
    await ann.tap("🛒 Cart")
    assert ann.screen.media_kind == "photo" and "Your cart" in ann.screen.text


async def test_admin_text_override_renders_with_documented_variables(shop):
    await content.set_text("welcome", "Hi <b>{{ name }}</b>, balance {{ balance | money }} at {{ shop_name }}")
    await content.set_text("cart", "{{ user.delete() }}")  # refused by the sandbox: default text
    ann = shop.person(1001, "<Ann>")
    await ann.command("start")
    assert "Hi <Ann>, balance $0.00 at NanoStore" in ann.screen.text
    assert "Welcome to" not in ann.screen.text
    await ann.tap("🛍 Open the shop")
    await ann.tap("🛒 Cart")
    assert "Your cart" in ann.screen.text


async def test_unknown_picture_falls_back_to_text_and_admins_are_told(shop):
    await content.set_image("shop", "AgACAgIAAxkBAAIBdeadfileid")
    ann = shop.person(1001)
    await open_hub(ann)
    await ann.tap("🛍 Shop")
    assert ann.screen.media_kind is None and "Shop" in ann.screen.text
    assert (await ScreenContent.get(screen="shop")).image_file_id is None
    note = await OutboxMessage.get(kind="invalid_image_cleared")
    assert "screen:shop" in note.payload["places"]
    await ann.tap("🏠 Home")
    await ann.tap("🛍 Shop")
    assert ann.screen.media_kind is None


async def test_refused_photo_fault_is_recovered_the_same_way(shop):
    boss = shop.admin
    await boss.command("start")  # Telegram only lets the bot write to people who started it
    banner = shop.emulator.upload(b"cart")
    await content.set_image("cart", banner)
    # The hub is text: the cart's photo goes out by editMessageMedia, or sendPhoto if resent.
    shop.emulator.faults.wrong_file(method="sendPhoto")
    shop.emulator.faults.wrong_file(method="editMessageMedia")
    ann = shop.person(1001)
    await open_hub(ann)
    await ann.tap("🛒 Cart")
    assert "Your cart" in ann.screen.text and ann.screen.media_kind is None
    assert (await ScreenContent.get(screen="cart")).image_file_id is None
    assert await OutboxMessage.filter(kind="invalid_image_cleared").count() == 1
    shop.emulator.faults.clear()
    await shop.flush()
    assert any("screen:cart" in (message.text or "") for message in boss.messages)


async def test_russian_hub(shop):
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    assert "Выберите раздел" in ivan.screen.text
    for label in ("🛍 Магазин", "🔎 Поиск", "🛒 Корзина", "🌐 Язык"):
        assert label in ivan.screen.labels
