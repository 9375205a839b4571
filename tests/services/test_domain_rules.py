"""The shop's rules in nanostore/domain, each with the cases that would fail if it changed, and
the services that must apply them (a coupon's expiry range is refused by the service itself,
not only by the admin's wizard)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.domain import coupons as coupon_rules
from nanostore.domain import orders as order_rules
from nanostore.domain.wallet import topup_bonus
from nanostore.services import coupons
from nanostore.services.errors import InvalidInput

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def order(status=OrderStatus.PENDING, payment=PaymentStatus.UNPAID, due=1000):
    return SimpleNamespace(status=status, payment_status=payment, amount_due=due)


@pytest.mark.parametrize(("status", "payment", "due", "payable", "cancellable", "deliverable"), [
    (OrderStatus.PENDING, PaymentStatus.UNPAID, 1000, True, True, False),
    (OrderStatus.CONFIRMED, PaymentStatus.UNPAID, 1000, True, True, False),
    (OrderStatus.PENDING, PaymentStatus.UNPAID, 0, False, True, False),
    (OrderStatus.PENDING, PaymentStatus.AWAITING_REVIEW, 1000, False, False, False),
    (OrderStatus.CONFIRMED, PaymentStatus.PAID, 1000, False, False, True),
    (OrderStatus.PROCESSING, PaymentStatus.PAID, 1000, False, False, True),
    (OrderStatus.DELIVERED, PaymentStatus.PAID, 1000, False, False, False),
    (OrderStatus.CANCELLED, PaymentStatus.UNPAID, 1000, False, False, False),
])
def test_what_an_order_allows(status, payment, due, payable, cancellable, deliverable):
    subject = order(status, payment, due)
    assert order_rules.is_payable(subject) is payable
    assert order_rules.customer_can_cancel(subject) is cancellable
    assert order_rules.awaits_delivery(subject) is deliverable


def test_each_predicate_matches_its_query_form():
    """The guarded UPDATEs use the filter form: both must say the same."""
    def matches(filters: dict, subject) -> bool:
        return all(
            getattr(subject, key.removesuffix("__in")) in value if key.endswith("__in")
            else getattr(subject, key.removesuffix("__gt")) > value if key.endswith("__gt")
            else getattr(subject, key) == value
            for key, value in filters.items())
    pairs = [(order_rules.PAYABLE, order_rules.is_payable),
             (order_rules.CANCELLABLE_BY_CUSTOMER, order_rules.customer_can_cancel),
             (order_rules.AWAITING_DELIVERY, order_rules.awaits_delivery),
             (order_rules.REFUND_STARS, order_rules.is_refundable)]
    for status in OrderStatus:
        for payment in PaymentStatus:
            for due in (0, 1):
                subject = order(status, payment, due)
                for filters, predicate in pairs:
                    assert matches(filters, subject) == predicate(subject), (filters, subject)


def test_refunds_follow_delivery_but_not_cancellation():
    assert order_rules.is_refundable(order(OrderStatus.DELIVERED, PaymentStatus.PAID))
    assert not order_rules.is_refundable(order(OrderStatus.CANCELLED, PaymentStatus.PAID))
    assert not order_rules.is_refundable(order(OrderStatus.CONFIRMED, PaymentStatus.UNPAID))


def test_timeline_marks_the_steps_reached():
    assert order_rules.timeline(OrderStatus.CONFIRMED) == [
        (OrderStatus.PENDING, True), (OrderStatus.CONFIRMED, True),
        (OrderStatus.PROCESSING, False), (OrderStatus.DELIVERED, False)]
    assert order_rules.timeline(OrderStatus.CANCELLED) == [
        (OrderStatus.PENDING, True), (OrderStatus.CANCELLED, True)]


def test_topup_bonus_rounds_down():
    assert topup_bonus(1000, 10) == 100
    assert topup_bonus(999, 10) == 99
    assert topup_bonus(1000, 0) == 0


def coupon(expires_at=None, max_uses=0, used=0):
    return SimpleNamespace(expires_at=expires_at, max_uses=max_uses, used_count=used)


def test_coupon_expiry_and_uses():
    assert not coupon_rules.is_expired(coupon(), NOW)
    assert coupon_rules.is_expired(coupon(NOW), NOW)
    assert not coupon_rules.is_expired(coupon(NOW + timedelta(seconds=1)), NOW)
    assert not coupon_rules.is_used_up(coupon(max_uses=0, used=99))
    assert coupon_rules.is_used_up(coupon(max_uses=2, used=2))
    assert coupon_rules.discount_for(999, 10) == 99


@pytest.mark.parametrize(("typed", "expected"), [
    ("7", NOW + timedelta(days=7)), (" 3650 ", NOW + timedelta(days=3650)),
    ("never", None), ("НЕТ", None), ("-", None), ("0", None),
])
def test_expiry_typed_by_an_admin(typed, expected):
    assert coupon_rules.expiry_from_text(typed, NOW) == expected


@pytest.mark.parametrize("typed", ["3651", "-3", "1.5", "tomorrow", "", None])
def test_expiry_out_of_range_or_not_a_number(typed):
    if typed in ("", None):  # nothing typed: no word for "never", not a number
        with pytest.raises(ValueError):
            coupon_rules.expiry_from_text(typed, NOW)
        return
    with pytest.raises(ValueError):
        coupon_rules.expiry_from_text(typed, NOW)


async def test_the_service_refuses_an_expiry_in_the_past_or_too_far(db):
    from tortoise.timezone import now as utc_now

    with pytest.raises(InvalidInput):
        await coupons.create("PAST", 10, expires_at=utc_now() - timedelta(minutes=1))
    with pytest.raises(InvalidInput):
        await coupons.create("FAR", 10, expires_at=utc_now() + timedelta(days=3651))
    with pytest.raises(InvalidInput):
        coupons.expiry_from_text("99999")
    assert (await coupons.create("SOON", 10, expires_at=utc_now() + timedelta(days=1))).code == "SOON"


def product(active=True, category_active=True, mode="counted", stock=5):
    from nanostore.db.models.enums import StockMode
    return SimpleNamespace(is_active=active, category=SimpleNamespace(is_active=category_active),
                           stock_mode=StockMode(mode), stock=stock)


def test_what_can_be_sold():
    from nanostore.domain import products as product_rules

    assert product_rules.can_sell(product(stock=5), 5)
    assert not product_rules.can_sell(product(stock=5), 6)
    assert not product_rules.can_sell(product(category_active=False), 1)
    assert not product_rules.can_sell(product(active=False), 1)
    assert product_rules.can_sell(product(mode="unlimited", stock=0), 10_000)
    assert product_rules.available_units(product(stock=-2)) == 0
    assert [product_rules.stock_label(product(stock=s), 3) for s in (0, 3, 4)] == [
        "out_of_stock", "low_stock", "in_stock"]
    assert product_rules.stock_label(product(mode="unlimited"), 3) == "unlimited"
