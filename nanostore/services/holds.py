"""Holds that expire: a confirmed, unpaid order keeps its stock for the shop's hold time, the
customer is reminded shortly before the deadline, and at the deadline the order is cancelled
by itself and gives back everything it took, exactly as a manual cancel does.

The deadline (orders.hold_until) is written when the order is placed, so it survives restarts;
the background job (bot/hold_keeper) runs `run_once` on one instance at a time. Each change is
a guarded UPDATE: an expiry racing a payment, or two instances at once, change a row once.
A payment already in flight when the hold ran out (a Stars or card charge after its
pre-checkout) revives the order if everything it took is still there (`revive`, called by
orders.mark_paid); otherwise the payment is refused by the caller's rules (refunded, or kept
and reported).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order, OrderLine
from nanostore.db.models.enums import LedgerReason, OrderStatus, PaymentStatus
from nanostore.domain.orders import PAYABLE

from . import coupons, ledger, order_cancel, settings, stock
from .columns import column
from .errors import InsufficientBalance, TooManyUnpaidOrders
from .outbox import notify_user
from .settings import ShopSettings

REMIND_BEFORE = timedelta(minutes=5)  # or a third of the hold, for holds shorter than 15 min


def deadline(shop: ShopSettings, placed_at: datetime) -> datetime | None:
    """When an order placed now stops holding its stock; None when holds are off."""
    return placed_at + timedelta(minutes=shop.hold_minutes) if shop.hold_minutes else None


def minutes_left(order: Order, now: datetime | None = None) -> int | None:
    """Whole minutes (rounded up) the customer still has to pay; None without a deadline."""
    if order.hold_until is None:
        return None
    seconds = (order.hold_until - (now or utc_now())).total_seconds()
    return max(0, int(-(-seconds // 60)))


async def check_open_limit(user_id: int) -> None:
    """Refuse a new order while the customer has as many unpaid ones as the shop allows."""
    limit = (await settings.load()).max_unpaid_orders
    if limit and await Order.filter(user_id=user_id, **PAYABLE).count() >= limit:
        raise TooManyUnpaidOrders(limit=limit)


async def run_once(now: datetime | None = None) -> tuple[int, int]:
    """Remind those whose deadline is near, expire those past it: (reminded, expired)."""
    now = now or utc_now()
    reminded = sum([await _remind(order, now) for order in await _near_deadline(now)])
    expired = 0
    for order_id in await column(Order.filter(hold_until__lte=now, **PAYABLE).order_by("id"), "id"):
        expired += await order_cancel.expire(order_id, now)
    return reminded, expired


async def _near_deadline(now: datetime) -> list[Order]:
    # A third of the hold when it is short: a 6-minute hold is not reminded at once.
    hold = timedelta(minutes=(await settings.load()).hold_minutes)
    before = min(REMIND_BEFORE, hold / 3) if hold else REMIND_BEFORE
    return await Order.filter(reminded_at=None, hold_until__gt=now, hold_until__lte=now + before,
                              **PAYABLE)


async def _remind(order: Order, now: datetime) -> bool:
    if await Order.filter(id=order.id, reminded_at=None, **PAYABLE).update(reminded_at=now) != 1:
        return False
    await notify_user(order.user_id, "order_hold_reminder", order_id=order.id,
                      amount=order.amount_due, minutes=minutes_left(order, now))
    return True


async def expired(order_id: int) -> bool:
    """Was this order cancelled because its hold ran out (and not revived since)?"""
    return await Order.filter(id=order_id, expired_at__isnull=False).exists()


async def revive(order_id: int) -> bool:
    """Reopen an order its hold's expiry cancelled, taking again its stock and wallet part and
    counting its coupon use; all or nothing. Call inside the payment's transaction."""
    order = await Order.get_or_none(id=order_id)
    if order is None or order.expired_at is None or order.payment_status != PaymentStatus.UNPAID:
        return False
    try:
        async with in_transaction():  # a savepoint: a unit that is gone undoes the rest
            reopened = await Order.filter(id=order_id, status=OrderStatus.CANCELLED,
                                          payment_status=PaymentStatus.UNPAID,
                                          expired_at__isnull=False).update(
                status=OrderStatus.PENDING, cancelled_at=None, expired_at=None, hold_until=None)
            if reopened != 1:
                return False
            await _take_again(order)
    except (_Gone, InsufficientBalance):
        return False
    return True


class _Gone(Exception):
    """A unit the order held was sold to someone else after its hold expired."""


async def _take_again(order: Order) -> None:
    lines = await OrderLine.filter(order_id=order.id, stock_counted=True).order_by("product_id")
    for line in lines:
        if line.product_id is not None and not await stock.take(line.product_id, line.quantity):
            raise _Gone()
    if order.wallet_used:
        await ledger.debit(order.user_id, order.wallet_used, LedgerReason.ORDER_PAYMENT,
                           f"order:{order.id}")
    await coupons.restore(order.coupon_id, order.user_id, order.id)
