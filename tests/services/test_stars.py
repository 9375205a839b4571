import asyncio
from datetime import UTC

import pytest

from nanostore.db.models import Order, OutboxMessage, Product, StarsPayment, User
from nanostore.db.models.enums import DeliveryType, OrderStatus, PaymentStatus, StarsPaymentStatus
from nanostore.services import checkout, coupons, delivery_pool, orders, settings, stars
from nanostore.services.errors import AccessDenied, InvalidTransition, StarsUnavailable
from tests.fixtures.ledger import assert_balances_match_ledger, in_cart, person, product
from tests.fixtures.staff import person as staff_person

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def placed(price=1000, stars_price=None, stock=5, quantity=1, user_id=1, token="tok", **kw):
    if not await User.exists(id=user_id):
        await person(user_id)
    key = await product(price=price, stars_price=stars_price, stock=stock, **kw)
    await in_cart(user_id, (key, quantity))
    return await checkout.place_order(user_id, token), key


async def test_stars_price_from_products_or_the_shop_rate(db):
    order, _ = await placed(stars_price=40, quantity=2)
    assert await stars.stars_price(order) == 80
    other, _ = await placed(token="t2")
    with pytest.raises(StarsUnavailable):
        await stars.stars_price(other)
    await settings.update("stars_per_unit", 2)  # 2 Stars per 100 minor units
    assert await stars.stars_price(other) == 20


async def test_discount_lowers_the_stars_price_in_proportion(db):
    await coupons.create("HALF", 50)
    await person(1)
    key = await product(price=1000, stars_price=41)
    await in_cart(1, (key, 1))
    order = await checkout.place_order(1, "tok", coupon_code="half")
    assert await stars.stars_price(order) == 21  # rounded up


async def test_invoice_fixes_the_amount_and_checks_the_owner(db):
    order, key = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    assert (invoice.payload, invoice.amount, invoice.currency) == (f"order:{order.id}", 30, "XTR")
    await Product.filter(id=key.id).update(stars_price=99)
    assert (await stars.invoice_for(order.id, 1)).amount == 30
    await person(2)
    with pytest.raises(AccessDenied):
        await stars.invoice_for(order.id, 2)


async def test_pre_checkout_answers(db):
    order, _ = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    assert await stars.validate_pre_checkout(invoice.payload, 1, 30, "XTR") is None
    assert await stars.validate_pre_checkout(invoice.payload, 1, 29, "XTR") == "payment_mismatch"
    assert await stars.validate_pre_checkout(invoice.payload, 1, 30, "USD") == "payment_mismatch"
    assert await stars.validate_pre_checkout(invoice.payload, 2, 30, "XTR") == "access_denied"
    assert await stars.validate_pre_checkout("order:999", 1, 30, "XTR") == "not_found"
    assert await stars.validate_pre_checkout("garbage", 1, 30, "XTR") == "not_found"
    await orders.cancel(order.id, user_id=1)  # stock went back: no longer payable
    assert await stars.validate_pre_checkout(invoice.payload, 1, 30, "XTR") == "order_not_payable"


async def test_successful_payment_pays_and_delivers_once(db):
    order, key = await placed(stars_price=30, stock=None, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "STAR-KEY")
    invoice = await stars.invoice_for(order.id, 1)
    outcome = await stars.apply_successful_payment("ch-1", invoice.payload, 1, 30)
    assert outcome.status == StarsPaymentStatus.APPLIED and not outcome.needs_refund
    stored = await orders.get(order.id)
    assert stored.payment_status == PaymentStatus.PAID and stored.status == OrderStatus.DELIVERED
    # Telegram repeating the same update is not a second payment.
    replay = await stars.apply_successful_payment("ch-1", invoice.payload, 1, 30)
    assert replay.status == StarsPaymentStatus.APPLIED and not replay.needs_refund
    assert await StarsPayment.all().count() == 1


async def test_same_charge_reported_concurrently_is_recorded_once(db):
    order, _ = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    results = await asyncio.gather(*(stars.apply_successful_payment("ch-1", invoice.payload, 1, 30)
                                     for _ in range(10)))
    assert all(r.status == StarsPaymentStatus.APPLIED for r in results)
    assert await StarsPayment.all().count() == 1
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1


async def test_second_charge_for_a_paid_order_is_a_duplicate_to_refund(db):
    order, _ = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    await stars.apply_successful_payment("ch-1", invoice.payload, 1, 30)
    second = await stars.apply_successful_payment("ch-2", invoice.payload, 1, 30)
    assert second.status == StarsPaymentStatus.DUPLICATE and second.needs_refund
    assert (await StarsPayment.get(charge_id="ch-2")).status == StarsPaymentStatus.DUPLICATE
    assert await stars.mark_refunded("ch-2") is True
    assert await stars.mark_refunded("ch-2") is False
    assert (await StarsPayment.get(charge_id="ch-2")).status == StarsPaymentStatus.REFUNDED


async def test_unknown_payload_is_an_orphan_admins_hear_about(db):
    outcome = await stars.apply_successful_payment("ch-x", "order:424242", 77, 15)
    assert outcome.status == StarsPaymentStatus.ORPHAN
    payment = await StarsPayment.get(charge_id="ch-x")
    assert (payment.user_id, payment.amount, payment.status) == (77, 15, StarsPaymentStatus.ORPHAN)
    notice = await OutboxMessage.get(kind="stars_orphan")
    assert notice.audience == "admins" and notice.payload["charge_id"] == "ch-x"


async def test_admin_refund_returns_stock_and_wallet_and_names_the_charge(db):
    await person(1, balance=200)
    key = await product(price=1000, stars_price=30, stock=5)
    await in_cart(1, (key, 2))
    order = await checkout.place_order(1, "tok", wallet_amount=200)
    invoice = await stars.invoice_for(order.id, 1)
    await stars.apply_successful_payment("ch-1", invoice.payload, 1, invoice.amount)
    payment = await stars.refund_order(order.id, staff_person(owner=True, user_id=9))
    assert payment.charge_id == "ch-1"
    stored = await Order.get(id=order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    assert (await Product.get(id=key.id)).stock == 5
    assert (await User.get(id=1)).balance == 200
    with pytest.raises(InvalidTransition):
        await stars.refund_order(order.id, staff_person(owner=True, user_id=9))
    await assert_balances_match_ledger()


async def test_payment_that_does_not_match_its_order_is_an_orphan_not_a_sale(db):
    order, _ = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    wrong_amount = await stars.apply_successful_payment("ch-1", invoice.payload, 1, 5)
    wrong_payer = await stars.apply_successful_payment("ch-2", invoice.payload, 2, 30)
    assert wrong_amount.status == wrong_payer.status == StarsPaymentStatus.ORPHAN
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID
    assert await OutboxMessage.filter(kind="stars_orphan").count() == 2


async def test_a_charge_whose_invoice_record_was_lost_pays_the_order_it_names(db):
    """A backup restored after the invoice went out: the order is there, unpaid, without the
    price the invoice fixed. Today's price, payer and payload are checked instead."""
    order, _ = await placed(stars_price=30)
    assert (await orders.get(order.id)).stars_amount is None  # no invoice recorded
    assert await stars.validate_pre_checkout(f"order:{order.id}", 1, 30, "XTR") is None
    assert await stars.validate_pre_checkout(f"order:{order.id}", 1, 31, "XTR") == "payment_mismatch"
    wrong = await stars.apply_successful_payment("ch-wrong", f"order:{order.id}", 1, 29)
    assert wrong.status == StarsPaymentStatus.ORPHAN
    paid = await stars.apply_successful_payment("ch-right", f"order:{order.id}", 1, 30)
    assert (paid.status, paid.order_id) == (StarsPaymentStatus.APPLIED, order.id)
    stored = await orders.get(order.id)
    assert (stored.payment_status, stored.stars_amount) == (PaymentStatus.PAID, 30)


async def test_a_charge_for_a_cancelled_order_without_invoice_record_stays_an_orphan(db):
    order, _ = await placed(stars_price=30)
    await orders.cancel(order.id, user_id=1)
    outcome = await stars.apply_successful_payment("ch-late", f"order:{order.id}", 1, 30)
    assert outcome.status == StarsPaymentStatus.ORPHAN
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID


# Reconciling with Telegram's Stars ledger (services.stars_reconcile) and apply_charge, the one
# entry both the successful_payment update and the ledger go through.

def ledger_charge(charge_id, payload, user_id=1, amount=30, date=None):
    from datetime import datetime

    from nanostore.services.stars_reconcile import LedgerCharge
    from nanostore.services.users import TelegramPerson

    return LedgerCharge(charge_id=charge_id, payer=TelegramPerson(user_id, "Ann"), amount=amount,
                        payload=payload, date=date or datetime.now(UTC))


async def test_apply_charge_says_who_applied_it_first(db):
    order, _ = await placed(stars_price=30)
    invoice = await stars.invoice_for(order.id, 1)
    first = await stars.apply_charge("ch-1", invoice.payload, 1, 30)
    again = await stars.apply_charge("ch-1", invoice.payload, 1, 30)
    assert (first.status, first.first_time) == (StarsPaymentStatus.APPLIED, True)
    assert (again.status, again.first_time, again.needs_refund) == (StarsPaymentStatus.APPLIED, False, False)
    orphan = await stars.apply_charge("ch-x", "order:424242", 1, 30)
    orphan_again = await stars.apply_charge("ch-x", "order:424242", 1, 30)
    assert orphan.first_time and not orphan_again.first_time
    assert await OutboxMessage.filter(kind="stars_orphan").count() == 1


async def test_apply_charge_credits_a_stars_topup_once_even_for_a_new_user(db):
    await settings.update("topup_stars_enabled", True)
    await settings.update("stars_per_unit", 50)
    results = await asyncio.gather(*(stars.apply_charge("ch-t", "topup:1000", 5, 500)
                                     for _ in range(4)))
    assert [r.first_time for r in results].count(True) == 1
    assert all(r.status == StarsPaymentStatus.APPLIED and r.order_id is None for r in results)
    assert (await User.get(id=5)).balance == 1000
    assert await StarsPayment.filter(charge_id="ch-t").count() == 1


async def test_the_update_and_the_ledger_racing_apply_a_charge_once(db):
    from nanostore.services import stars_reconcile

    order, key = await placed(stars_price=30, stock=None, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "ONLY-KEY")
    payload = (await stars.invoice_for(order.id, 1)).payload
    charge = ledger_charge("ch-1", payload)
    missing = await stars_reconcile.unrecorded([charge])
    results = await asyncio.gather(stars.apply_charge("ch-1", payload, 1, 30),  # the update
                                   *(stars.apply_charge(c.charge_id, c.payload, c.user_id, c.amount)
                                     for c in missing))  # the ledger, seen before either wrote
    assert [r.first_time for r in results].count(True) == 1
    assert not any(r.needs_refund for r in results)
    assert await StarsPayment.filter(charge_id="ch-1", status=StarsPaymentStatus.APPLIED).count() == 1
    assert (await orders.get(order.id)).status == OrderStatus.DELIVERED
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1
    assert await stars_reconcile.unrecorded([charge]) == []


async def test_unrecorded_keeps_the_order_and_drops_known_and_repeated_charges(db):
    from nanostore.services import stars_reconcile

    await stars.apply_charge("known", "order:1", 1, 30)
    charges = [ledger_charge(cid, "order:1") for cid in ("a", "known", "b", "a")]
    assert [c.charge_id for c in await stars_reconcile.unrecorded(charges)] == ["a", "b"]
    many = [ledger_charge(f"c{n}", "order:1") for n in range(1200)]  # more than one query's worth
    assert len(await stars_reconcile.unrecorded(many)) == 1200


async def test_lookback_is_a_day_or_back_to_before_the_newest_recorded_payment(db):
    from datetime import timedelta

    from tortoise.timezone import now as utc_now

    from nanostore.services import stars_reconcile

    now = utc_now()
    assert await stars_reconcile.lookback_start(now) == now - timedelta(days=1)
    await stars.apply_charge("old", "order:1", 1, 30)
    await StarsPayment.filter(charge_id="old").update(created_at=now - timedelta(days=9))
    assert await stars_reconcile.lookback_start(now) == now - timedelta(days=9, hours=1)
    await stars.apply_charge("new", "order:1", 1, 30)  # recorded just now
    assert await stars_reconcile.lookback_start(now) == now - timedelta(days=1)


async def test_register_payer_creates_a_missing_row_and_leaves_an_existing_one(db):
    from nanostore.services import stars_reconcile
    from nanostore.services.users import TelegramPerson

    await stars_reconcile.register_payer(TelegramPerson(40, "Zoe", "zoe", None, "ru"))
    created = await User.get(id=40)
    assert (created.first_name, created.username, created.telegram_language) == ("Zoe", "zoe", "ru")
    await User.filter(id=40).update(has_blocked_bot=True)
    await stars_reconcile.register_payer(TelegramPerson(40, "Other", None, None, None))
    kept = await User.get(id=40)
    assert (kept.first_name, kept.has_blocked_bot) == ("Zoe", True)
