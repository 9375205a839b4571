import asyncio

import pytest

from nanostore.db.models import DeliveryItem, OutboxMessage
from nanostore.db.models.enums import DeliveryType, OrderStatus, PaymentStatus
from nanostore.services import checkout, delivery, delivery_pool, orders, settings
from nanostore.services.errors import InvalidInput, InvalidTransition
from tests.fixtures.ledger import in_cart, people, person, product
from tests.fixtures.staff import person as staff_person

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def auto_product(keys: str = "", stock: int | None = 0, **extra):
    key = await product(price=100, stock=stock, delivery_type=DeliveryType.AUTO, **extra)
    if keys:
        await delivery_pool.add_items_from_text(key.id, keys)
    return key


async def order_for(user_id: int, *lines, token: str | None = None):
    await in_cart(user_id, *lines)
    return await checkout.place_order(user_id, token or f"t{user_id}")


async def test_paid_auto_order_gets_one_item_per_unit_and_is_delivered(db):
    await person(1)
    key = await auto_product("K1\nK2\nK3", protect_content=True)
    order = await order_for(1, (key, 2))
    assert await orders.mark_paid(order.id, via="admin")
    stored = await orders.get(order.id)
    assert stored.status == OrderStatus.DELIVERED and stored.delivered_at is not None
    notice = await OutboxMessage.get(kind="order_delivered")
    assert [item["content"] for item in notice.payload["items"]] == ["K1", "K2"]
    assert all(item["protect_content"] for item in notice.payload["items"])
    assert await delivery_pool.remaining_items(key.id) == 1
    detail = await orders.detail(order.id, viewer_id=1)
    assert [item.content for item in detail.lines[0].items] == ["K1", "K2"]


async def test_delivering_twice_never_hands_out_more(db):
    await person(1)
    key = await auto_product("K1\nK2\nK3")
    order = await order_for(1, (key, 1))
    await orders.mark_paid(order.id, via="admin")
    results = await asyncio.gather(*(delivery.deliver_order(order.id) for _ in range(5)))
    assert results == [False] * 5  # already delivered by mark_paid
    assert await DeliveryItem.exclude(order_line_id=None).count() == 1
    assert await OutboxMessage.filter(kind="order_delivered").count() == 1


async def test_concurrent_redelivery_of_a_processing_order_claims_once(db):
    await person(1)
    key = await auto_product(stock=None)
    order = await order_for(1, (key, 2))
    await orders.mark_paid(order.id, via="admin")  # pool empty: waits
    await delivery_pool.add_items_from_text(key.id, "A\nB\nC\nD")
    results = await asyncio.gather(*(delivery.deliver_order(order.id) for _ in range(5)))
    assert results.count(True) == 1
    assert await DeliveryItem.exclude(order_line_id=None).count() == 2


async def test_last_key_goes_to_one_order_the_other_waits_for_manual_delivery(db):
    await people(2, first_id=1)
    key = await auto_product("LAST", stock=None)
    first, second = await order_for(1, (key, 1)), await order_for(2, (key, 1))
    await asyncio.gather(orders.mark_paid(first.id, via="admin"),
                         orders.mark_paid(second.id, via="admin"))
    statuses = sorted([(await orders.get(first.id)).status, (await orders.get(second.id)).status])
    assert statuses == [OrderStatus.DELIVERED, OrderStatus.PROCESSING]
    assert await DeliveryItem.exclude(order_line_id=None).count() == 1
    empty = await OutboxMessage.get(kind="delivery_pool_empty")
    assert empty.audience == "admins" and empty.payload["missing"] == 1
    waiting = await delivery.pending_deliveries()
    assert len(waiting) == 1
    item = await delivery.deliver_manually(waiting[0], staff_person(owner=True, user_id=99), text="MANUAL-KEY")
    assert item.content == "MANUAL-KEY"
    assert (await orders.get(waiting[0])).status == OrderStatus.DELIVERED
    assert await delivery.pending_deliveries() == []


async def test_refilled_pool_completes_waiting_orders_on_retry(db):
    await person(1)
    key = await auto_product(stock=None)
    order = await order_for(1, (key, 2))
    await orders.mark_paid(order.id, via="admin")
    await delivery_pool.add_items_from_text(key.id, "A")
    assert await delivery.deliver_order(order.id) is False  # one of two
    await delivery_pool.add_items_from_text(key.id, "B")
    assert await delivery.deliver_order(order.id) is True
    assert (await orders.get(order.id)).status == OrderStatus.DELIVERED
    assert await DeliveryItem.exclude(order_line_id=None).count() == 2


async def test_manual_lines_wait_for_the_admin(db):
    await person(1)
    manual = await product("Service", price=500)
    order = await order_for(1, (manual, 1))
    await orders.mark_paid(order.id, via="admin")
    assert (await orders.get(order.id)).status == OrderStatus.PROCESSING
    assert await delivery.pending_deliveries() == [order.id]
    with pytest.raises(InvalidInput):
        await delivery.deliver_manually(order.id, staff_person(owner=True, user_id=99))
    await delivery.deliver_manually(order.id, staff_person(owner=True, user_id=99), file_id="doc-1", file_name="guide.pdf",
                                    finish=False)
    assert (await orders.get(order.id)).status == OrderStatus.PROCESSING
    await delivery.deliver_manually(order.id, staff_person(owner=True, user_id=99), text="done")
    assert (await orders.get(order.id)).status == OrderStatus.DELIVERED
    notices = await OutboxMessage.filter(kind="order_delivered").values_list("payload", flat=True)
    assert [n["items"][0]["kind"] for n in notices] == ["file", "text"]


async def test_unpaid_order_is_not_delivered(db):
    await person(1)
    key = await auto_product("K")
    order = await order_for(1, (key, 1))
    assert await delivery.deliver_order(order.id) is False
    with pytest.raises(InvalidTransition):
        await delivery.deliver_manually(order.id, staff_person(owner=True, user_id=99), text="x")
    assert await DeliveryItem.exclude(order_line_id=None).count() == 0
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID


async def test_low_stock_alert_once_when_crossing_the_threshold(db):
    await settings.update("low_stock_threshold", 2)
    await people(3, first_id=1)
    counted = await product("Counted", stock=4)
    for buyer in (1, 2, 3):
        await order_for(buyer, (counted, 1))
    alerts = await OutboxMessage.filter(kind="low_stock").values_list("payload", flat=True)
    assert [(a["product_name"], a["left"]) for a in alerts] == [("Counted", 2)]


async def test_low_pool_alert_when_delivery_crosses_the_threshold(db):
    await settings.update("low_stock_threshold", 1)
    await person(1)
    key = await auto_product("A\nB\nC", stock=None)
    order = await order_for(1, (key, 2))
    await orders.mark_paid(order.id, via="admin")
    alert = await OutboxMessage.get(kind="low_stock")
    assert alert.payload["left"] == 1


async def test_many_orders_at_once_never_share_an_item(db):
    buyers = await people(30)
    key = await auto_product("\n".join(f"K{n}" for n in range(20)), stock=None)
    placed = [await order_for(buyer, (key, 1)) for buyer in buyers]
    await asyncio.gather(*(orders.mark_paid(order.id, via="admin") for order in placed))
    claimed = await DeliveryItem.exclude(order_line_id=None).values_list("order_line_id", flat=True)
    assert len(claimed) == 20 == len(set(claimed))
    assert len(await delivery.pending_deliveries()) == 10


async def test_an_item_claimed_since_it_was_read_is_skipped_not_given_twice(db, monkeypatch):
    # What another instance does between our SELECT and our UPDATE, made deterministic: the
    # first candidate we see was taken meanwhile; the guarded UPDATE must skip it.
    await people(2, first_id=1)
    key = await auto_product("FIRST\nSECOND", stock=None)
    first, second = await order_for(1, (key, 1)), await order_for(2, (key, 1))
    await orders.mark_paid(first.id, via="admin")  # takes FIRST
    taken = await DeliveryItem.get(content="FIRST")
    real_unclaimed = delivery.unclaimed
    calls = []

    async def stale_then_real(product_id, limit):
        calls.append(limit)
        return [taken] if len(calls) == 1 else await real_unclaimed(product_id, limit)

    monkeypatch.setattr(delivery, "unclaimed", stale_then_real)
    await orders.mark_paid(second.id, via="admin")
    assert (await DeliveryItem.get(content="FIRST")).order_line_id == taken.order_line_id
    second_detail = await orders.detail(second.id, viewer_id=2)
    assert [item.content for item in second_detail.lines[0].items] == ["SECOND"]
