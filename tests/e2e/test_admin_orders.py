"""Admin orders as an admin uses them: filter, open, move along the status map, deliver by
hand (text and file), cancel and refund Stars with confirmations, export; customers are told."""

import json

from nanostore.db.models import AuditEntry, DeliveryItem, Order, Product
from nanostore.db.models.enums import DeliveryType, OrderStatus, PaymentStatus
from tests.fixtures.admin import ANN, customer, labels, open_section, shown, snapshot, tap_containing
from tests.fixtures.orders import paid_order, placed_order


async def test_filter_open_and_move_along_the_status_map(shop):
    ann = await customer(shop)
    unpaid = await placed_order(token="a")
    paid = await paid_order(token="b")  # a manual line: paid orders wait in processing
    admin = await open_section(shop, "🛒 Orders")
    assert "Orders" in shown(admin).text and "2 found" in shown(admin).text
    await admin.tap("⏳ Unpaid 1")
    assert "1 found" in shown(admin).text
    assert not any(f"#{paid.id}" in label for label in labels(admin))
    await tap_containing(admin, f"#{unpaid.id}")
    screen = shown(admin).text
    assert f"Order #{unpaid.id}" in screen and "@ann" in screen and str(ANN) in screen
    assert "Game key a × 1" in screen and "unpaid" in screen
    # Only the moves the map allows (cancel has its own button with a confirmation).
    assert ["✅ Confirmed"] in shown(admin).buttons
    assert not any("Delivered" in label or "Processing" in label for label in labels(admin))
    await admin.tap("✅ Confirmed")
    assert "Status changed to Confirmed" in shown(admin).text
    await admin.tap("⚙️ Processing")
    await admin.tap("📦 Delivered")
    await admin.tap("✅ Yes, mark delivered")  # unpaid: asked first (test_admin_orders_owner)
    assert (await Order.get(id=unpaid.id)).status == OrderStatus.DELIVERED
    assert not any("Cancel" in label for label in labels(admin))
    await shop.flush()
    texts = [message.text or "" for message in ann.messages]
    assert any(f"#{unpaid.id}" in text and "being processed" in text for text in texts)
    assert any(f"#{unpaid.id}" in text and "delivered" in text for text in texts)
    assert await AuditEntry.filter(action="order.status", target=str(unpaid.id)).count() == 3


async def test_manual_delivery_of_a_key_then_a_file(shop):
    ann = await customer(shop)
    order = await paid_order(quantity=2, token="m")
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    assert "0/2 delivered" in shown(admin).text
    await admin.tap("📤 Deliver by hand")
    await admin.send_photo()
    assert "as a document" in shown(admin).text
    await admin.send("KEY-AAAA-1111")
    assert "Sent to the customer" in shown(admin).text and "1/2 delivered" in shown(admin).text
    assert (await Order.get(id=order.id)).status == OrderStatus.PROCESSING  # one unit to go
    await admin.tap("📤 Deliver by hand")
    await admin.send_document("licence.txt", b"LICENCE-2")
    assert "2/2 delivered" in shown(admin).text and "licence.txt" in shown(admin).text
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED
    assert "📤 Deliver by hand" not in labels(admin)
    await shop.flush()
    assert any("KEY-AAAA-1111" in (m.text or "") for m in ann.messages)
    files = [m for m in ann.messages if m.media_kind == "document"]
    assert len(files) == 1 and files[0].file.content == b"LICENCE-2"
    assert await DeliveryItem.filter(order_line__order_id=order.id).count() == 2


async def test_cancel_after_a_confirmation_gives_stock_back(shop):
    ann = await customer(shop)
    order = await placed_order(quantity=2, stock=5, token="c")
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("❌ Cancel order")
    assert "Cancel order" in shown(admin).text and "Stock" in shown(admin).text
    await admin.tap("⬅️ Back")
    assert (await Order.get(id=order.id)).status == OrderStatus.PENDING
    await admin.tap("❌ Cancel order")
    confirm = snapshot(admin)
    await admin.tap("✅ Yes, cancel it")
    assert "Order cancelled" in shown(admin).text
    assert (await Order.get(id=order.id)).status == OrderStatus.CANCELLED
    assert (await Product.get(name="Game key c")).stock == 5
    assert "❌ Cancel order" not in labels(admin)
    await admin.tap("✅ Yes, cancel it", message=confirm)  # stale: nothing changes twice
    assert (await Product.get(name="Game key c")).stock == 5
    await shop.flush()
    assert any(f"#{order.id}" in (m.text or "") and "cancelled by the shop" in m.text
               for m in ann.messages)


async def test_stars_refund_after_a_confirmation(shop):
    from aiogram.types import LabeledPrice

    from nanostore.db.models import StarsPayment
    from nanostore.db.models.enums import StarsPaymentStatus
    from nanostore.services import stars

    ann = await customer(shop)
    order = await placed_order(token="s", stock=3, delivery_type=DeliveryType.MANUAL)
    await Product.filter(name="Game key s").update(stars_price=50)
    invoice = await stars.invoice_for(order.id, ANN)
    await shop.shop.bot.send_invoice(ANN, invoice.title, "Order", invoice.payload, invoice.currency,
                                     [LabeledPrice(label=invoice.title, amount=invoice.amount)])
    await ann.pay_invoice()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("⭐ Refund Stars")
    assert "Refund 50 Stars" in shown(admin).text
    await admin.tap("✅ Yes, refund")
    assert "Stars were refunded" in shown(admin).text
    saved = await Order.get(id=order.id)
    assert (saved.status, saved.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    payment = await StarsPayment.get(order_id=order.id)
    assert payment.status == StarsPaymentStatus.REFUNDED
    assert shop.emulator.state.charges[payment.charge_id].refunded
    assert (await Product.get(name="Game key s")).stock == 3
    assert "⭐ Refund Stars" not in labels(admin)
    await shop.flush()
    assert any("refunded" in (m.text or "") and f"#{order.id}" in m.text for m in ann.messages)


async def test_export_orders_as_csv_and_json(shop):
    await customer(shop)
    order = await placed_order(token="e")
    admin = await open_section(shop, "🛒 Orders")
    await admin.tap("🧾 Export JSON")
    await admin.tap("📄 Export CSV")
    documents = [m for m in admin.messages if m.media_kind == "document"]
    assert [d.file.file_name for d in documents] == ["orders.json", "orders.csv"]
    rows = json.loads(documents[0].file.content)
    assert [(row["id"], row["amount_due"], row["status"]) for row in rows] == [(order.id, 1500, "pending")]
    assert "Orders: 1 rows" in documents[1].caption or "1 rows" in documents[1].caption
    assert "Orders" in shown(admin).text
