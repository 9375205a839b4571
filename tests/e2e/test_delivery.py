"""Exactly-once delivery end to end: an empty pool, a restart mid-way, two buyers for the last
key, protected content, and a wallet-paid order delivered at once."""

from __future__ import annotations

import asyncio

from nanostore.bot.recovery import finish_interrupted_work
from nanostore.db.models import DeliveryItem, Order, OutboxMessage
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.services import cart, checkout, delivery, delivery_pool
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with, pay_with_stars
from tests.fixtures.people import customer, labels, open_dialog, received, window_text


async def test_empty_pool_after_payment_waits_for_manual_delivery(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    key = await a_product(price=1000, stars_price=20, keys=[])  # auto delivery, unlimited, no keys
    order = await pay_with_stars(shop, ann, key)
    await ann.pay_invoice()
    await shop.flush()
    waiting = await Order.get(id=order.id)
    assert (waiting.payment_status, waiting.status) == (PaymentStatus.PAID, OrderStatus.PROCESSING)
    assert "pool" in received(shop.admin).lower() and f"#{order.id}" in received(shop.admin)
    await delivery_pool.add_items_from_text(key.id, "LATE-KEY")
    assert await delivery.deliver_order(order.id)
    await shop.flush()
    assert "LATE-KEY" in received(ann)
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED


async def test_restart_mid_delivery_delivers_once(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stock=1, keys=["RESTART-KEY"])
    await cart.add(ann.id, key.id, 1)
    order = await checkout.place_order(ann.id, "restart")
    # The crash: the payment was recorded but delivery never ran.
    await Order.filter(id=order.id).update(payment_status=PaymentStatus.PAID,
                                           status=OrderStatus.CONFIRMED)
    await finish_interrupted_work()
    await finish_interrupted_work()  # a second start-up finds nothing left to do
    await shop.flush()
    assert await DeliveryItem.filter(order_line__order_id=order.id).count() == 1
    assert await OutboxMessage.filter(kind="order_delivered").count() == 1
    assert received(ann).count("RESTART-KEY") == 1
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED


async def test_last_counted_key_goes_to_one_buyer_the_other_is_told(shop):
    ann = await customer(shop)
    bob = await customer(shop, 1002, "Bob")
    key = await a_product(price=1000, stock=0, stars_price=10, keys=["LAST-KEY"])  # 1 in stock
    await checkout_with(shop, ann, (key, 1))
    await checkout_with(shop, bob, (key, 1))
    await asyncio.gather(ann.tap("✅ Confirm order"), bob.tap("✅ Confirm order"))
    placed = await Order.all()
    assert len(placed) == 1
    loser = bob if placed[0].user_id == ann.id else ann
    assert "only 0 left in stock" in window_text(loser)
    winner = ann if loser is bob else bob
    await winner.tap("⭐ Pay with Stars (10 Stars)")
    await winner.pay_invoice()
    await shop.flush()
    assert "LAST-KEY" in received(winner) and "LAST-KEY" not in received(loser)


async def test_two_paid_orders_for_the_last_pool_key_deliver_it_once(shop):
    ann = await customer(shop)
    bob = await customer(shop, 1002, "Bob")
    await shop.admin.command("start")
    key = await a_product(price=1000, stars_price=10, keys=["ONLY-KEY"])  # unlimited stock
    ann_order = await pay_with_stars(shop, ann, key)
    bob_order = await pay_with_stars(shop, bob, key)
    await asyncio.gather(ann.pay_invoice(), bob.pay_invoice())
    await shop.flush()
    assert (received(ann) + received(bob)).count("ONLY-KEY") == 1
    statuses = {(await Order.get(id=o.id)).status for o in (ann_order, bob_order)}
    assert statuses == {OrderStatus.DELIVERED, OrderStatus.PROCESSING}
    assert "pool" in received(shop.admin).lower()


async def test_protected_products_are_sent_with_protect_content(shop):
    ann = await customer(shop, balance=5000)
    key = await a_product(price=1000, stock=1, keys=["SECRET-KEY"], protect_content=True)
    await checkout_with(shop, ann, (key, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    await shop.flush()
    sent = [call for call in shop.emulator.calls_of("sendMessage")
            if "SECRET-KEY" in str(call.params.get("text", ""))]
    assert len(sent) == 1 and sent[0].params.get("protect_content") in (True, "true", "True")
    order = await Order.get(user_id=ann.id)
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert "SECRET-KEY" not in window_text(ann) and "🔒" in window_text(ann)
    await ann.tap("📎 Send my items again")
    again = [call for call in shop.emulator.calls_of("sendMessage")
             if "SECRET-KEY" in str(call.params.get("text", ""))]
    assert len(again) == 2 and again[1].params.get("protect_content") in (True, "true", "True")


async def test_wallet_paid_order_is_delivered_at_once(shop):
    ann = await customer(shop, balance=1000)
    key = await a_product(price=1000, stock=1, keys=["WALLET-KEY"])
    await checkout_with(shop, ann, (key, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    order = await Order.get(user_id=ann.id)
    assert (order.payment_status, order.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert "📦 View order" in labels(ann)
    await shop.flush()
    assert "WALLET-KEY" in received(ann)
    await ann.tap("📦 View order")
    assert "WALLET-KEY" in window_text(ann)
