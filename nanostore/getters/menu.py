"""The welcome splash and the main menu hub."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import cart, orders
from nanostore.ui import default_registry as registry


@registry.getter("menu.profile")
async def profile(dialog_manager: DialogManager, shop_user, is_admin: bool = False, shop=None,
                  **_) -> dict:
    # The User row comes from the identity middleware: the order and cart counts cost a query each.
    return {
        "user_id": shop_user.id,
        "name": shop_user.first_name or shop_user.username or str(shop_user.id),
        "username": shop_user.username,
        "balance": shop_user.balance,
        "orders_count": await orders.count_for_user(shop_user.id),
        "cart_count": await cart.count(shop_user.id),
        "is_admin": is_admin,
        "shop_name": shop.bot_name if shop else "",
        "welcome_text": shop.welcome_text if shop else "",
    }
