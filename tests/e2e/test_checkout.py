"""Checkout end to end: summary, coupon, wallet part, minimum order, one order per checkout,
paying by screenshot (approved, rejected) and the bad inputs on the way."""

from __future__ import annotations

import asyncio

from nanostore.db.models import Coupon, CouponRedemption, LedgerEntry, Order, PaymentProof, Product, User
from nanostore.db.models.enums import LedgerReason, OrderStatus, PaymentStatus
from nanostore.services import cart, coupons, payments, settings
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import bank, checkout_with
from tests.fixtures.people import customer, labels, open_dialog, received, window_text
from tests.fixtures.staff import person as staff_person

# Summary, coupon and wallet

async def test_summary_shows_lines_and_total(shop):
    ann = await customer(shop)
    key = await a_product(price=1250)
    await checkout_with(shop, ann, (key, 2))
    assert "Game key × 2 — $25.00" in window_text(ann)
    assert "To pay: $25.00" in window_text(ann)
    assert "✅ Confirm order" in labels(ann)
    assert "💰 Use all balance" not in labels(ann)  # nothing in the wallet


async def test_coupon_applied_removed_and_refused_clearly(shop):
    ann = await customer(shop)
    await coupons.create("SAVE10", 10)
    await coupons.create("GONE", 10, max_uses=1)
    await Coupon.filter(code="GONE").update(used_count=1)
    await checkout_with(shop, ann, (await a_product(price=2000), 1))
    await ann.tap("🎟 Apply coupon")
    await ann.send("nope")
    assert "This coupon code is not valid." in window_text(ann)
    await ann.send("gone")
    assert "This coupon has been used up." in window_text(ann)
    await ann.send_photo()
    assert "coupon code as text" in window_text(ann)
    await ann.send("save10")
    assert "Subtotal: $20.00\n🎟 Coupon SAVE10 (−10%): −$2.00\nTo pay: $18.00\n" in window_text(ann)
    await ann.tap("✖️ Remove coupon")
    assert "Subtotal: $20.00\nTo pay: $20.00\n" in window_text(ann) and "SAVE10" not in window_text(ann)


async def test_coupon_used_once_per_person(shop):
    ann = await customer(shop)
    await coupons.create("ONCE", 50)
    product = await a_product(price=1000)
    await checkout_with(shop, ann, (product, 1))
    await ann.tap("🎟 Apply coupon")
    await ann.send("ONCE")
    await ann.tap("✅ Confirm order")
    assert await CouponRedemption.filter(user_id=ann.id).count() == 1
    await checkout_with(shop, ann, (product, 1))
    await ann.tap("🎟 Apply coupon")
    await ann.send("ONCE")
    assert "You have already used this coupon." in window_text(ann)


async def test_wallet_all_partial_and_bad_amounts(shop):
    ann = await customer(shop, balance=700)
    await checkout_with(shop, ann, (await a_product(price=2000), 1))
    await ann.tap("💰 Use all balance")
    assert "Subtotal: $20.00\n💰 From wallet: −$7.00\nTo pay: $13.00\n" in window_text(ann)
    await ann.tap("✏️ Enter amount")
    for bad in ("abc", "-5", "1e9", "99999999999999"):
        await ann.send(bad)
        assert "Please send an amount as a number" in window_text(ann), bad
    await ann.send("8")
    assert "between $0.01 and $7.00" in window_text(ann)
    await ann.send("0")
    assert "between $0.01 and $7.00" in window_text(ann)
    await ann.send_photo()
    assert "Please send" in window_text(ann)
    await ann.send("2.50")
    assert "\n💰 From wallet: −$2.50\nTo pay: $17.50\n" in window_text(ann)
    await ann.tap("✖️ Don't use wallet")
    assert "From wallet" not in window_text(ann) and "Subtotal: $20.00\nTo pay: $20.00\n" in window_text(ann)


async def test_minimum_order_blocks_confirm(shop):
    ann = await customer(shop)
    await settings.update("min_order", 5000)
    await checkout_with(shop, ann, (await a_product(price=1000), 1))
    assert "The minimum order is $50.00." in window_text(ann)
    assert "✅ Confirm order" not in labels(ann)


async def test_empty_cart_says_so(shop):
    ann = await customer(shop)
    await open_dialog(shop, ann, "checkout")
    assert "Your cart is empty." in window_text(ann)
    assert "✅ Confirm order" not in labels(ann)


# Confirm: one order, whatever the taps

async def test_double_tap_on_confirm_makes_one_order(shop):
    ann = await customer(shop)
    product = await a_product(price=1000, stock=5)
    await bank()
    await checkout_with(shop, ann, (product, 2))
    summary = ann.screen.message
    await asyncio.gather(ann.tap("✅ Confirm order"), ann.tap("✅ Confirm order", message=summary))
    assert await Order.filter(user_id=ann.id).count() == 1
    assert (await Product.get(id=product.id)).stock == 3
    assert "Pay order #" in window_text(ann)
    await ann.tap("✅ Confirm order", message=summary) if "✅ Confirm order" in labels(ann) else None
    assert await Order.filter(user_id=ann.id).count() == 1


async def test_paid_fully_by_wallet_is_delivered_at_once(shop):
    ann = await customer(shop, balance=5000)
    product = await a_product(price=1500, stock=1, keys=["KEY-WALLET-1"])
    await checkout_with(shop, ann, (product, 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    assert "is paid" in window_text(ann) and "Delivered" in window_text(ann)
    order = await Order.get(user_id=ann.id)
    assert (order.payment_status, order.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert (await User.get(id=ann.id)).balance == 3500
    await shop.flush()
    assert "KEY-WALLET-1" in received(ann)


# Paying by screenshot

async def place_unpaid(shop, person, price: int = 1000, **product_kwargs) -> Order:
    await checkout_with(shop, person, (await a_product(price=price, **product_kwargs), 1))
    await person.tap("✅ Confirm order")
    return await Order.filter(user_id=person.id).order_by("-id").first()


async def test_manual_payment_approved_then_delivered(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    await bank()
    order = await place_unpaid(shop, ann, keys=["KEY-MANUAL-1"], stock=1)
    assert "Choose how to pay" in window_text(ann)
    await ann.tap("🏦 Bank transfer")
    assert "IBAN DE00 1234" in window_text(ann)  # admin HTML rendered, not escaped
    await ann.send("here is my payment")
    assert "Please send a photo" in window_text(ann)
    await ann.send_document("receipt.pdf", b"%PDF")
    assert "Please send a photo" in window_text(ann)
    assert await PaymentProof.all().count() == 0
    await ann.send_photo()
    assert "Payment under review" in window_text(ann)
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.AWAITING_REVIEW
    await shop.flush()
    assert any(m.media_kind == "photo" for m in shop.admin.inbox)
    proof = await PaymentProof.get(order_id=order.id)
    await payments.approve_proof(proof.id, staff_person(owner=True, user_id=9000))
    await shop.flush()
    assert "approved" in received(ann) and "KEY-MANUAL-1" in received(ann)
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED


async def test_manual_payment_rejected_customer_can_pay_again(shop):
    ann = await customer(shop)
    await bank()
    order = await place_unpaid(shop, ann)
    await ann.tap("🏦 Bank transfer")
    await ann.send_photo()
    await ann.send_photo()  # a second photo on the review screen changes nothing
    assert await PaymentProof.filter(order_id=order.id).count() == 1
    proof = await PaymentProof.get(order_id=order.id)
    await payments.reject_proof(proof.id, staff_person(owner=True, user_id=9000),
                                note="Amount is wrong")
    await shop.flush()
    assert "Amount is wrong" in received(ann)
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    await ann.tap("💳 Pay now")
    await ann.tap("🏦 Bank transfer")
    await ann.send_photo()
    assert "Payment under review" in window_text(ann)
    assert await PaymentProof.filter(order_id=order.id).count() == 2


async def test_wallet_part_is_debited_once_and_recorded(shop):
    ann = await customer(shop, balance=300)
    await bank()
    await checkout_with(shop, ann, (await a_product(price=1000), 1))
    await ann.tap("💰 Use all balance")
    await ann.tap("✅ Confirm order")
    order = await Order.get(user_id=ann.id)
    assert (order.wallet_used, order.amount_due) == (300, 700)
    assert "$7.00" in window_text(ann)
    debits = await LedgerEntry.filter(user_id=ann.id, reason=LedgerReason.ORDER_PAYMENT).count()
    assert debits == 1 and (await User.get(id=ann.id)).balance == 0


async def test_reached_from_the_cart_and_back_returns_to_it(shop):
    ann = await customer(shop)
    await cart.add(ann.id, (await a_product(price=1250)).id, 1)
    await ann.tap("🛍 Open the shop")
    await ann.tap(next(label for label in labels(ann) if "Cart" in label))
    await ann.tap("✅ Checkout")
    assert "To pay: $12.50" in window_text(ann)
    await ann.tap("⬅️ Back")
    assert "✅ Checkout" in labels(ann)
