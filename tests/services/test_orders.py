import asyncio

import pytest

from nanostore.db.models import Coupon, CouponRedemption, LedgerEntry, OutboxMessage, Product, User
from nanostore.db.models.enums import LedgerReason, OrderStatus, PaymentStatus
from nanostore.services import checkout, coupons, order_filters, orders, payment_methods
from nanostore.services.errors import (
    AccessDenied,
    DeliveringUnpaid,
    InvalidTransition,
    NotFound,
    OrderNotCancellable,
    OrderNotPayable,
)
from tests.fixtures.ledger import assert_balances_match_ledger, in_cart, person, product
from tests.fixtures.staff import person as staff_person

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def placed_order(user_id=1, balance=0, stock=10, price=1000, quantity=2, coupon=None,
                       wallet=0, token="tok"):
    if not await User.exists(id=user_id):
        await person(user_id, balance=balance)
    key = await product(price=price, stock=stock)
    await in_cart(user_id, (key, quantity))
    return await checkout.place_order(user_id, token, coupon_code=coupon, wallet_amount=wallet), key


async def test_cancel_gives_back_stock_coupon_and_wallet_once_under_double_cancel(db):
    await coupons.create("TEN", 10)
    order, key = await placed_order(balance=500, coupon="ten", wallet=500)
    assert (await Product.get(id=key.id)).stock == 8
    results = await asyncio.gather(*(orders.cancel(order.id, user_id=1) for _ in range(5)),
                                   return_exceptions=True)
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert all(isinstance(r, OrderNotCancellable) for r in results if isinstance(r, Exception))
    assert (await Product.get(id=key.id)).stock == 10
    coupon = await Coupon.get(code="TEN")
    assert coupon.used_count == 0 and not await CouponRedemption.exists()
    assert (await User.get(id=1)).balance == 500
    assert await LedgerEntry.filter(reason=LedgerReason.ORDER_REFUND).count() == 1
    await assert_balances_match_ledger()
    # The coupon can be used again by the same person after the cancel.
    assert (await coupons.validate("TEN", 1)).code == "TEN"


async def test_customer_and_admin_cancelling_at_once_give_back_once(db):
    order, key = await placed_order(balance=300, wallet=300)
    results = await asyncio.gather(orders.cancel(order.id, user_id=1),
                                   orders.cancel(order.id, by=staff_person(owner=True, user_id=99)), return_exceptions=True)
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert (await Product.get(id=key.id)).stock == 10
    assert (await User.get(id=1)).balance == 300
    await assert_balances_match_ledger()


async def test_customer_cannot_cancel_a_paid_order_but_admin_can(db):
    order, key = await placed_order()
    assert await orders.mark_paid(order.id, via="admin")
    with pytest.raises(OrderNotCancellable):
        await orders.cancel(order.id, user_id=1)
    cancelled = await orders.cancel(order.id, by=staff_person(owner=True, user_id=99))
    assert cancelled.status == OrderStatus.CANCELLED
    assert (await Product.get(id=key.id)).stock == 10


async def test_cancel_returns_stock_only_for_counted_lines(db):
    order, key = await placed_order(stock=None)
    await orders.cancel(order.id, user_id=1)
    stored = await Product.get(id=key.id)
    assert stored.stock == 0  # unlimited: nothing was taken, nothing is added


async def test_delivered_order_cannot_be_cancelled_even_by_admin(db):
    order, _ = await placed_order()
    await orders.mark_paid(order.id, via="admin")
    await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.DELIVERED)
    with pytest.raises(OrderNotCancellable):
        await orders.cancel(order.id, by=staff_person(owner=True, user_id=99))


async def test_other_people_cannot_see_cancel_or_pay_an_order(db):
    order, _ = await placed_order()
    await person(2)
    method = await payment_methods.create("Bank")
    with pytest.raises(AccessDenied):
        await orders.detail(order.id, viewer_id=2)
    with pytest.raises(AccessDenied):
        await orders.cancel(order.id, user_id=2)
    with pytest.raises(AccessDenied):
        await orders.choose_payment_method(order.id, 2, method.id)
    assert (await orders.detail(order.id, viewer_id=2, is_admin=True)).order.id == order.id
    assert (await orders.get(order.id)).status == OrderStatus.PENDING


async def test_detail_has_lines_and_lists_are_paged(db):
    order, _ = await placed_order()
    detail = await orders.detail(order.id, viewer_id=1)
    assert [(d.line.quantity, d.items) for d in detail.lines] == [(2, [])]
    second, _ = await placed_order(token="tok2")
    assert [o.id for o in (await orders.list_for_user(1)).items] == [second.id, order.id]
    await orders.cancel(order.id, user_id=1)
    assert [o.id for o in (await order_filters.page("cancelled")).items] == [order.id]
    assert (await order_filters.page("all")).total == 2
    with pytest.raises(NotFound):
        await orders.detail(999, viewer_id=1)


async def test_admin_transitions_follow_the_map_and_notify_the_customer(db):
    order, _ = await placed_order()
    with pytest.raises(InvalidTransition):
        await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.DELIVERED)
    for status in (OrderStatus.CONFIRMED, OrderStatus.PROCESSING):
        assert (await orders.set_status(order.id, staff_person(owner=True, user_id=99), status)).status == status
    with pytest.raises(DeliveringUnpaid):  # unpaid: only once the admin confirms it
        await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.DELIVERED)
    delivered = await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.DELIVERED, unpaid_ok=True)
    assert (delivered.status, delivered.payment_status) == ("delivered", "unpaid")
    for status in OrderStatus:
        with pytest.raises((InvalidTransition, OrderNotCancellable)):
            await orders.set_status(order.id, staff_person(owner=True, user_id=99), status)
    notices = await OutboxMessage.filter(chat_id=1, kind="order_status").values_list(
        "payload", flat=True)
    assert [n["status"] for n in notices] == ["confirmed", "processing", "delivered"]
    assert orders.next_statuses(OrderStatus.PENDING) == [OrderStatus.CONFIRMED, OrderStatus.CANCELLED]


async def test_admin_cancel_through_the_status_map_gives_back(db):
    order, key = await placed_order()
    await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.CONFIRMED)
    await orders.set_status(order.id, staff_person(owner=True, user_id=99), OrderStatus.CANCELLED)
    assert (await Product.get(id=key.id)).stock == 10


async def test_mark_paid_is_idempotent_and_rewards_the_referrer_once(db):
    await person(50)
    await person(1)
    await User.filter(id=1).update(referrer_id=50)
    from nanostore.db.models import Referral
    from nanostore.services import settings

    await Referral.create(referrer_id=50, referred_id=1)
    await settings.update("referral_reward", 77)
    order, _ = await placed_order()
    results = await asyncio.gather(*(orders.mark_paid(order.id, via="admin") for _ in range(5)))
    assert results.count(True) == 1
    stored = await orders.get(order.id)
    assert stored.payment_status == PaymentStatus.PAID and stored.status == OrderStatus.PROCESSING
    assert (await User.get(id=50)).balance == 77
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1
    await assert_balances_match_ledger()
    with pytest.raises(NotFound):
        await orders.mark_paid(999, via="admin")


async def test_cancelled_order_cannot_be_paid(db):
    order, _ = await placed_order()
    await orders.cancel(order.id, user_id=1)
    assert await orders.mark_paid(order.id, via="admin") is False
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID


async def test_choose_payment_method(db):
    order, _ = await placed_order()
    bank = await payment_methods.create("Bank", "🏦", "IBAN …")
    off = await payment_methods.create("Off")
    await payment_methods.toggle(off.id)
    assert (await orders.choose_payment_method(order.id, 1, bank.id)).name == "Bank"
    assert (await orders.get(order.id)).payment_method_id == bank.id
    with pytest.raises(NotFound):
        await orders.choose_payment_method(order.id, 1, off.id)
    await orders.mark_paid(order.id, via="admin")
    with pytest.raises(OrderNotPayable):
        await orders.choose_payment_method(order.id, 1, bank.id)
