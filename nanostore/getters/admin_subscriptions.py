"""A product's subscription plan and its subscribers and revenue, in the admin product card."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.start_ids import required_id
from nanostore.services import subscription_views, subscriptions
from nanostore.ui import default_registry as registry


@registry.getter("admin_subscriptions.plan")
async def plan(dialog_manager: DialogManager, **_) -> dict:
    """The plan (None: sold through the cart) and its figures."""
    product_id = required_id(dialog_manager.dialog_data, "product_id")
    found = await subscriptions.plan_of(product_id)
    stats = await subscription_views.product_stats(product_id)
    return {"plan": {"access": str(found.access), "chat_id": found.chat_id} if found else None,
            "stats": {"active": stats.active, "canceled": stats.canceled, "lapsed": stats.lapsed,
                      "revenue": stats.revenue, "periods": stats.periods}}
