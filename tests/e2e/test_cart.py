"""The cart: lines with − + 🗑, totals, stock limits, clear with confirmation, stale buttons."""

import asyncio

from nanostore.db.models import CartLine
from nanostore.services import cart, categories, products, users
from nanostore.services import settings as shop_settings


async def open_cart(person):
    await person.command("start")
    await person.tap("🛍 Open the shop")
    await person.tap(next(label for label in person.screen.labels if label.startswith("🛒 Cart")))


async def seed(stock=None):
    for user_id, name in ((1001, "Ann"), (1002, "Иван")):
        await users.register_or_touch(id=user_id, first_name=name)
    games = await categories.create("Games")
    return await products.create(games.id, "Steam key", 999, stock=stock)


async def test_hub_shows_the_count_and_the_cart_lists_lines_with_totals(shop):
    key = await seed()
    games = await categories.get(key.category_id)
    skin = await products.create(games.id, "Skin <rare>", 250)
    await cart.add(1001, key.id, 2)
    await cart.add(1001, skin.id, 1)
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    assert "In your cart: 3" in ann.screen.text
    await ann.tap("🛒 Cart (3)")
    text = ann.screen.text
    assert "Steam key — 2 × $9.99 = $19.98" in text
    assert "Skin <rare> — 1 × $2.50 = $2.50" in text
    assert "3 items" in text and "Total: $22.48" in text
    assert ["➖", "Steam key ×2", "➕", "🗑"] in ann.screen.buttons


async def test_plus_minus_and_remove_change_the_line(shop):
    key = await seed()
    await cart.add(1001, key.id, 1)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("➕")
    assert "Steam key ×2" in ann.screen.labels and "Total: $19.98" in ann.screen.text
    await ann.tap("➖")
    await ann.tap("➖")
    assert "Your cart is empty" in ann.screen.text
    assert not await CartLine.filter(user_id=1001).exists()
    await ann.tap("🛍 Continue shopping")
    assert "Choose a category" in ann.screen.text


async def test_remove_button_drops_the_line(shop):
    key = await seed()
    await cart.add(1001, key.id, 3)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("🗑")
    assert "Your cart is empty" in ann.screen.text


async def test_quantity_never_exceeds_stock(shop):
    key = await seed(stock=2)
    await cart.add(1001, key.id, 2)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("➕")
    assert "only 2 left in stock" in ann.screen.text
    assert (await CartLine.get(user_id=1001)).quantity == 2


async def test_clear_asks_first_and_keep_changes_nothing(shop):
    key = await seed()
    await cart.add(1001, key.id, 2)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("🗑 Clear cart")
    assert "Remove all 2 items" in ann.screen.text
    await ann.tap("✖️ Keep my cart")
    assert await CartLine.filter(user_id=1001).exists()
    await ann.tap("🗑 Clear cart")
    await ann.tap("🗑 Yes, clear it")
    assert "Your cart is empty" in ann.screen.text
    assert not await CartLine.filter(user_id=1001).exists()


async def test_double_tap_on_confirm_clear_is_harmless(shop):
    key = await seed()
    await cart.add(1001, key.id, 2)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("🗑 Clear cart")
    await asyncio.gather(ann.tap("🗑 Yes, clear it"), ann.tap("🗑 Yes, clear it"))
    assert "Your cart is empty" in ann.screen.text


async def test_hidden_product_is_marked_and_not_counted(shop):
    key = await seed()
    games = await categories.get(key.category_id)
    other = await products.create(games.id, "Skin", 250)
    await cart.add(1001, key.id, 1)
    await cart.add(1001, other.id, 1)
    await products.toggle(key.id)
    ann = shop.person(1001)
    await open_cart(ann)
    assert "⚠️ Steam key ×1" in ann.screen.labels
    assert "Not available" in ann.screen.text and "Total: $2.50" in ann.screen.text
    await ann.tap("⚠️ Steam key ×1")
    assert "no longer available" in ann.screen.text and "Your cart" in ann.screen.text


async def test_stale_minus_on_a_removed_line_says_it_is_gone(shop):
    key = await seed()
    await cart.add(1001, key.id, 1)
    ann = shop.person(1001)
    await open_cart(ann)
    old = ann.screen.message
    await cart.clear(1001)
    await ann.tap("➖", message=old)
    assert "no longer exists" in ann.screen.text
    assert "Your cart is empty" in ann.screen.text


async def test_tapping_a_line_opens_the_product_and_back_returns_to_the_cart(shop):
    key = await seed()
    await cart.add(1001, key.id, 1)
    ann = shop.person(1001)
    await open_cart(ann)
    await ann.tap("Steam key ×1")
    assert "$9.99" in ann.screen.text and "🛒 Add to cart" in ann.screen.labels
    await ann.tap("⬅️ Back")
    assert "Your cart" in ann.screen.text


async def test_minimum_order_is_mentioned(shop):
    await shop_settings.update("min_order", 5000)
    key = await seed()
    await cart.add(1001, key.id, 1)
    ann = shop.person(1001)
    await open_cart(ann)
    assert "minimum order is $50.00" in ann.screen.text


async def test_russian_cart(shop):
    key = await seed()
    await cart.add(1002, key.id, 5)
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    await ivan.tap("🛒 Корзина (5)")
    assert "Ваша корзина" in ivan.screen.text and "5 товаров" in ivan.screen.text
    await ivan.tap("🗑 Очистить корзину")
    assert "Убрать все 5 товаров" in ivan.screen.text


async def test_checkout_button_starts_the_checkout_only_with_something_to_pay(shop):
    key = await seed()
    ann = shop.person(1001)
    await open_cart(ann)
    assert "✅ Checkout" not in ann.screen.labels
    await cart.add(1001, key.id, 1)
    await ann.tap("🏠 Home")
    await ann.tap("🛒 Cart (1)")
    await ann.tap("✅ Checkout")
    assert "Your cart" not in ann.screen.text and "✅ Checkout" not in ann.screen.labels
