"""/start: the welcome splash with the person's profile, then the hub; in both run modes."""

from nanostore.db.models import User


async def test_start_greets_by_name_and_shows_profile(shop_any_mode):
    ann = shop_any_mode.person(1001, "Ann", username="ann")
    await ann.command("start")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text
    assert "1001" in ann.screen.text and "@ann" in ann.screen.text
    assert "$0.00" in ann.screen.text
    user = await User.get(id=1001)
    assert (user.first_name, user.username) == ("Ann", "ann")


async def test_entering_the_shop_edits_the_splash_in_place(shop):
    ann = shop.person(1001)
    await ann.command("start")
    splash = ann.screen.message
    await ann.tap("🛍 Open the shop")
    assert ann.screen.message.message_id == splash.message_id
    assert "Choose a section" in ann.screen.text


async def test_russian_speakers_get_russian_screens(shop):
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    assert "Добро пожаловать" in ivan.screen.text
