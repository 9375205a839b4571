"""Percentage coupons: limited uses in total (0 = unlimited), once per person, optional expiry.

`validate` is a preview for the checkout screen; the real use is taken in checkout's transaction
by `redeem`, whose guarded UPDATE and unique redemption row hold under any concurrency.
"""

from __future__ import annotations

import re
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Coupon, CouponRedemption
from nanostore.domain import coupons as rules
from nanostore.domain.coupons import MAX_EXPIRY_DAYS, discount_for  # noqa: F401  (public here)
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import (
    AlreadyExists,
    CouponAlreadyUsed,
    CouponExhausted,
    CouponExpired,
    CouponInvalid,
    InvalidInput,
    NotFound,
)
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

CATALOG = "catalog"  # the staff role that changes them (Admin → Coupons: access catalog)
CODE = re.compile(r"^[A-Z0-9_-]{1,32}$")


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


def clean_code(code: str) -> str:
    code = normalize_code(code)
    if not CODE.match(code):
        raise InvalidInput(field="code", reason="format")
    return code


def check_percent(percent: int) -> int:
    if isinstance(percent, bool) or not isinstance(percent, int) or not 1 <= percent <= 100:
        raise InvalidInput(field="percent", reason="range", min=1, max=100)
    return percent


def check_max_uses(max_uses: int) -> int:
    if isinstance(max_uses, bool) or not isinstance(max_uses, int) or max_uses < 0:
        raise InvalidInput(field="max_uses", reason="non_negative_integer")
    return max_uses


def check_expiry(expires_at: datetime | None) -> datetime | None:
    if not rules.expiry_allowed(expires_at, utc_now()):
        raise InvalidInput(field="expires_at", reason="range", max_days=MAX_EXPIRY_DAYS)
    return expires_at


def expiry_from_text(text: str | None) -> datetime | None:
    """An admin's answer to "expires in how many days?": None for never (a word such as "no"
    or "never"); InvalidInput for anything but a whole number of days in range."""
    try:
        return rules.expiry_from_text(text, utc_now())
    except ValueError:
        raise InvalidInput(field="expires_at", reason="range", max_days=MAX_EXPIRY_DAYS) from None


def is_expired(coupon: Coupon) -> bool:
    return rules.is_expired(coupon, utc_now())


async def check_new_code(code: str) -> str:
    """The cleaned code if it is well formed and free (a wizard asks this first)."""
    code = clean_code(code)
    if await Coupon.exists(code=code):
        raise AlreadyExists(entity="coupon", code=code)
    return code


async def create(code: str, percent: int, max_uses: int = 0,
                 expires_at: datetime | None = None, by: Actor | None = None) -> Coupon:
    staff.check(by, CATALOG)
    code = clean_code(code)
    check_percent(percent)
    check_max_uses(max_uses)
    check_expiry(expires_at)
    if await Coupon.exists(code=code):
        raise AlreadyExists(entity="coupon", code=code)
    try:
        async with in_transaction():
            coupon = await Coupon.create(code=code, percent=percent, max_uses=max_uses,
                                         expires_at=expires_at)
            if by is not None:
                await audit.record(by.id, "coupon.create", coupon.id, after={
                    "code": code, "percent": percent, "max_uses": max_uses,
                    "expires_at": expires_at.isoformat() if expires_at else None})
            return coupon
    except IntegrityError:
        raise AlreadyExists(entity="coupon", code=code) from None


async def get(coupon_id: int) -> Coupon:
    coupon = await Coupon.get_or_none(id=coupon_id)
    if coupon is None:
        raise NotFound(entity="coupon", id=coupon_id)
    return coupon


async def toggle(coupon_id: int, by: Actor | None = None) -> bool:
    staff.check(by, CATALOG)
    async with in_transaction():
        coupon = await get(coupon_id)
        coupon.is_active = not coupon.is_active
        await coupon.save(update_fields=["is_active"])
        if by is not None:
            await audit.record(by.id, "coupon.toggle", coupon_id,
                               after={"is_active": coupon.is_active})
        return coupon.is_active


async def delete(coupon_id: int, by: Actor | None = None) -> None:
    # Orders keep their discount amount; their coupon link becomes NULL.
    staff.check(by, CATALOG)
    async with in_transaction():
        coupon = await get(coupon_id)
        await Coupon.filter(id=coupon_id).delete()
        if by is not None:
            await audit.record(by.id, "coupon.delete", coupon_id, before={"code": coupon.code})


async def list_all(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[Coupon]:
    """Newest first; `used_count` on each row is its number of uses."""
    return await paginate(Coupon.all().order_by("-created_at", "-id"), page, page_size)


def _check_usable(coupon: Coupon | None, code: str) -> Coupon:
    if coupon is None or not coupon.is_active:
        raise CouponInvalid(code=code)
    if is_expired(coupon):
        raise CouponExpired(code=code)
    if rules.is_used_up(coupon):
        raise CouponExhausted(code=code)
    return coupon


async def by_code(code: str) -> Coupon:
    coupon = await Coupon.get_or_none(code=normalize_code(code))
    if coupon is None:
        raise CouponInvalid(code=normalize_code(code))
    return coupon


async def validate(code: str, user_id: int) -> Coupon:
    code = normalize_code(code)
    coupon = _check_usable(await Coupon.get_or_none(code=code), code)
    if await CouponRedemption.exists(coupon_id=coupon.id, user_id=user_id):
        raise CouponAlreadyUsed(code=code)
    return coupon


async def redeem(coupon: Coupon, user_id: int, order_id: int) -> None:
    """Take one use (joining the caller's transaction), or raise and change nothing."""
    async with in_transaction():
        taken = await Coupon.filter(
            Q(max_uses=0) | Q(used_count__lt=F("max_uses")),
            Q(expires_at=None) | Q(expires_at__gt=utc_now()),
            id=coupon.id, is_active=True,
        ).update(used_count=F("used_count") + 1)
        if taken != 1:
            _check_usable(await Coupon.get_or_none(id=coupon.id), coupon.code)
            raise CouponExhausted(code=coupon.code)
        try:
            # Its own savepoint: on PostgreSQL a failed INSERT would poison the transaction.
            async with in_transaction():
                await CouponRedemption.create(coupon_id=coupon.id, user_id=user_id,
                                              order_id=order_id)
        except IntegrityError:
            raise CouponAlreadyUsed(code=coupon.code) from None


async def restore(coupon_id: int | None, user_id: int, order_id: int) -> None:
    """Count the use again for an order that comes back to life (paid after its hold expired):
    the customer paid the discounted price, so it is honoured even if the coupon ran out since."""
    if coupon_id is None or await CouponRedemption.exists(coupon_id=coupon_id, order_id=order_id):
        return
    try:
        async with in_transaction():  # its own savepoint, as in redeem
            await CouponRedemption.create(coupon_id=coupon_id, user_id=user_id, order_id=order_id)
    except IntegrityError:  # the person used the coupon again meanwhile: that use counts
        return
    await Coupon.filter(id=coupon_id).update(used_count=F("used_count") + 1)


async def give_back(coupon_id: int | None, order_id: int) -> None:
    """Undo the use taken for an order (cancel, refund); does nothing if there was none."""
    if coupon_id is None:
        return
    if await CouponRedemption.filter(coupon_id=coupon_id, order_id=order_id).delete():
        await Coupon.filter(id=coupon_id, used_count__gt=0).update(used_count=F("used_count") - 1)
