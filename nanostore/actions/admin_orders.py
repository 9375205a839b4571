"""Admin orders: filter, change status along the allowed map, deliver by hand, refund Stars,
cancel, export. Services notify the customer; the notifier is woken after each change."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError

from nanostore.actions.admin_exports import send_export
from nanostore.actions.admin_telegram_refusals import explain
from nanostore.actions.lists import back_to_first_page
from nanostore.actions.replies import note, wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.db.models.enums import OrderStatus
from nanostore.services import delivery, exports, orders, stars
from nanostore.services.errors import DeliveringUnpaid
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry

log = logging.getLogger(__name__)


@registry.action("admin_orders.filter")
async def choose_filter(ctx: ActionContext) -> None:
    ctx.dialog_data["filter"] = ctx.item
    await back_to_first_page(ctx.manager, "orders")


@registry.action("admin_orders.set_status")
async def set_status(ctx: ActionContext) -> SwitchTo | None:
    try:
        await orders.set_status(ctx.dialog_data["order_id"], deps(ctx).actor, OrderStatus(ctx.item))
    except DeliveringUnpaid:
        return SwitchTo("deliver_unpaid")
    _status_changed(ctx, OrderStatus(ctx.item))
    return None


@registry.action("admin_orders.deliver_unpaid")
async def deliver_unpaid(ctx: ActionContext) -> None:
    await orders.set_status(ctx.dialog_data["order_id"], deps(ctx).actor, OrderStatus.DELIVERED,
                            unpaid_ok=True)
    _status_changed(ctx, OrderStatus.DELIVERED)


def _status_changed(ctx: ActionContext, status: OrderStatus) -> None:
    wake_notifier(ctx)
    note(ctx, "admin_orders.status_changed", status=ctx.t(f"admin_orders.status.{status}"))


@registry.action("admin_orders.deliver")
async def deliver(ctx: ActionContext) -> None:
    message = ctx.message
    document = message.document if message else None
    await delivery.deliver_manually(
        ctx.dialog_data["order_id"], deps(ctx).actor,
        text=None if document else (message.text if message else ctx.value),
        file_id=document.file_id if document else None,
        file_name=document.file_name if document else None, finish=None)
    wake_notifier(ctx)
    note(ctx, "admin_orders.delivered")


@registry.action("admin_orders.cancel")
async def cancel(ctx: ActionContext) -> None:
    await orders.cancel(ctx.dialog_data["order_id"], by=deps(ctx).actor)
    wake_notifier(ctx)
    note(ctx, "admin_orders.cancelled")


@registry.action("admin_orders.refund_stars")
async def refund_stars(ctx: ActionContext) -> None:
    # The order is marked refunded (and gives back stock, coupon, wallet) first, then Telegram
    # returns the Stars; if Telegram fails, the charge stays to refund and a retry button shows.
    payment = await stars.refund_order(ctx.dialog_data["order_id"], deps(ctx).actor)
    wake_notifier(ctx)
    await _refund_at_telegram(ctx, payment.user_id, payment.charge_id)


@registry.action("admin_orders.retry_refund")
async def retry_refund(ctx: ActionContext) -> None:
    payment = await stars.charge_of(ctx.dialog_data["order_id"])
    if payment is not None:
        await _refund_at_telegram(ctx, payment.user_id, payment.charge_id)


async def _refund_at_telegram(ctx: ActionContext, user_id: int, charge_id: str) -> None:
    try:
        await deps(ctx).bot.refund_star_payment(
            user_id=user_id, telegram_payment_charge_id=charge_id)
    except TelegramAPIError as error:
        if "CHARGE_ALREADY_REFUNDED" not in str(error):
            log.warning("Stars refund of %s failed: %s", charge_id, error)
            note(ctx, "admin_orders.refund_failed", error=explain(ctx, error))
            return
    await stars.mark_refunded(charge_id)
    note(ctx, "admin_orders.refunded")


@registry.action("admin_orders.export")
async def export(ctx: ActionContext) -> Stay:
    return await send_export(ctx, await exports.export_orders(), "orders",
                             "admin_orders.export_caption")
