"""Holds that expire, as the customer lives them: the pay screen's deadline, the reminder, the
order cancelled by itself with everything given back, a Stars payment already in flight at the
deadline (fulfilled while the units are there, refunded when they are gone), and the limit of
open unpaid orders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.timezone import now as utc_now

from nanostore.bot.hold_keeper import HoldKeeper
from nanostore.db.models import Order, Product, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.services import settings
from tests.e2e.shop import running_shop
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with, pay_with_stars
from tests.fixtures.people import customer, labels, received, window_text


async def deadline_passes(order: Order) -> None:
    """Half an hour later, as far as this order is concerned; then the job's next run."""
    await Order.filter(id=order.id).update(hold_until=utc_now() - timedelta(seconds=1))
    assert await HoldKeeper(holder="test").run_once() == (0, 1)


@pytest.mark.one_backend
async def test_the_pay_screen_shows_the_deadline_and_the_order_expires_by_itself(shop):
    ann = await customer(shop, balance=300)
    key = await a_product(price=1000, stars_price=50, stock=0, keys=["K-1", "K-2"])
    await checkout_with(shop, ann, (key, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    assert "⏳ Please pay within 30 min: then the order is cancelled by itself" in window_text(ann)
    order = await Order.get(user_id=ann.id)
    assert (await Product.get(id=key.id)).stock == 1 and (await User.get(id=ann.id)).balance == 0

    await Order.filter(id=order.id).update(hold_until=utc_now() + timedelta(minutes=4, seconds=30))
    assert await HoldKeeper(holder="test").run_once() == (1, 0)
    await shop.flush()
    assert f"⏳ Order #{order.id} ($7.00) is waiting for payment: 5 min left." in received(ann)

    await deadline_passes(order)
    await shop.flush()
    assert f"Order #{order.id} is now cancelled." in received(ann)
    assert "It was not paid in time, so its items went back on sale." in received(ann)
    assert (await Product.get(id=key.id)).stock == 2 and (await User.get(id=ann.id)).balance == 300
    stars_button = next(label for label in labels(ann) if label.startswith("⭐ Pay with Stars"))
    await ann.tap(stars_button)  # the pay screen still open from before
    assert "This order can't be paid now" in window_text(ann)
    assert not shop.emulator.calls_of("sendInvoice")


async def test_a_stars_payment_in_flight_at_the_deadline_is_fulfilled(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=50, stock=0, keys=["LATE-KEY"])
    order = await pay_with_stars(shop, ann, key)
    payment = await ann.pay_invoice(deliver=False)  # pre-checkout answered, the update late
    await deadline_passes(order)
    await ann.deliver_payment(payment)
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert received(ann).count("LATE-KEY") == 1 and (await Product.get(id=key.id)).stock == 0
    assert not shop.emulator.calls_of("refundStarPayment")


@pytest.mark.one_backend
async def test_a_stars_payment_after_the_units_were_sold_is_refunded_and_admins_told(shop):
    ann, bob = await customer(shop), await customer(shop, 1002, "Bob")
    await shop.admin.command("start")
    key = await a_product(price=1000, stars_price=50, stock=0, keys=["ONLY-KEY"])
    order = await pay_with_stars(shop, ann, key)
    payment = await ann.pay_invoice(deliver=False)
    await deadline_passes(order)
    await pay_with_stars(shop, bob, key)
    await bob.pay_invoice()  # the unit went back on sale and Bob bought it
    await ann.deliver_payment(payment)
    await shop.flush()
    lost = await Order.get(id=order.id)
    assert (lost.status, lost.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.UNPAID)
    assert [call.params["telegram_payment_charge_id"] for call in
            shop.emulator.calls_of("refundStarPayment")] == [payment.charge_id]
    assert "could no longer take your payment" in received(ann) and "refunded" in received(ann)
    assert "ONLY-KEY" in received(bob) and "ONLY-KEY" not in received(ann)
    assert (f"Stars payment after the order expired: order #{order.id} was not paid in time "
            "and its items were sold meanwhile.") in received(shop.admin)


@pytest.mark.one_backend
async def test_the_limit_of_unpaid_orders_is_explained_and_the_cart_kept(shop):
    await settings.update("max_unpaid_orders", 2)
    ann = await customer(shop)
    for number in range(2):
        await checkout_with(shop, ann, (await a_product(f"Key {number}", price=500, stock=3), 1))
        await ann.tap("✅ Confirm order")
    third = await a_product("Key 3", price=500, stock=3)
    await checkout_with(shop, ann, (third, 1))
    await ann.tap("✅ Confirm order")
    assert ("You already have 2 unpaid orders. Pay or cancel one of them (🧾 My orders) "
            "before placing another.") in received(ann)
    assert await Order.filter(user_id=ann.id).count() == 2
    assert (await Product.get(id=third.id)).stock == 3


@pytest.mark.one_backend
async def test_a_card_payment_after_the_units_were_sold_is_recorded_and_admins_told(db, emulator):
    async with running_shop(emulator, db, PAYMENT_PROVIDER_TOKEN="284685063:TEST:holds") as shop:
        await settings.update("cards_enabled", True)
        ann = await customer(shop)
        await shop.admin.command("start")
        key = await a_product(price=1250, stock=0, keys=["CARD-KEY"])
        await checkout_with(shop, ann, (key, 1))
        await ann.tap("✅ Confirm order")
        await ann.tap("💳 Pay by card")
        order = await Order.get(user_id=ann.id)
        payment = await ann.pay_invoice(deliver=False)
        await deadline_passes(order)
        await Product.filter(id=key.id).update(stock=0)  # sold to someone else meanwhile
        await ann.deliver_payment(payment)
        await shop.flush()
        assert (await Order.get(id=order.id)).status == OrderStatus.CANCELLED
        assert (f"Card payment after the order expired: order #{order.id} was not paid in time"
                in received(shop.admin))
        assert "could no longer take your card payment" in received(ann)
