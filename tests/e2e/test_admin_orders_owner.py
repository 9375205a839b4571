"""Admin orders as an owner reads them (issue 20): filters mean what their labels say (a paid
order is under Paid whatever its fulfilment), and an unpaid order is marked delivered only
after a Yes that says it stays unpaid; stale and forged taps change nothing."""

from nanostore.db.models import AuditEntry, Order
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.services import orders
from tests.fixtures.admin import customer, labels, open_section, shown, snapshot, tap_containing
from tests.fixtures.orders import paid_order, placed_order
from tests.fixtures.staff import person as staff_person


def callback_of(person, label: str) -> str:
    message = snapshot(person)
    return next(button["callback_data"] for row in message.reply_markup["inline_keyboard"]
                for button in row if button["text"] == label)


def order_buttons(person) -> list[str]:
    return [label for label in labels(person) if label.split(" ", 1)[-1].startswith("#")]


def listed(person) -> list[str]:
    """The order numbers the list shows, "#7", from buttons like "✅ #7 · $15.00 · 2024-05-01"."""
    return [label.split(" · ")[0].split(" ")[-1] for label in order_buttons(person)]


async def test_each_filter_finds_what_its_label_says(shop):
    await customer(shop)
    unpaid = await placed_order(token="u")
    waiting = await paid_order(token="w")            # paid, a manual key still to send
    done = await paid_order(token="d")
    await orders.set_status(done.id, staff_person(owner=True, user_id=1), OrderStatus.DELIVERED)
    dropped = await placed_order(token="x")
    await orders.cancel(dropped.id, by=staff_person(owner=True, user_id=1))
    admin = await open_section(shop, "🛒 Orders")
    assert shown(admin).buttons[:3] == [
        ["• All 4", "⏳ Unpaid 1", "✅ Paid 2"],
        ["📤 To deliver 1", "📦 Delivered 1", "❌ Cancelled 1"],
        ["↩️ Refunded 0"]]
    await admin.tap("✅ Paid 2")
    assert shown(admin).text == "🛒 Orders · ✅ Paid\n2 found, page 1 of 1. Tap an order to open it."
    assert listed(admin) == [f"#{done.id}", f"#{waiting.id}"]
    await admin.tap("📤 To deliver 1")
    assert listed(admin) == [f"#{waiting.id}"]
    await admin.tap("⏳ Unpaid 1")
    assert listed(admin) == [f"#{unpaid.id}"]
    await admin.tap("↩️ Refunded 0")
    assert shown(admin).text == "🛒 Orders · ↩️ Refunded\nNo orders here yet."


async def test_an_unpaid_order_is_marked_delivered_only_after_a_yes(shop):
    await customer(shop)
    order = await placed_order(token="p")
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.CONFIRMED)
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.PROCESSING)
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("📦 Delivered")
    assert shown(admin).text == (f"⚠️ Order #{order.id} is not paid. Mark it delivered anyway? "
                                 "It stays unpaid.")
    assert shown(admin).buttons == [["✅ Yes, mark delivered", "❌ No"]]
    await admin.tap("❌ No")
    assert f"Order #{order.id}" in shown(admin).text and "📦 Delivered" in labels(admin)
    assert (await Order.get(id=order.id)).status == OrderStatus.PROCESSING
    await admin.tap("📦 Delivered")
    confirm = snapshot(admin)
    await admin.tap("✅ Yes, mark delivered")
    assert shown(admin).text.startswith("✅ Status changed to Delivered.\n")
    assert "· Delivered · 💳 unpaid" in shown(admin).text
    saved = await Order.get(id=order.id)
    assert (saved.status, saved.payment_status) == (OrderStatus.DELIVERED, PaymentStatus.UNPAID)
    entries = await AuditEntry.filter(action="order.status", target=str(order.id)).order_by("id")
    assert entries[-1].after == {"status": "delivered", "payment_status": "unpaid"}
    # A stale confirmation tapped again changes nothing (the window it belonged to is gone).
    await admin.tap("✅ Yes, mark delivered", message=confirm)
    assert "· Delivered · 💳 unpaid" in shown(admin).text
    assert await AuditEntry.filter(action="order.status", target=str(order.id)).count() == 3
    # It still owes money: the Unpaid filter keeps it.
    await admin.tap("⬅️ Back")
    await admin.tap("⏳ Unpaid 1")
    assert listed(admin) == [f"#{order.id}"]


async def test_a_paid_order_is_delivered_without_a_question(shop):
    await customer(shop)
    order = await paid_order(token="q")
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("📦 Delivered")
    assert shown(admin).text.startswith("✅ Status changed to Delivered.\n")
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED


async def test_a_customer_forging_the_delivered_confirmation_is_refused(shop):
    ann = await customer(shop)
    order = await placed_order(token="f")
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.CONFIRMED)
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.PROCESSING)
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("📦 Delivered")
    forged = callback_of(admin, "✅ Yes, mark delivered")
    await ann._callback(ann.screen.message, forged)
    assert "Delivered" not in (ann.screen.text or "")
    assert (await Order.get(id=order.id)).status == OrderStatus.PROCESSING


async def test_a_confirmation_left_open_while_the_order_was_cancelled_changes_nothing(shop):
    await customer(shop)
    order = await placed_order(token="s")
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.CONFIRMED)
    await orders.set_status(order.id, staff_person(owner=True, user_id=1), OrderStatus.PROCESSING)
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("📦 Delivered")
    await orders.cancel(order.id, by=staff_person(owner=True, user_id=1))      # another admin, meanwhile
    await admin.tap("✅ Yes, mark delivered")
    assert "That status change is not allowed." in shown(admin).text
    assert (await Order.get(id=order.id)).status == OrderStatus.CANCELLED
