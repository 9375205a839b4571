"""Subscribing from the product card (an invoice link with Telegram's subscription period), and
stopping or resuming renewals from My subscriptions."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice

from nanostore.bot import subscription_payments
from nanostore.services import subscriptions
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry

from .replies import note
from .shop_deps import deps


@registry.action("subscriptions.subscribe")
async def subscribe(ctx: ActionContext) -> None:
    """One link per product per card: a double tap shows the same link, not a second one."""
    product_id = ctx.dialog_data.get("product_id", 0)
    links = ctx.dialog_data.setdefault("subscription_links", {})
    offer = await subscriptions.offer(product_id, ctx.user.id)
    if str(product_id) in links:
        return
    links[str(product_id)] = await deps(ctx).bot.create_invoice_link(
        title=offer.title, description=offer.title, payload=offer.payload,
        currency=offer.currency, prices=[LabeledPrice(label=offer.title, amount=offer.amount)],
        subscription_period=offer.period)


@registry.action("subscriptions.cancel")
async def cancel(ctx: ActionContext) -> None:
    """Stops renewing at Telegram; access stays until the paid period ends."""
    await _switch(ctx, cancel=True)


@registry.action("subscriptions.resume")
async def resume(ctx: ActionContext) -> None:
    """Lets a subscription stopped here renew again, while its period lasts."""
    await _switch(ctx, cancel=False)


async def _switch(ctx: ActionContext, cancel: bool) -> None:
    try:
        changed = await subscription_payments.switch(deps(ctx).bot, ctx.user.id, int(ctx.item),
                                                     cancel=cancel)
    except TelegramBadRequest:  # e.g. stopped in Telegram's own settings: resumed there too
        note(ctx, "subscriptions.telegram_refused")
        return
    if changed:
        note(ctx, "subscriptions.cancelled" if cancel else "subscriptions.resumed")
