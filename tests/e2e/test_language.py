"""Language: chosen per person, used from the very next screen, kept across /start."""

from nanostore.db.models import User


async def test_switching_to_russian_and_back(shop):
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("🌐 Language")
    assert "Choose the language" in ann.screen.text
    assert "✅ 🇬🇧 English" in ann.screen.labels
    await ann.tap("🇷🇺 Русский")
    assert "Выберите раздел" in ann.screen.text
    assert (await User.get(id=1001)).language == "ru"
    await ann.command("start")
    assert "Добро пожаловать" in ann.screen.text
    await ann.tap("🛍 Открыть магазин")
    await ann.tap("🌐 Язык")
    assert "✅ 🇷🇺 Русский" in ann.screen.labels
    await ann.tap("🇬🇧 English")
    assert "Choose a section" in ann.screen.text
    assert (await User.get(id=1001)).language == "en"


async def test_a_russian_telegram_user_may_choose_english(shop):
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    await ivan.tap("🌐 Язык")
    await ivan.tap("🇬🇧 English")
    await ivan.tap("🛍 Shop")
    assert "Shop" in ivan.screen.text


async def test_back_keeps_the_language(shop):
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("🌐 Language")
    await ann.tap("⬅️ Back")
    assert "Choose a section" in ann.screen.text
    assert (await User.get(id=1001)).language is None
