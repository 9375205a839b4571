"""Orders after checkout: reading them, paying them once, choosing how to pay.

Cancelling (order_cancel.py) and admin status changes (order_status.py) are written in their
own modules to keep files small, and exposed here: callers use `orders.cancel`, `orders.set_status`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import DeliveryItem, Order, OrderLine, PaymentMethod
from nanostore.db.models.enums import OrderStatus, PaymentStatus
from nanostore.db.prepared import Prepared
from nanostore.domain.orders import OPEN_STATUSES, PAYABLE, SETTLEABLE, UNSETTLED  # noqa: F401

from . import holds
from .errors import AccessDenied, NotFound, OrderNotPayable
from .events import OrderPaid, publish
from .order_cancel import cancel  # noqa: F401  (public here: one feature, one module name)
from .order_status import ALLOWED, next_statuses, set_status  # noqa: F401  (likewise)
from .paging import DEFAULT_PAGE_SIZE, Page, paginate


@dataclass(frozen=True)
class LineDetail:
    line: OrderLine
    items: list[DeliveryItem]


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[LineDetail]


async def get(order_id: int) -> Order:
    order = await Order.get_or_none(id=order_id)
    if order is None:
        raise NotFound(entity="order", id=order_id)
    return order


async def owned(order_id: int, user_id: int) -> Order:
    """The order if it belongs to `user_id`; someone else's order is AccessDenied."""
    order = await get(order_id)
    if order.user_id != user_id:
        raise AccessDenied(entity="order", id=order_id)
    return order


async def list_for_user(user_id: int, page: int = 0,
                        page_size: int = DEFAULT_PAGE_SIZE) -> Page[Order]:
    return await paginate(Order.filter(user_id=user_id).order_by("-created_at", "-id"),
                          page, page_size)


# The menu shows it on every visit: SQL built once.
_COUNT_FOR_USER = Prepared(Order, lambda user_id: Order.filter(user_id=user_id).count())


async def count_for_user(user_id: int) -> int:
    return int((await _COUNT_FOR_USER.rows(user_id))[0][0])


async def detail(order_id: int, viewer_id: int, is_admin: bool = False) -> OrderDetail:
    order = await get(order_id) if is_admin else await owned(order_id, viewer_id)
    lines = await OrderLine.filter(order_id=order_id).order_by("id")
    items = await DeliveryItem.filter(order_line__order_id=order_id).order_by("id")
    return OrderDetail(order=order, lines=[
        LineDetail(line=line, items=[item for item in items if item.order_line_id == line.id])
        for line in lines])


async def choose_payment_method(order_id: int, user_id: int, method_id: int) -> PaymentMethod:
    await owned(order_id, user_id)
    method = await PaymentMethod.get_or_none(id=method_id, is_active=True)
    if method is None:
        raise NotFound(entity="payment_method", id=method_id)
    chosen = await Order.filter(id=order_id, user_id=user_id, **PAYABLE).update(
        payment_method_id=method_id)
    if chosen != 1:
        raise OrderNotPayable(order_id=order_id)
    return method


async def mark_paid(order_id: int, via: str) -> bool:
    """Mark the order paid and publish OrderPaid (followers.py: the customer and admins are
    told, the referrer rewarded, the order delivered), all in one transaction. Returns whether
    this call did it: a second call (double tap, duplicate payment) is a no-op."""
    async with in_transaction():
        paid = await Order.filter(id=order_id, **SETTLEABLE).update(
            payment_status=PaymentStatus.PAID, paid_at=utc_now())
        if paid != 1 and await holds.revive(order_id):  # paid just after its hold ran out
            paid = await Order.filter(id=order_id, **SETTLEABLE).update(
                payment_status=PaymentStatus.PAID, paid_at=utc_now())
        if paid != 1:
            await get(order_id)  # NotFound for a wrong id; otherwise it was paid already
            return False
        await Order.filter(id=order_id, status=OrderStatus.PENDING).update(
            status=OrderStatus.CONFIRMED)
        order = await get(order_id)
        await publish(OrderPaid(order_id=order_id, user_id=order.user_id, amount=order.amount_due,
                                currency=order.currency, via=via))
    return True

