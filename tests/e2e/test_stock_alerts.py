"""Back-in-stock alerts through the chat: Notify me on an out-of-stock card (a double tap is one
request), Cancel the alert, and when keys are added each waiting customer gets one message
with a button straight to the card, sent at the broadcast's pace."""


import pytest

from nanostore.bot.broadcast_pacing import TokenBucket
from nanostore.db.models import OutboxMessage, StockAlert
from nanostore.services import delivery_pool, products
from tests.fixtures.admin import snapshot
from tests.fixtures.catalog import a_product
from tests.fixtures.clock import VirtualClock
from tests.fixtures.people import customer, labels, open_shop, received, window_text
from tests.fixtures.purchases import tap_starting

pytestmark = pytest.mark.one_backend

NOTIFY, CANCEL = "🔔 Notify me", "🔕 Cancel the alert"
BACK = "Rare key is back in stock."


async def open_card(person):
    await open_shop(person)
    await tap_starting(person, "Games")
    await tap_starting(person, "❌ Rare key")


async def test_notify_me_then_told_once_with_a_button_to_the_card(shop):
    product = await a_product("Rare key", stock=0)
    ann = await customer(shop, 1001, "Ann")
    await open_card(ann)
    assert "Out of stock" in window_text(ann) and "🛒 Add to cart" not in labels(ann)
    before = snapshot(ann)
    await ann.tap(NOTIFY)
    assert "We'll message you when it's back in stock." in window_text(ann)
    assert "You'll be told when it's back." in window_text(ann)
    assert CANCEL in labels(ann) and NOTIFY not in labels(ann)
    await ann.tap(NOTIFY, before)  # the same button again, as a double tap does
    assert "already on the list" in window_text(ann)
    assert await StockAlert.filter(product_id=product.id).count() == 1

    await delivery_pool.add_items_from_text(product.id, "KEY-1\nKEY-2")
    await shop.flush()
    assert received(ann).count(BACK) == 1
    await ann.tap("🛍 Open Rare key")
    assert "Rare key" in window_text(ann) and "🛒 Add to cart" in labels(ann)
    assert received(ann).count(BACK) == 1  # the alert stays, the card comes below it
    await products.set_stock(product.id, 10)  # a second restock tells nobody again
    await shop.flush()
    assert received(ann).count(BACK) == 1


async def test_cancelled_alert_tells_nothing_and_in_stock_needs_none(shop):
    product = await a_product("Rare key", stock=0)
    bob = await customer(shop, 1002, "Bob")
    await open_card(bob)
    await bob.tap(NOTIFY)
    await bob.tap(CANCEL)
    assert "Alert cancelled." in window_text(bob) and NOTIFY in labels(bob)
    stale = snapshot(bob)
    await products.set_stock(product.id, 3)
    await shop.flush()
    assert BACK not in received(bob)
    await bob.tap(NOTIFY, stale)  # an old card's button, after the restock
    assert "It's in stock right now" in received(bob) + window_text(bob)
    assert await StockAlert.all().count() == 0


async def test_alerts_go_out_at_the_broadcasts_pace(shop):
    product = await a_product("Rare key", stock=0)
    people = [await customer(shop, 1001 + n, f"P{n}") for n in range(5)]
    for person in people:
        await open_card(person)
        await person.tap(NOTIFY)
    clock = VirtualClock()
    shop.shop.notifier.pace = TokenBucket(2, clock)  # two a second, bursts of two
    await products.set_stock(product.id, 1)
    await shop.flush()
    assert all(received(person).count(BACK) == 1 for person in people)
    assert clock.time >= 1.5  # five at two a second: the last three waited 0.5 s each
    assert await OutboxMessage.filter(kind="back_in_stock", sent_at=None).count() == 0
