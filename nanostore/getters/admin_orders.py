"""Admin orders: a list filtered by status, and one order with its customer and items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram_dialog import DialogManager

from nanostore.db.models.enums import OrderStatus
from nanostore.domain.orders import awaits_delivery, is_open, is_refundable
from nanostore.services import order_filters, orders, stars, users
from nanostore.services.errors import NotFound
from nanostore.ui import default_registry as registry

if TYPE_CHECKING:
    from nanostore.services.users import User


def order_row(order) -> dict:
    return {"id": order.id, "status": str(order.status), "payment_status": str(order.payment_status),
            "amount_due": order.amount_due, "subtotal": order.subtotal, "discount": order.discount,
            "wallet_used": order.wallet_used, "user_id": order.user_id,
            "stars_amount": order.stars_amount, "created_at": order.created_at,
            "paid_at": order.paid_at, "delivered_at": order.delivered_at}


@registry.getter("admin_orders.page")
async def orders_page(dialog_manager: DialogManager, page: int = 0, page_size: int = 8,
                      **_) -> dict:
    chosen = order_filters.known(dialog_manager.dialog_data.get("filter"))
    counts = await order_filters.counts()
    listed = await order_filters.page(chosen, page, page_size)
    filters = [{"id": item.id, "count": counts[item.id], "chosen": item.id == chosen}
               for item in order_filters.FILTERS]
    return {"orders": [order_row(order) for order in listed.items], "filters": filters,
            "chosen": chosen, "total": listed.total, "page": listed.page, "pages": listed.pages}


def customer_row(user: User | None, user_id: int) -> dict:
    if user is None:
        return {"id": user_id, "username": None, "name": "", "balance": 0}
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return {"id": user.id, "username": user.username, "name": name, "balance": user.balance}


async def _customer(user_id: int) -> User | None:
    try:
        return await users.get(user_id)
    except NotFound:  # an order outlives a deleted account
        return None


def line_rows(detail) -> list[dict]:
    return [{"name": entry.line.product_name, "quantity": entry.line.quantity,
             "unit_price": entry.line.unit_price, "delivery_type": str(entry.line.delivery_type),
             "delivered": len(entry.items),
             "units": [{"kind": str(item.kind), "content": item.content, "file_name": item.file_name}
                       for item in entry.items]}
            for entry in detail.lines]


@registry.getter("admin_orders.detail")
async def order_detail(dialog_manager: DialogManager, shop_user=None, **_) -> dict:
    order_id = dialog_manager.dialog_data["order_id"]
    detail = await orders.detail(order_id, shop_user.id if shop_user else 0, is_admin=True)
    order = detail.order
    charge = await stars.charge_of(order_id)
    return {
        "order": order_row(order),
        "customer": customer_row(await _customer(order.user_id), order.user_id),
        "lines": line_rows(detail),
        "next_statuses": [{"id": str(status)} for status in orders.next_statuses(order.status)
                          if status is not OrderStatus.CANCELLED],
        "can_deliver": awaits_delivery(order),
        "can_cancel": is_open(order),
        "can_refund": charge is not None and is_refundable(order),
        "refund_unfinished": charge is not None and order.status == OrderStatus.REFUNDED,
        "stars_charged": charge.amount if charge else 0,
    }
