import asyncio
from datetime import timedelta

import pytest
from tortoise.timezone import now as utc_now

from nanostore.db.models import Coupon, CouponRedemption, Order
from nanostore.services import checkout, coupons
from nanostore.services.errors import (
    AlreadyExists,
    CouponAlreadyUsed,
    CouponExhausted,
    CouponExpired,
    CouponInvalid,
    InvalidInput,
)
from tests.fixtures.ledger import assert_balances_match_ledger, in_cart, people, person, product

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def test_create_normalizes_code_and_refuses_duplicates(db):
    coupon = await coupons.create("  spring10 ", 10)
    assert coupon.code == "SPRING10"
    with pytest.raises(AlreadyExists):
        await coupons.create("Spring10", 20)
    for bad in ({"code": "x", "percent": 0}, {"code": "x", "percent": 101},
                {"code": "bad code", "percent": 5}, {"code": "x", "percent": 5, "max_uses": -1}):
        with pytest.raises(InvalidInput):
            await coupons.create(**bad)


async def test_discount_rounds_down(db):
    assert coupons.discount_for(999, 10) == 99
    assert coupons.discount_for(1, 50) == 0
    assert coupons.discount_for(1000, 100) == 1000


async def test_validate_refuses_unknown_inactive_expired_exhausted(db):
    await person(1)
    with pytest.raises(CouponInvalid):
        await coupons.validate("NOPE", 1)
    off = await coupons.create("OFF", 10)
    await coupons.toggle(off.id)
    with pytest.raises(CouponInvalid):
        await coupons.validate("off", 1)
    old = await coupons.create("OLD", 10, expires_at=utc_now() + timedelta(days=1))
    await Coupon.filter(id=old.id).update(expires_at=utc_now() - timedelta(minutes=1))
    with pytest.raises(CouponExpired):
        await coupons.validate("old", 1)
    full = await coupons.create("FULL", 10, max_uses=1)
    await Coupon.filter(id=full.id).update(used_count=1)
    with pytest.raises(CouponExhausted):
        await coupons.validate("full", 1)
    ok = await coupons.create("OK", 10, expires_at=utc_now() + timedelta(days=1))
    assert (await coupons.validate("ok", 1)).id == ok.id


async def test_expired_or_inactive_coupon_is_refused_at_checkout_too(db):
    await person(1)
    await in_cart(1, (await product(price=1000), 1))
    coupon = await coupons.create("LATE", 10, expires_at=utc_now() + timedelta(days=1))
    await Coupon.filter(id=coupon.id).update(expires_at=utc_now() - timedelta(seconds=1))
    with pytest.raises(CouponExpired):
        await checkout.place_order(1, "t1", coupon_code="late")
    await Coupon.filter(id=coupon.id).update(expires_at=None, is_active=False)
    with pytest.raises(CouponInvalid):
        await checkout.place_order(1, "t2", coupon_code="late")
    assert await Order.all().count() == 0


async def test_redeem_guard_refuses_expired_even_if_validated_before(db):
    # The preview passed, then the coupon expired: the guarded UPDATE still says no.
    user = await person(1)
    coupon = await coupons.create("EDGE", 10)
    await Coupon.filter(id=coupon.id).update(expires_at=utc_now() - timedelta(seconds=1))
    with pytest.raises(CouponExpired):
        await coupons.redeem(coupon, user.id, order_id=1)


async def test_coupon_once_per_person(db):
    await person(1)
    key = await product(price=1000)
    await coupons.create("ONCE", 10)
    await in_cart(1, (key, 1))
    order = await checkout.place_order(1, "first", coupon_code="once")
    assert order.discount == 100
    with pytest.raises(CouponAlreadyUsed):
        await coupons.validate("ONCE", 1)
    await in_cart(1, (key, 1))
    with pytest.raises(CouponAlreadyUsed):
        await checkout.place_order(1, "second", coupon_code="once")
    assert await Order.all().count() == 1


async def test_redemption_row_is_the_once_per_person_guard(db):
    # Even when the preview is skipped, the unique redemption row refuses a second use.
    await person(1)
    coupon = await coupons.create("ONCE", 10)
    await in_cart(1, (await product(), 1))
    order = await checkout.place_order(1, "a", coupon_code="once")
    with pytest.raises(CouponAlreadyUsed):
        await coupons.redeem(coupon, 1, order.id)
    assert (await Coupon.get(id=coupon.id)).used_count == 1


async def test_max_uses_hold_under_thirty_concurrent_checkouts(db):
    buyers = await people(30)
    key = await product(price=1000)
    coupon = await coupons.create("FIVE", 10, max_uses=5)
    for buyer in buyers:
        await in_cart(buyer, (key, 1))

    async def buy(buyer):
        try:
            await checkout.place_order(buyer, f"token-{buyer}", coupon_code="five")
            return True
        except CouponExhausted:
            return False

    results = await asyncio.gather(*(buy(buyer) for buyer in buyers))
    assert sum(results) == 5
    assert (await Coupon.get(id=coupon.id)).used_count == 5
    assert await CouponRedemption.all().count() == 5
    assert await Order.all().count() == 5


async def test_list_shows_usage(db):
    await coupons.create("A", 10, max_uses=3)
    b = await coupons.create("B", 20)
    await Coupon.filter(id=b.id).update(used_count=7)
    page = await coupons.list_all()
    assert {c.code: c.used_count for c in page.items} == {"A": 0, "B": 7}
    await coupons.delete(b.id)
    assert (await coupons.list_all()).total == 1
    await assert_balances_match_ledger()
