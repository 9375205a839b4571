"""Cancelling an order and giving back what it took: stock, the coupon use, the wallet part;
by the customer, by an admin, or by itself when its hold expired (services/holds).

The status change is a guarded UPDATE whose row count decides, so two taps (or a customer and
an admin at once) give everything back exactly once.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order, OrderLine
from nanostore.db.models.enums import LedgerReason, OrderStatus
from nanostore.domain.orders import CANCELLABLE_BY_CUSTOMER, OPEN_STATUSES
from nanostore.domain.staff import Actor

from . import coupons, ledger, staff, stock
from .delivery import delivered_counts
from .errors import AccessDenied, NotFound, OrderNotCancellable
from .events import OrderCancelled, publish


async def give_back(order: Order) -> None:
    """Return to stock the units not delivered, the coupon use and the wallet part.
    Call only after winning the guarded status change, inside its transaction."""
    delivered = await delivered_counts(order.id)
    lines = await OrderLine.filter(order_id=order.id, stock_counted=True).order_by("product_id")
    for line in lines:
        if line.product_id is not None:
            await stock.give_back(line.product_id, line.quantity - delivered.get(line.id, 0))
    await coupons.give_back(order.coupon_id, order.id)
    if order.wallet_used > 0:
        await ledger.credit(order.user_id, order.wallet_used, LedgerReason.ORDER_REFUND,
                            f"order:{order.id}")


async def expire(order_id: int, now: datetime) -> bool:
    """Cancel an unpaid order whose hold ran out (services/holds); False when it was paid,
    cancelled or its deadline moved meanwhile (the guarded UPDATE decides)."""
    async with in_transaction():
        order = await Order.get_or_none(id=order_id)
        if order is None:
            return False
        won = await Order.filter(id=order_id, hold_until__lte=now, **CANCELLABLE_BY_CUSTOMER).update(
            status=OrderStatus.CANCELLED, cancelled_at=now, expired_at=now)
        if won != 1:
            return False
        await give_back(order)
        await publish(OrderCancelled(order_id=order_id, user_id=order.user_id,
                                     previous_status=str(order.status), expired=True))
        return True


async def cancel(order_id: int, user_id: int | None = None, by: Actor | None = None) -> Order:
    """A customer (`user_id`) cancels their own unpaid order; staff with the orders role (`by`)
    any order not yet delivered."""
    if by is not None:
        staff.require(by, "orders")
    admin_id = by.id if by is not None else None
    async with in_transaction():
        order = await Order.get_or_none(id=order_id)
        if order is None:
            raise NotFound(entity="order", id=order_id)
        query = Order.filter(id=order_id, status__in=OPEN_STATUSES)
        if admin_id is None:
            if order.user_id != user_id:
                raise AccessDenied(entity="order", id=order_id)
            query = Order.filter(id=order_id, **CANCELLABLE_BY_CUSTOMER)
        if await query.update(status=OrderStatus.CANCELLED, cancelled_at=utc_now()) != 1:
            current = await Order.get(id=order_id)
            raise OrderNotCancellable(order_id=order_id, status=str(current.status),
                                      payment_status=str(current.payment_status))
        await give_back(order)
        await publish(OrderCancelled(order_id=order_id, user_id=order.user_id,
                                     previous_status=str(order.status), admin_id=admin_id))
        return await Order.get(id=order_id)
