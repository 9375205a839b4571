"""Notify me / cancel the alert on an out-of-stock product's card."""

from __future__ import annotations

from nanostore.services import stock_alerts
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry

from .replies import note


@registry.action("stock_alerts.subscribe")
async def subscribe(ctx: ActionContext) -> None:
    added = await stock_alerts.subscribe(ctx.user.id, ctx.dialog_data.get("product_id", 0))
    note(ctx, "stock_alerts.added" if added else "stock_alerts.already")


@registry.action("stock_alerts.cancel")
async def cancel(ctx: ActionContext) -> None:
    await stock_alerts.cancel(ctx.user.id, ctx.dialog_data.get("product_id", 0))
    note(ctx, "stock_alerts.cancelled")
