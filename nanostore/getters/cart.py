"""The cart: its lines as rows of buttons (− name × qty + 🗑), totals, the admin's picture."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import cart
from nanostore.services.settings import ShopSettings
from nanostore.ui import default_registry as registry

from .screen_images import screen_content

NAME_ROOM = 24  # a line's label shares its row with three buttons


def line_buttons(item: cart.CartItem) -> list[dict]:
    """Four buttons per line; one `select` dispatches on the prefix of the id."""
    name = item.name if len(item.name) <= NAME_ROOM else item.name[:NAME_ROOM - 1] + "…"
    mark = "" if item.available else "⚠️ "
    return [{"id": f"dec:{item.product_id}", "label": "➖"},
            {"id": f"open:{item.product_id}", "label": f"{mark}{name} ×{item.quantity}"},
            {"id": f"inc:{item.product_id}", "label": "➕"},
            {"id": f"del:{item.product_id}", "label": "🗑"}]


@registry.getter("cart.view")
async def cart_view(dialog_manager: DialogManager, shop_user, shop: ShopSettings, **_) -> dict:
    view = await cart.view(shop_user.id)
    lines = [{"product_id": item.product_id, "name": item.name, "unit_price": item.unit_price,
              "quantity": item.quantity, "line_total": item.line_total, "available": item.available}
             for item in view.lines]
    return {"lines": lines, "buttons": [button for item in view.lines for button in line_buttons(item)],
            "subtotal": view.subtotal, "count": view.count, "is_empty": view.is_empty,
            "has_unavailable": any(not item.available for item in view.lines),
            # What checkout would sell: the count beside the total leaves unavailable lines out.
            "available_count": sum(item.quantity for item in view.lines if item.available),
            "nothing_available": not view.is_empty and not any(item.available for item in view.lines),
            "min_order": shop.min_order,
            **await screen_content("cart", shop_user, shop)}


def cart_has_items(data: dict) -> bool:
    # cart.view says `is_empty`; menu.profile and the catalog getters give `cart_count`.
    if "is_empty" in data:
        return not data["is_empty"]
    return bool(data.get("cart_count"))


@registry.condition("cart.not_empty")
def not_empty(data: dict, dialog_manager) -> bool:
    """Does the cart hold anything? (windows with cart.view, menu.profile or a catalog getter)"""
    return cart_has_items(data)


@registry.condition("cart.is_empty")
def is_empty(data: dict, dialog_manager) -> bool:
    """Is the cart empty? (windows with cart.view, menu.profile or a catalog getter)"""
    return not cart_has_items(data)
