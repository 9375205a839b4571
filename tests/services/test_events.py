"""What follows a payment, a delivery, a cancellation and a top-up credit runs as followers of
domain events (nanostore/services/followers.py), in order, inside the transaction that
published the event: a follower that fails rolls the payment back, and a new follower is
added without touching the money path."""

from __future__ import annotations

import pytest

from nanostore.db.models import AuditEntry, OutboxMessage, User
from nanostore.db.models.enums import DeliveryType, PaymentStatus
from nanostore.services import (cart, categories, checkout, delivery_pool, events, followers,
                                orders, products)
from tests.fixtures.staff import person as staff_person


async def an_order(user_id: int = 1, keys: tuple[str, ...] = ("KEY-1",)):
    await User.create(id=user_id, first_name="Ann")
    category = await categories.create("Games")
    item = await products.create(category.id, "Game key", 1000, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(item.id, "\n".join(keys))
    await cart.add(user_id, item.id, 1)
    return await checkout.place_order(user_id, "token")


def test_a_payment_is_followed_in_this_order():
    assert [f.__name__ for f in events.followers_of(events.OrderPaid)] == [
        "tell_the_customer_it_is_paid", "tell_the_admins_it_is_paid", "reward_the_referrer",
        "deliver_what_the_pool_holds"]
    assert followers.send_the_items in events.followers_of(events.ItemsDelivered)


async def test_paying_publishes_once_and_the_followers_deliver(db):
    order = await an_order()
    assert await orders.mark_paid(order.id, via="stars")
    assert not await orders.mark_paid(order.id, via="stars")  # no second event
    kinds = await OutboxMessage.filter(kind__in=["payment_approved", "order_paid", "order_delivered"]
                                       ).values_list("kind", flat=True)
    assert sorted(kinds) == ["order_delivered", "order_paid", "payment_approved"]


async def test_a_failing_follower_rolls_the_payment_back(db, monkeypatch):
    order = await an_order()

    async def broken(event):
        raise RuntimeError("a follower failed")

    monkeypatch.setattr(events._followers, "by_event",
                        {**events._followers.by_event, events.OrderPaid: [
                            *events.followers_of(events.OrderPaid), broken]})
    with pytest.raises(RuntimeError):
        await orders.mark_paid(order.id, via="stars")
    stored = await orders.get(order.id)
    assert stored.payment_status == PaymentStatus.UNPAID
    assert not await OutboxMessage.filter(kind="order_delivered").exists()


async def test_a_new_follower_joins_without_touching_the_money_path(db, monkeypatch):
    order = await an_order()
    seen: list[events.OrderPaid] = []

    async def remember(event: events.OrderPaid) -> None:
        seen.append(event)

    monkeypatch.setattr(events._followers, "by_event",
                        {**events._followers.by_event, events.OrderPaid: [
                            *events.followers_of(events.OrderPaid), remember]})
    await orders.mark_paid(order.id, via="wallet")
    assert [(e.order_id, e.user_id, e.amount, e.via) for e in seen] == [(order.id, 1, 1000, "wallet")]


async def test_an_admin_cancellation_is_told_and_audited_a_customers_only_told(db):
    first = await an_order(1)
    await orders.cancel(first.id, user_id=1)
    assert not await AuditEntry.filter(action="order.cancel").exists()
    second = await checkout.place_order(1, "token-2") if await cart.lines_with_products(1) else None
    assert second is None  # the cart was emptied by the first order
    await User.create(id=2, first_name="Ben")
    category = await categories.create("More")
    item = await products.create(category.id, "Other", 500)
    await cart.add(2, item.id, 1)
    other = await checkout.place_order(2, "token-3")
    await orders.cancel(other.id, by=staff_person(owner=True, user_id=9000))
    assert await AuditEntry.filter(action="order.cancel", target=str(other.id)).count() == 1
    told = await OutboxMessage.filter(kind="order_status").count()
    assert told == 2
