"""Admin status changes along an explicit map; the customer hears of every change."""

from __future__ import annotations

from typing import Any

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import DeliveringUnpaid, InvalidTransition, NotFound
from .order_cancel import cancel
from .outbox import notify_user

S = OrderStatus
ORDERS = "orders"  # the staff role that changes an order
ALLOWED = {
    S.PENDING: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.PROCESSING, S.CANCELLED},
    S.PROCESSING: {S.DELIVERED, S.CANCELLED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}


def next_statuses(current: OrderStatus) -> list[OrderStatus]:
    """What the admin screen offers, in the map's order."""
    return [status for status in OrderStatus if status in ALLOWED[OrderStatus(current)]]


async def set_status(order_id: int, by: Actor, new_status: OrderStatus,
                     unpaid_ok: bool = False) -> Order:
    """`unpaid_ok`: the admin confirmed that an unpaid order is delivered and stays unpaid."""
    staff.require(by, ORDERS)  # behind the screens' access: orders
    admin_id = by.id
    new_status = OrderStatus(new_status)
    if new_status is S.CANCELLED:
        # Cancelling gives back stock, coupon and wallet: one path for it.
        return await cancel(order_id, by=by)
    async with in_transaction():
        order = await Order.get_or_none(id=order_id)
        if order is None:
            raise NotFound(entity="order", id=order_id)
        if new_status not in ALLOWED[order.status]:
            raise InvalidTransition(order_id=order_id, current=str(order.status), to=str(new_status))
        unpaid = order.payment_status != PaymentStatus.PAID
        if new_status is S.DELIVERED and unpaid and not unpaid_ok:
            raise DeliveringUnpaid(order_id=order_id)
        changes: dict[str, Any] = {"status": new_status}
        if new_status is S.DELIVERED:
            changes["delivered_at"] = utc_now()
        # Guarded on the status read: a concurrent change makes this one fail, not overwrite.
        if await Order.filter(id=order_id, status=order.status).update(**changes) != 1:
            raise InvalidTransition(order_id=order_id, current="changed", to=str(new_status))
        await notify_user(order.user_id, "order_status", order_id=order_id, status=str(new_status),
                          by="admin")
        after = {"status": str(new_status)}
        if new_status is S.DELIVERED and unpaid:
            after["payment_status"] = str(order.payment_status)  # delivered on trust, on record
        await audit.record(admin_id, "order.status", order_id, before={"status": str(order.status)},
                           after=after)
        return await Order.get(id=order_id)
