"""Handing over what was bought: keys from the pool for auto lines, admin content for the rest.

Each pool item is claimed by a conditional UPDATE on `order_line_id IS NULL`, so an item reaches
exactly one line however many orders are delivered at once. Delivering an order first touches
its row with a guarded UPDATE: on PostgreSQL that row lock queues a second delivery of the same
order until the first commits, and the second then sees the order delivered (or its claims).
"""

from __future__ import annotations

from tortoise.functions import Count
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import DeliveryItem, Order, OrderLine
from nanostore.db.models.enums import DeliveryType, ItemKind, OrderStatus
from nanostore.domain.orders import AWAITING_DELIVERY, OPEN_STATUSES, awaits_delivery
from nanostore.domain.staff import Actor

from . import admin_alerts, staff, stock
from .columns import column
from .errors import InvalidInput, InvalidTransition, NotFound
from .events import ItemsDelivered, publish
from .outbox import notify_admins


def item_payload(item: DeliveryItem, line: OrderLine) -> dict:
    return {"line_id": line.id, "product_name": line.product_name, "kind": str(item.kind),
            "content": item.content, "file_name": item.file_name,
            "protect_content": line.protect_content}


async def delivered_counts(order_id: int) -> dict[int, int]:
    rows = await (DeliveryItem.filter(order_line__order_id=order_id).annotate(units=Count("id"))
                  .group_by("order_line_id").values("order_line_id", "units"))
    return {row["order_line_id"]: row["units"] for row in rows}


async def unclaimed(product_id: int, limit: int) -> list[DeliveryItem]:
    return await (DeliveryItem.filter(product_id=product_id, order_line_id=None)
                  .order_by("id").limit(limit))


async def _claim(line: OrderLine, wanted: int) -> list[DeliveryItem]:
    claimed: list[DeliveryItem] = []
    while line.product_id is not None and len(claimed) < wanted:
        candidates = await unclaimed(line.product_id, wanted - len(claimed))
        if not candidates:
            break
        for item in candidates:
            # Another order may have taken this one since the SELECT: the row count tells.
            if await DeliveryItem.filter(id=item.id, order_line_id=None).update(
                    order_line_id=line.id, delivered_at=utc_now()) == 1:
                claimed.append(item)
    return claimed


async def _deliver_auto_line(order: Order, line: OrderLine, already: int) -> tuple[list[dict], bool]:
    """Returns the new items' payloads and whether the line is complete."""
    wanted = line.quantity - already
    if wanted <= 0:
        return [], True
    items = await _claim(line, wanted)
    if items and line.product_id is not None:
        await stock.alert_if_pool_low(line.product_id, line.product_name, len(items),
                                      stock_counted=line.stock_counted)
    if len(items) < wanted:
        await notify_admins("delivery_pool_empty", order_id=order.id, user_id=order.user_id,
                            product_id=line.product_id, product_name=line.product_name,
                            missing=wanted - len(items))
    return [item_payload(item, line) for item in items], len(items) == wanted


async def deliver_order(order_id: int) -> bool:
    """Deliver what the pool can; True when the order is now delivered. Safe to call again
    (start-up recovery, after refilling the pool): delivered units are never handed out twice."""
    async with in_transaction():
        touched = await Order.filter(id=order_id, **AWAITING_DELIVERY).update(updated_at=utc_now())
        if touched != 1:
            return False
        order = await Order.get(id=order_id)
        already = await delivered_counts(order_id)
        sent: list[dict] = []
        complete = True
        for line in await OrderLine.filter(order_id=order_id).order_by("id"):
            if line.delivery_type != DeliveryType.AUTO:
                complete = False  # an admin delivers it and says when the order is done
                continue
            items, line_complete = await _deliver_auto_line(order, line, already.get(line.id, 0))
            sent += items
            complete = complete and line_complete
        if sent:
            await publish(ItemsDelivered(order_id=order_id, user_id=order.user_id, items=sent))
        if complete:
            await Order.filter(id=order_id, status__in=OPEN_STATUSES).update(
                status=OrderStatus.DELIVERED, delivered_at=utc_now())
        else:
            await Order.filter(id=order_id, status__in=OPEN_STATUSES[:2]).update(
                status=OrderStatus.PROCESSING)
        return complete


async def _line_for_manual_delivery(order_id: int, line_id: int | None) -> OrderLine:
    if line_id is not None:
        line = await OrderLine.get_or_none(id=line_id, order_id=order_id)
        if line is None:
            raise NotFound(entity="order_line", id=line_id)
        return line
    lines = await OrderLine.filter(order_id=order_id).order_by("id")
    already = await delivered_counts(order_id)
    waiting = [line for line in lines if already.get(line.id, 0) < line.quantity]
    # Manual lines first: they are what the admin is usually delivering.
    waiting.sort(key=lambda line: line.delivery_type != DeliveryType.MANUAL)
    return (waiting or lines)[0]


async def _all_lines_complete(order_id: int) -> bool:
    delivered = await delivered_counts(order_id)
    lines = await OrderLine.filter(order_id=order_id).values_list("id", "quantity")
    return all(delivered.get(line_id, 0) >= quantity for line_id, quantity in lines)


async def deliver_manually(order_id: int, by: Actor, text: str | None = None,
                           file_id: str | None = None, file_name: str | None = None,
                           line_id: int | None = None, finish: bool | None = True) -> DeliveryItem:
    """Send the customer text or a file for one line of a paid order; `finish` marks the whole
    order delivered (the admin says when they are done); None marks it delivered once every
    line has all its units."""
    staff.require(by, "orders")  # behind the screens' access: orders
    admin_id = by.id
    if bool(text and text.strip()) == bool(file_id):
        raise InvalidInput(field="content", reason="text_or_file")
    async with in_transaction():
        order = await Order.get_or_none(id=order_id)
        if order is None:
            raise NotFound(entity="order", id=order_id)
        if not awaits_delivery(order):
            raise InvalidTransition(order_id=order_id, current=str(order.status), to="delivered")
        line = await _line_for_manual_delivery(order_id, line_id)
        item = await DeliveryItem.create(
            product_id=line.product_id, kind=ItemKind.FILE if file_id else ItemKind.TEXT,
            content=file_id or (text or "").strip(), file_name=file_name, order_line_id=line.id,
            delivered_at=utc_now())
        await publish(ItemsDelivered(order_id=order_id, user_id=order.user_id,
                                     items=[item_payload(item, line)], admin_id=admin_id))
        if finish is None:
            finish = await _all_lines_complete(order_id)
        if finish:
            await Order.filter(id=order_id, status__in=OPEN_STATUSES).update(
                status=OrderStatus.DELIVERED, delivered_at=utc_now())
            await admin_alerts.decided(admin_alerts.ORDER, order_id, admin_alerts.DELIVERED,
                                       admin_id)
        return item


async def pending_deliveries() -> list[int]:
    """Paid orders not yet delivered, oldest first: retried at start-up."""
    return await column(Order.filter(**AWAITING_DELIVERY).order_by("paid_at", "id"), "id")
