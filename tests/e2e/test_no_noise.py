"""No noise on the screen (issue 20): no pager under a list that fits on one page and no empty
keyboard rows, the Stars payment screen turns into the paid screen, a cart of unavailable
lines says so, no edit that changes nothing, one low-stock alert per sale."""

from __future__ import annotations

from nanostore.db.models import OutboxMessage
from nanostore.emulator.screen import Screen
from nanostore.services import cart, categories, products
from nanostore.services import settings as shop_settings
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with, pay_with_stars
from tests.fixtures.people import customer, open_shop, received

PAGER = {"<<", "<", ">", ">>"}


async def games_with(count: int):
    games = await categories.create("Games")
    for number in range(1, count + 1):
        await products.create(games.id, f"Game {number:02d}", 100)


def screen_of(person, message_id: int) -> Screen:
    return Screen(next(m for m in person.messages if m.message_id == message_id))


async def test_a_list_on_one_page_has_no_pager_and_no_empty_row(shop):
    await games_with(3)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (3)")
    buttons = ann.screen.buttons
    assert buttons[:3] == [["Game 01 · $1.00"], ["Game 02 · $1.00"], ["Game 03 · $1.00"]]
    assert not PAGER & set(ann.screen.labels) and "1" not in ann.screen.labels
    assert [] not in buttons


async def test_a_list_of_several_pages_keeps_its_pager(shop):
    await games_with(19)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (19)")
    assert ["<<", "<", "1", ">", ">>"] in ann.screen.buttons
    assert [] not in ann.screen.buttons
    await ann.tap(">>")
    assert ["<<", "<", "3", ">", ">>"] in ann.screen.buttons


async def test_a_tap_that_changes_nothing_sends_no_edit(shop):
    await games_with(19)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (19)")
    screen_id = ann.screen.message_id
    edits_before = len(shop.emulator.calls_of("editMessageText"))
    for label in ("1", "<<", "<", "1"):  # the page shown, or before the first: the same screen
        await ann.tap(label)
    assert shop.emulator.not_modified_refusals == 0
    assert len(shop.emulator.calls_of("editMessageText")) == edits_before
    assert ann.screen.message_id == screen_id and "Game 01 · $1.00" in ann.screen.labels
    assert all(query.answer is not None for query in shop.emulator.state.callback_queries.values())
    await ann.tap(">")  # a real change is still shown
    assert "Game 09 · $1.00" in ann.screen.labels and ann.screen.message_id == screen_id


async def test_after_paying_in_stars_the_payment_screen_says_paid(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=50, stock=1, keys=["STAR-KEY-1"])
    order = await pay_with_stars(shop, ann, key)
    pay_screen = next(m for m in reversed(ann.inbox) if not m.extra.get("invoice"))
    await ann.pay_invoice()
    await shop.flush()
    screen = screen_of(ann, pay_screen.message_id)
    text = screen.text
    assert f"Order #{order.id} is paid" in text and "in Telegram Stars (50 Stars)" in text
    assert "Delivered" in text and "invoice is below" not in text
    assert not any(label.startswith("⭐") for label in screen.labels)
    assert "📦 View order" in screen.labels
    assert "STAR-KEY-1" in received(ann)


async def test_a_cart_of_unavailable_lines_says_so_and_offers_no_checkout(shop):
    await customer(shop)
    games = await categories.create("Games")
    hidden = await products.create(games.id, "Steam key", 999)
    sold_out = await products.create(games.id, "Skin", 250, stock=2)
    await cart.add(1001, hidden.id, 2)
    await cart.add(1001, sold_out.id, 1)
    await products.toggle(hidden.id)
    await products.set_stock(sold_out.id, 0)
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("🛒 Cart (3)")
    text = ann.screen.text
    assert "None of these products can be bought right now" in text
    assert "Total" not in text and "3 items" not in text
    assert "✅ Checkout" not in ann.screen.labels
    assert "⚠️ Steam key ×2" in ann.screen.labels and "⚠️ Skin ×1" in ann.screen.labels


async def test_a_cart_with_some_unavailable_lines_counts_only_the_rest(shop):
    await customer(shop)
    games = await categories.create("Games")
    hidden = await products.create(games.id, "Steam key", 999)
    skin = await products.create(games.id, "Skin", 250)
    await cart.add(1001, hidden.id, 2)
    await cart.add(1001, skin.id, 1)
    await products.toggle(hidden.id)
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("🛒 Cart (3)")
    text = ann.screen.text
    assert "1 item · 💵 Total: $2.50" in text and "Not available" in text
    assert "⚠️ Steam key ×2" in ann.screen.labels and "✅ Checkout" in ann.screen.labels


async def test_one_sale_crossing_the_threshold_sends_one_low_stock_alert(shop):
    await shop_settings.update("low_stock_threshold", 3)
    await shop.admin.command("start")
    ann = await customer(shop, balance=10_000)
    keys = [f"K-{n}" for n in range(4)]
    key = await a_product(price=1000, stock=0, keys=keys)  # the four keys are the stock
    await checkout_with(shop, ann, (key, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    await shop.flush()
    assert "K-0" in received(ann)
    assert await OutboxMessage.filter(kind="low_stock").count() == 1
    alerts = [m.text for m in shop.admin.inbox if (m.text or "").startswith("⚠️ Low stock")]
    assert len(alerts) == 1 and "Game key" in alerts[0] and "3 left" in alerts[0]

