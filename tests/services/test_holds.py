"""Holds that expire (services/holds, bot/hold_keeper) without Telegram: the deadline, the
reminder once, the expiry giving everything back, a payment in flight reviving the order or
not, the expiry racing a payment, two instances running the job, the unpaid-orders limit."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from tortoise.timezone import now as utc_now

from nanostore.bot.hold_keeper import HoldKeeper
from nanostore.db.models import Coupon, JobLease, Order, OutboxMessage, Product, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.services import checkout, coupons, holds, order_cancel, orders, settings
from nanostore.services.errors import TooManyUnpaidOrders
from tests.fixtures.ledger import in_cart, person, product

pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def placed(user_id=1, stock=5, price=1000, quantity=1, coupon=None, wallet=0, token="tok",
                 balance=0):
    if not await User.exists(id=user_id):
        await person(user_id, balance=balance)
    key = await product(price=price, stock=stock)
    await in_cart(user_id, (key, quantity))
    order = await checkout.place_order(user_id, token, coupon_code=coupon, wallet_amount=wallet)
    return order, key


async def overdue(order: Order, by=timedelta(seconds=1)) -> None:
    await Order.filter(id=order.id).update(hold_until=utc_now() - by)


async def test_an_order_holds_for_the_shops_time_and_expires_giving_everything_back(db):
    await coupons.create("TEN", 10)
    order, key = await placed(balance=300, coupon="ten", wallet=300, quantity=2)
    assert 29 <= holds.minutes_left(order) <= 30
    assert (await Product.get(id=key.id)).stock == 3
    assert await holds.run_once() == (0, 0)  # not due yet
    await overdue(order)
    assert await holds.run_once() == (0, 1)
    assert await holds.run_once() == (0, 0)  # once
    expired = await Order.get(id=order.id)
    assert (expired.status, expired.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.UNPAID)
    assert expired.expired_at is not None
    assert (await Product.get(id=key.id)).stock == 5
    assert (await Coupon.get(code="TEN")).used_count == 0
    assert (await User.get(id=1)).balance == 300
    told = await OutboxMessage.filter(chat_id=1, kind="order_status").values_list("payload", flat=True)
    assert [p["by"] for p in told] == ["expired"]


async def test_no_deadline_when_holds_are_off_or_nothing_is_left_to_pay(db):
    await settings.update("hold_minutes", 0)
    order, _ = await placed()
    assert order.hold_until is None and holds.minutes_left(order) is None
    await settings.update("hold_minutes", 30)
    paid, _ = await placed(user_id=2, balance=1000, wallet=1000, token="t2")
    assert paid.payment_status == PaymentStatus.PAID and paid.hold_until is None


async def test_the_reminder_goes_once_shortly_before_the_deadline(db):
    order, _ = await placed()
    await Order.filter(id=order.id).update(hold_until=utc_now() + timedelta(minutes=4))
    assert await holds.run_once() == (1, 0)
    assert await holds.run_once() == (0, 0)
    (reminder,) = await OutboxMessage.filter(kind="order_hold_reminder").values_list("payload", flat=True)
    assert reminder["order_id"] == order.id and reminder["minutes"] == 4


async def test_a_payment_in_flight_after_expiry_revives_the_order(db):
    await coupons.create("TEN", 10)
    order, key = await placed(balance=300, coupon="ten", wallet=300)
    await overdue(order)
    await holds.run_once()
    assert await orders.mark_paid(order.id, via="stars") is True
    revived = await Order.get(id=order.id)
    assert revived.payment_status == PaymentStatus.PAID and revived.status != OrderStatus.CANCELLED
    assert (await Product.get(id=key.id)).stock == 4
    assert (await User.get(id=1)).balance == 0  # the wallet part taken again
    assert (await Coupon.get(code="TEN")).used_count == 1


async def test_a_payment_after_expiry_is_refused_when_the_units_are_gone(db):
    order, key = await placed(stock=1)
    await overdue(order)
    await holds.run_once()
    await Product.filter(id=key.id).update(stock=0)  # the unit sold to someone else meanwhile
    assert await orders.mark_paid(order.id, via="stars") is False
    gone = await Order.get(id=order.id)
    assert (gone.status, gone.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.UNPAID)
    assert gone.expired_at is not None and (await Product.get(id=key.id)).stock == 0


async def test_the_expiry_racing_a_payment_settles_one_way(db):
    for round_number in range(6):
        order, key = await placed(user_id=10 + round_number, token=f"race{round_number}")
        now = utc_now() + timedelta(minutes=31)  # the deadline has passed for the expiry
        expired, paid = await asyncio.gather(order_cancel.expire(order.id, now),
                                             orders.mark_paid(order.id, via="stars"))
        final = await Order.get(id=order.id)
        assert paid is True and final.payment_status == PaymentStatus.PAID
        assert final.status != OrderStatus.CANCELLED
        assert (await Product.get(id=key.id)).stock == 4, (round_number, expired)


async def test_two_instances_run_the_job_one_at_a_time(db):
    orders_placed = [(await placed(user_id=20 + n, token=f"two{n}"))[0] for n in range(4)]
    for order in orders_placed:
        await overdue(order)
    first, second = HoldKeeper(holder="a"), HoldKeeper(holder="b")
    results = await asyncio.gather(first.run_once(), second.run_once())
    assert sorted(results, key=str) == sorted([(0, 4), None], key=str)
    assert await OutboxMessage.filter(kind="order_status").count() == 4
    holder = (await JobLease.get(name="holds")).holder
    other = second if holder == "a" else first
    assert await other.run_once() is None  # the lease is held
    await JobLease.filter(name="holds").update(until=utc_now() - timedelta(seconds=1))
    assert await other.run_once() == (0, 0)  # it lapsed: taken over
    assert (await JobLease.get(name="holds")).holder == other.holder


async def test_the_unpaid_orders_limit_refuses_a_new_order_and_keeps_the_cart(db):
    await settings.update("max_unpaid_orders", 2)
    await placed(token="one")
    await placed(token="two")
    key = await product(price=500, stock=3)
    await in_cart(1, (key, 1))
    with pytest.raises(TooManyUnpaidOrders) as refused:
        await checkout.place_order(1, "three")
    assert refused.value.params == {"limit": 2}
    assert (await Product.get(id=key.id)).stock == 3
    assert await Order.filter(user_id=1).count() == 2
