"""Telegram Stars end to end: invoice from the payment step, key delivered, a second payment
refunded, admin refund, refused pre-checkout, a payment matching no order."""

from __future__ import annotations

import pytest

from nanostore.db.models import Order, Product, StarsPayment, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus, StarsPaymentStatus
from nanostore.emulator.checkout import PaymentDeclined, record_charge
from nanostore.emulator.state import InvoiceRecord
from nanostore.services import orders, stars
from nanostore.services.errors import DomainError
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with, pay_with_stars
from tests.fixtures.people import customer, labels, open_dialog, received, window_text
from tests.fixtures.staff import person as staff_person


async def test_pay_with_stars_and_receive_the_key(shop_any_mode):
    shop = shop_any_mode
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=50, stock=1, keys=["STAR-KEY-1"])
    order = await pay_with_stars(shop, ann, key)
    assert "⭐ Pay with Stars (50 Stars)" in labels(ann)
    invoice = shop.emulator.calls_of("sendInvoice")[-1].params
    assert (invoice["currency"], invoice["payload"]) == ("XTR", f"order:{order.id}")
    assert "invoice is below" in window_text(ann)
    await ann.pay_invoice()
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert "STAR-KEY-1" in received(ann)
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert "STAR-KEY-1" in window_text(ann) and "Payment: ✅ Paid" in window_text(ann)


async def test_stars_button_only_when_the_shop_can_price_it(shop):
    ann = await customer(shop)
    await checkout_with(shop, ann, (await a_product(price=1000), 1))
    await ann.tap("✅ Confirm order")
    assert not any(label.startswith("⭐") for label in labels(ann))
    assert "No payment method is available" in window_text(ann)


async def test_same_invoice_paid_again_is_declined_before_any_charge(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, key)
    await ann.pay_invoice()
    with pytest.raises(PaymentDeclined) as declined:
        await ann.pay_invoice(again=True)
    assert declined.value.error_message == "This order can't be paid any more."
    assert await StarsPayment.filter(order_id=order.id).count() == 1


async def test_second_payment_that_slipped_through_is_refunded_and_told(shop):
    # Both pre-checkouts were answered before the first payment landed (two taps on Pay):
    # Telegram then charges twice; the second charge is refunded at once.
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, key)
    first = await ann.pay_invoice()
    second = record_charge(shop.emulator.core, ann.user, first.invoice)
    await ann.deliver_payment(second)
    await shop.flush()
    refunds = shop.emulator.calls_of("refundStarPayment")
    assert [call.params["telegram_payment_charge_id"] for call in refunds] == [second.charge_id]
    assert shop.emulator.state.charges[second.charge_id].refunded
    assert "so your payment has been refunded" in received(ann)
    statuses = {p.charge_id: p.status for p in await StarsPayment.filter(order_id=order.id)}
    assert statuses == {first.charge_id: StarsPaymentStatus.APPLIED,
                        second.charge_id: StarsPaymentStatus.REFUNDED}
    assert received(ann).count("K-1") == 1 and "K-2" not in received(ann)


async def test_same_charge_reported_twice_is_applied_once(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, key)
    payment = await ann.pay_invoice()
    await ann.deliver_payment(payment)
    await shop.flush()
    assert await StarsPayment.filter(order_id=order.id).count() == 1
    assert not shop.emulator.calls_of("refundStarPayment")
    assert received(ann).count("K-1") == 1 and "K-2" not in received(ann)


async def test_double_tap_on_stars_button_still_charges_once(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, key)
    await ann.tap("⭐ Pay with Stars (30 Stars)")  # a second invoice for the same order
    first, second = [m for m in ann.messages if m.extra.get("invoice")][-2:]
    await ann.pay_invoice(first)
    with pytest.raises(PaymentDeclined):
        await ann.pay_invoice(second)
    await shop.flush()
    assert await StarsPayment.filter(order_id=order.id, status=StarsPaymentStatus.APPLIED).count() == 1


async def test_admin_refund_gives_back_and_refunds_the_charge(shop):
    ann = await customer(shop, balance=200)
    key = await a_product(price=1000, stars_price=40, stock=1, keys=["R-1"])
    await checkout_with(shop, ann, (key, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    await ann.tap(next(label for label in labels(ann) if label.startswith("⭐")))
    await ann.pay_invoice()
    order = await Order.get(user_id=ann.id)
    payment = await stars.refund_order(order.id, staff_person(owner=True, user_id=9000))
    await shop.shop.bot.refund_star_payment(user_id=ann.id,
                                            telegram_payment_charge_id=payment.charge_id)
    assert await stars.mark_refunded(payment.charge_id)
    await shop.flush()
    refunded = await Order.get(id=order.id)
    assert (refunded.status, refunded.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    assert (await User.get(id=ann.id)).balance == 200  # the wallet part came back
    refund_call = shop.emulator.calls_of("refundStarPayment")[-1]
    assert refund_call.params["telegram_payment_charge_id"] == payment.charge_id
    assert "refunded" in received(ann)
    with pytest.raises(DomainError):  # a second refund: the order is no longer refundable
        await stars.refund_order(order.id, staff_person(owner=True, user_id=9000))


async def test_pre_checkout_for_a_cancelled_order_is_refused_clearly(shop):
    ann = await customer(shop)
    key = await a_product(price=1000, stars_price=20, stock=1)
    order = await pay_with_stars(shop, ann, key)
    await orders.cancel(order.id, user_id=ann.id)
    with pytest.raises(PaymentDeclined) as declined:
        await ann.pay_invoice()
    assert declined.value.error_message == "This order can't be paid any more."
    assert not await StarsPayment.exists()
    assert (await Product.get(id=key.id)).stock == 1


async def test_payment_for_an_unknown_order_is_kept_and_admins_told(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    invoice = InvoiceRecord(title="x", description="x", payload="order:999", currency="XTR",
                            total_amount=25)
    payment = record_charge(shop.emulator.core, ann.user, invoice)
    await ann.deliver_payment(payment)
    await shop.flush()
    orphan = await StarsPayment.get(charge_id=payment.charge_id)
    assert (orphan.status, orphan.order_id, orphan.amount) == (StarsPaymentStatus.ORPHAN, None, 25)
    assert payment.charge_id in received(shop.admin)
    assert "support" in received(ann).lower()
