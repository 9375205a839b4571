"""Search: a typed query -> paged results -> the product card, and back to the results."""

from nanostore.services import categories, products
from tests.fixtures.people import open_search


async def seed():
    games = await categories.create("Games")
    key = await products.create(games.id, "Ключ Steam", 999, description="Активация в <b>Steam</b>")
    await products.create(games.id, "Gift card", 500, description="Works on STEAM too")
    await products.create(games.id, "Skin", 250)
    return key


async def test_cyrillic_search_ignores_case(shop_any_mode):
    shop = shop_any_mode
    await seed()
    ann = shop.person(1001)
    await open_search(ann)
    assert "Type a word" in ann.screen.text
    await ann.send("ключ")
    assert "1 product found for «ключ»" in ann.screen.text
    assert "Ключ Steam · $9.99" in ann.screen.labels


async def test_search_finds_name_and_description_and_opens_the_card(shop):
    await seed()
    ann = shop.person(1001)
    await open_search(ann)
    await ann.send("  steam ")
    assert "2 products found" in ann.screen.text
    await ann.tap("Gift card · $5.00")
    assert "Works on STEAM too" in ann.screen.text and "🛒 Add to cart" in ann.screen.labels
    await ann.tap("⬅️ Back")
    assert "2 products found" in ann.screen.text
    await ann.send("skin")
    assert "1 product found for «skin»" in ann.screen.text


async def test_nothing_found_blank_and_too_long_queries(shop):
    await seed()
    ann = shop.person(1001)
    await open_search(ann)
    await ann.send("   ")
    assert "Please type a word" in ann.screen.text
    await ann.send("x" * 65)
    assert "at most 64 characters" in ann.screen.text
    await ann.send("zzz")
    assert "Nothing found for «zzz»" in ann.screen.text
    await ann.tap("🔎 New search")
    assert "Type a word" in ann.screen.text


async def test_a_photo_instead_of_a_query_is_refused(shop):
    await seed()
    ann = shop.person(1001)
    await open_search(ann)
    await ann.send_photo()
    assert "Please type your search as a text message" in ann.screen.text
    await ann.send("skin")
    await ann.send_document()
    assert "as a text message" in ann.screen.text and "1 product found" in ann.screen.text


async def test_results_are_paged(shop):
    games = await categories.create("Games")
    for number in range(1, 12):
        await products.create(games.id, f"Key {number:02d}", 100)
    ann = shop.person(1001)
    await open_search(ann)
    await ann.send("key")
    assert "11 products found" in ann.screen.text and "Key 09 · $1.00" not in ann.screen.labels
    await ann.tap(">")
    assert "Key 09 · $1.00" in ann.screen.labels


async def test_product_hidden_after_the_search_is_refused(shop):
    key = await seed()
    ann = shop.person(1001)
    await open_search(ann)
    await ann.send("ключ")
    await products.toggle(key.id)
    await ann.tap("Ключ Steam · $9.99")
    assert "no longer available" in ann.screen.text
    assert "Ключ Steam · $9.99" not in ann.screen.labels


async def test_russian_search(shop):
    await seed()
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    await ivan.tap("🔎 Поиск")
    await ivan.send("КЛЮЧ")
    assert "найден 1 товар" in ivan.screen.text
    await ivan.send("нет такого")
    assert "ничего не найдено" in ivan.screen.text
