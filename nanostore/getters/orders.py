"""My orders: the history one page at a time, and one order in full."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.domain import orders as order_rules
from nanostore.domain.orders import customer_can_cancel, is_payable
from nanostore.services import orders
from nanostore.services.errors import AccessDenied, NotFound
from nanostore.ui import default_registry as registry


@registry.getter("orders.page")
async def page(dialog_manager: DialogManager, shop_user, page: int = 0, page_size: int = 8,
               **_) -> dict:
    found = await orders.list_for_user(shop_user.id, page, page_size)
    return {"orders": [{"id": o.id, "status": str(o.status), "created_at": o.created_at,
                        "total": o.subtotal - o.discount} for o in found.items],
            "pages": found.pages, "total": found.total}


def timeline(status) -> list[dict]:
    return [{"status": str(step), "done": done} for step, done in order_rules.timeline(status)]


def _item(item, line) -> dict:
    # Protected goods are only re-sent (with protect_content), never shown in a forwardable text.
    return {"kind": str(item.kind), "content": item.content, "file_name": item.file_name,
            "protected": line.protect_content}


async def order_detail(order_id, user_id: int) -> orders.OrderDetail | None:
    """Someone else's order, a forged or stale id: None, shown as "not available"."""
    if not isinstance(order_id, int):
        return None
    try:
        return await orders.detail(order_id, user_id)
    except (NotFound, AccessDenied):
        return None


@registry.getter("orders.detail")
async def detail(dialog_manager: DialogManager, shop_user, **_) -> dict:
    found = await order_detail(dialog_manager.dialog_data.get("order_id"), shop_user.id)
    if found is None:
        return {"order": None, "lines": [], "timeline": [], "can_pay": False, "can_cancel": False,
                "has_resendable": False}
    order = found.order
    lines = [{"name": d.line.product_name, "quantity": d.line.quantity,
              "unit_price": d.line.unit_price, "total": d.line.unit_price * d.line.quantity,
              "delivered": [_item(item, d.line) for item in d.items]} for d in found.lines]
    return {
        "order": {"id": order.id, "status": str(order.status),
                  "payment_status": str(order.payment_status), "subtotal": order.subtotal,
                  "discount": order.discount, "wallet_used": order.wallet_used,
                  "amount_due": order.amount_due, "created_at": order.created_at,
                  "paid_at": order.paid_at, "delivered_at": order.delivered_at,
                  "cancelled_at": order.cancelled_at},
        "lines": lines, "timeline": timeline(order.status),
        "can_pay": is_payable(order), "can_cancel": customer_can_cancel(order),
        "has_resendable": any(item["kind"] == "file" or item["protected"]
                              for line in lines for item in line["delivered"]),
    }
