"""My orders end to end: history pages, the detail, re-sent files, Pay now, cancelling with a
confirmation, and nobody seeing or touching someone else's order."""

from __future__ import annotations

import pytest

from nanostore.db.models import Coupon, CouponRedemption, Order, Product, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.getters.orders import order_detail
from nanostore.services import cart, checkout, coupons, delivery_pool, orders, settings
from nanostore.services.errors import AccessDenied
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import bank
from tests.fixtures.people import customer, labels, open_dialog, received, window_text


async def placed(user_id: int, product: Product, quantity: int = 1, token: str | None = None,
                 **kwargs) -> Order:
    await cart.add(user_id, product.id, quantity)
    return await checkout.place_order(user_id, token or f"t{user_id}-{product.id}-{quantity}",
                                      **kwargs)


async def test_history_is_paged_newest_first(shop):
    ann = await customer(shop)
    product = await a_product(price=500)
    await settings.update("max_unpaid_orders", 0)  # ten unpaid orders of one customer
    for number in range(10):
        await placed(ann.id, product, token=f"tok{number}")
    await open_dialog(shop, ann, "orders")
    assert "10 in total" in window_text(ann)
    rows = [label for label in labels(ann) if label.startswith("⏳ #")]
    assert len(rows) == 8 and rows[0].startswith("⏳ #10 ·") and rows[0].endswith("$5.00")
    await ann.tap(">")
    rows = [label for label in labels(ann) if label.startswith("⏳ #")]
    assert [row.split(" ·")[0] for row in rows] == ["⏳ #2", "⏳ #1"]


async def test_no_orders_yet(shop):
    ann = await customer(shop)
    await open_dialog(shop, ann, "orders")
    assert "no orders yet" in window_text(ann)
    assert "⬅️ Back" in labels(ann) and "🏠 Home" in labels(ann)


async def test_detail_shows_items_keys_status_and_timeline(shop):
    ann = await customer(shop, balance=5000)
    product = await a_product(name="Antivirus", price=1200, stock=2, keys=["AV-111", "AV-222"])
    order = await placed(ann.id, product, 2, wallet_amount=True)
    await open_dialog(shop, ann, "orders")
    await ann.tap(f"📦 #{order.id} · {order.created_at:%Y-%m-%d} · $24.00")
    text = window_text(ann)
    assert f"Order #{order.id}" in text and "Delivered" in text
    assert "Antivirus × 2 — $24.00" in text and "AV-111" in text and "AV-222" in text
    assert "Payment: ✅ Paid" in text
    assert "● Pending → ● Confirmed → ● Processing → ● Delivered" in text
    assert "💳 Pay now" not in labels(ann) and "❌ Cancel order" not in labels(ann)


async def test_files_are_sent_again_on_request(shop):
    ann = await customer(shop, balance=5000)
    product = await a_product(name="E-book", price=300, stock=0, keys=[])
    file_id = shop.emulator.upload(b"%PDF-1.4", "document", "book.pdf")
    await delivery_pool.add_file_item(product.id, file_id, "book.pdf")
    order = await placed(ann.id, product, wallet_amount=True)
    await shop.flush()
    before = len(shop.emulator.calls_of("sendDocument"))
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert "📎 book.pdf" in window_text(ann)
    await ann.tap("📎 Send my items again")
    sent = shop.emulator.calls_of("sendDocument")[before:]
    assert [call.params["document"] for call in sent] == [file_id]
    assert "📎 Send my items again" in labels(ann)  # the order screen came back below the file


async def test_pay_now_leads_to_payment_methods_of_that_order(shop):
    ann = await customer(shop)
    await bank()
    order = await placed(ann.id, await a_product(price=900))
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert "Payment: 💳 Unpaid" in window_text(ann)
    await ann.tap("💳 Pay now")
    assert f"Pay order #{order.id}" in window_text(ann) and "$9.00" in window_text(ann)
    assert "🏦 Bank transfer" in labels(ann)


async def test_cancel_asks_first_and_gives_everything_back_once(shop):
    ann = await customer(shop, balance=300)
    await coupons.create("HALF", 50)
    product = await a_product(price=1000, stock=3)
    order = await placed(ann.id, product, 2, coupon_code="HALF", wallet_amount=300)
    assert (await Product.get(id=product.id)).stock == 1
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    await ann.tap("❌ Cancel order")
    assert f"Cancel order #{order.id}?" in window_text(ann)
    assert "$3.00 returns to your wallet" in window_text(ann)
    await ann.tap("⬅️ No, keep it")
    assert (await Order.get(id=order.id)).status == OrderStatus.PENDING
    await ann.tap("❌ Cancel order")
    confirm = ann.screen.message
    await ann.tap("✅ Yes, cancel it")
    assert "Cancelled" in window_text(ann) or "Cancelled" in window_text(ann)
    await ann.tap("✅ Yes, cancel it", message=confirm) if "✅ Yes, cancel it" in labels(ann) else None
    assert (await Order.get(id=order.id)).status == OrderStatus.CANCELLED
    assert (await Product.get(id=product.id)).stock == 3
    assert (await User.get(id=ann.id)).balance == 300
    assert (await Coupon.get(code="HALF")).used_count == 0
    assert not await CouponRedemption.exists(order_id=order.id)
    await shop.flush()
    assert "cancelled" in received(ann)


async def test_paid_orders_cannot_be_cancelled_by_the_customer(shop):
    ann = await customer(shop, balance=5000)
    order = await placed(ann.id, await a_product(price=1000), wallet_amount=True)
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert "❌ Cancel order" not in labels(ann)


async def test_someone_elses_order_is_never_shown_or_touched(shop):
    ann = await customer(shop)
    bob = await customer(shop, 1002, "Bob")
    await bank()
    product = await a_product(price=1000, stock=2)
    order = await placed(ann.id, product)
    # A forged start (or an old button) with Ann's order id, in Bob's chat.
    await open_dialog(shop, bob, "orders", {"order_id": order.id})
    assert "This order is not available." in window_text(bob)
    assert f"#{order.id}" not in window_text(bob)
    assert not {"💳 Pay now", "❌ Cancel order"} & set(labels(bob))
    await open_dialog(shop, bob, "checkout", {"order_id": order.id})
    assert "This order is not available." in window_text(bob)
    assert "🏦 Bank transfer" not in labels(bob)
    assert await order_detail(order.id, bob.id) is None
    assert await order_detail(order.id, ann.id) is not None
    current = await Order.get(id=order.id)
    assert (current.status, current.payment_status) == (OrderStatus.PENDING, PaymentStatus.UNPAID)
    assert current.payment_method_id is None and (await Product.get(id=product.id)).stock == 1


async def test_cancel_of_someone_elses_order_is_refused_by_the_service(shop):
    ann = await customer(shop)
    await customer(shop, 1002, "Bob")
    order = await placed(ann.id, await a_product(price=1000))
    with pytest.raises(AccessDenied):  # the same call the Cancel button makes
        await orders.cancel(order.id, user_id=1002)
    assert (await Order.get(id=order.id)).status == OrderStatus.PENDING


async def test_reached_from_the_main_menu_and_home_returns(shop):
    ann = await customer(shop)
    await placed(ann.id, await a_product(price=700))
    await ann.tap("🛍 Open the shop")
    await ann.tap("📦 My Orders")
    assert "1 in total" in window_text(ann)
    await ann.tap("🏠 Home")
    assert "📦 My Orders" in labels(ann)
