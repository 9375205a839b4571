"""Subscriptions on the product card (the offer and the invoice link made for it) and the
customer's My subscriptions."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import subscription_views, subscriptions
from nanostore.ui import default_registry as registry


@registry.getter("subscriptions.offer")
async def offer(dialog_manager: DialogManager, **_) -> dict:
    """One statement: the plan with the product's monthly Stars price."""
    product_id = dialog_manager.dialog_data.get("product_id", 0)
    amount = await subscriptions.card_offer(product_id)
    links = dialog_manager.dialog_data.get("subscription_links") or {}
    return {"subscription": {"amount": amount} if amount else None,
            "subscription_link": links.get(str(product_id))}


@registry.getter("subscriptions.mine")
async def mine(dialog_manager: DialogManager, shop_user, **_) -> dict:
    """The customer's subscriptions, newest first, and which can be stopped or resumed."""
    rows = await subscription_views.of_user(shop_user.id)
    views = [{"id": row.id, "name": row.product_name, "status": row.status,
              "expires_at": row.expires_at, "amount": row.amount, "access": row.access}
             for row in rows]
    return {"subscriptions": views,
            "cancelable": [v for v in views if v["status"] == "active"],
            "resumable": [v for v in views if v["status"] == "canceled"]}
