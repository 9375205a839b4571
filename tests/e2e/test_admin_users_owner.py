"""A person's profile lists their orders (issue 20): "📦 Orders (N)" opens a page of them, newest
first, each opening the admin order card, whose Back returns to that person's orders; a forged
tap for someone else's order and a customer forging the admin's tap are refused."""

from datetime import UTC

from nanostore.db.models import Order
from nanostore.db.models.enums import OrderStatus
from nanostore.services import orders, settings
from tests.fixtures.admin import customer, labels, open_section, shown, snapshot, tap_containing
from tests.fixtures.orders import paid_order, placed_order
from tests.fixtures.staff import person as staff_person


def order_label(order: Order, emoji: str, total: str) -> str:
    day = order.created_at.astimezone(UTC).strftime("%Y-%m-%d")
    return f"{emoji} #{order.id} · {total} · {day}"


def forged(person, label: str, item: int) -> str:
    """The callback of the button `label` with another item id, as a hand-made request would be."""
    message = snapshot(person)
    data = next(button["callback_data"] for row in message.reply_markup["inline_keyboard"]
                for button in row if button["text"] == label)
    return data.rsplit(":", 1)[0] + f":{item}"


async def open_profile(shop, name: str):
    admin = await open_section(shop, "👥 Users")
    await tap_containing(admin, name)
    return admin


async def test_the_profile_lists_the_persons_orders_newest_first(shop):
    await customer(shop)
    older = await placed_order(token="a")
    newer = await paid_order(token="b", price=2500)
    await orders.set_status(newer.id, staff_person(owner=True, user_id=1), OrderStatus.DELIVERED)
    newer = await Order.get(id=newer.id)
    admin = await open_profile(shop, "Ann")
    assert "📦 Orders (2)" in labels(admin)
    await admin.tap("📦 Orders (2)")
    assert shown(admin).text == ("📦 Orders of Ann · @ann\n"
                                 "2 orders, newest first. Tap an order to open it.")
    assert shown(admin).buttons == [
        [order_label(newer, "📦", "$25.00")], [order_label(older, "⏳", "$15.00")],
        ["⬅️ Back", "🏠 Home"]]
    await admin.tap(order_label(older, "⏳", "$15.00"))
    assert shown(admin).text.startswith(f"⏳ Order #{older.id} · ")
    await admin.tap("⬅️ Back")
    assert shown(admin).text.startswith("📦 Orders of Ann")  # not the shop's order list
    await admin.tap("⬅️ Back")
    assert "Orders: 2" in shown(admin).text and "📦 Orders (2)" in labels(admin)


async def test_orders_page_by_eight_and_nobody_without_orders_reads_so(shop):
    await customer(shop)
    await customer(shop, 1002, "Bob", "bobby")
    await settings.update("max_unpaid_orders", 0)  # nine unpaid orders of one customer
    made = [await placed_order(token=f"p{number}") for number in range(9)]
    admin = await open_profile(shop, "Ann")
    await admin.tap("📦 Orders (9)")
    assert shown(admin).text == ("📦 Orders of Ann · @ann\n"
                                 "9 orders, newest first, page 1 of 2. Tap an order to open it.")
    assert f"#{made[-1].id}" in labels(admin)[0] and not any(f"#{made[0].id} " in label
                                                              for label in labels(admin))
    await admin.tap(">")
    assert any(f"#{made[0].id} " in label for label in labels(admin))
    await admin.tap("⬅️ Back")
    await admin.tap("⬅️ Back")
    await tap_containing(admin, "Bob")
    await admin.tap("📦 Orders (0)")
    assert shown(admin).text == "📦 Orders of Bob · @bobby\nNo orders yet."
    assert shown(admin).buttons == [["⬅️ Back", "🏠 Home"]]


async def test_a_forged_tap_for_another_persons_order_is_refused(shop):
    await customer(shop)
    await customer(shop, 1002, "Bob", "bobby")
    ann_order = await placed_order(token="a")
    bob_order = await placed_order(user_id=1002, token="b")
    admin = await open_profile(shop, "Ann")
    await admin.tap("📦 Orders (1)")
    label = next(label for label in labels(admin) if f"#{ann_order.id}" in label)
    for item in (bob_order.id, 999999):  # someone else's order, and no order at all
        await admin._callback(snapshot(admin), forged(admin, label, item))
        assert shown(admin).text == ("That order is not in this person's list any more. "
                                     "Pick one below.\n\n📦 Orders of Ann · @ann\n"
                                     "1 order, newest first. Tap an order to open it.")
        assert f"Order #{bob_order.id}" not in shown(admin).text


async def test_a_customer_forging_the_admins_tap_is_refused(shop):
    ann = await customer(shop)
    order = await placed_order(token="a")
    admin = await open_profile(shop, "Ann")
    await admin.tap("📦 Orders (1)")
    label = next(label for label in labels(admin) if f"#{order.id}" in label)
    await ann._callback(ann.screen.message, forged(admin, label, order.id))
    assert f"Order #{order.id}" not in (ann.screen.text or "")
    assert not any(f"#{order.id}" in (message.text or "") and "Customer" in message.text
                   for message in ann.messages)
