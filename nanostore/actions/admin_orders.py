"""Admin orders: filter, change status along the allowed map, deliver by hand, refund Stars,
cancel, export. Services notify the customer; the notifier is woken after each change."""

from __future__ import annotations

import csv
import io
import json
import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile
from aiogram_dialog import ShowMode

from nanostore.actions.admin_access import admin_only
from nanostore.db.models.enums import OrderStatus
from nanostore.services import delivery, exports, orders, stars
from nanostore.ui import ActionContext, Stay
from nanostore.ui import default_registry as registry
from nanostore.ui.notice import set_notice

log = logging.getLogger(__name__)


def wake(ctx: ActionContext) -> None:
    notifier = ctx.middleware_data.get("notifier")
    if notifier is not None:
        notifier.wake()


def note(ctx: ActionContext, key: str, **params) -> None:
    set_notice(ctx.manager, ctx.t(key, **params))


@registry.action("admin_orders.filter")
@admin_only
async def choose_filter(ctx: ActionContext) -> None:
    ctx.dialog_data["status"] = ctx.item
    await ctx.manager.find("orders").set_page(0)


@registry.action("admin_orders.set_status")
@admin_only
async def set_status(ctx: ActionContext) -> None:
    await orders.set_status(ctx.dialog_data["order_id"], ctx.user.id, OrderStatus(ctx.item))
    wake(ctx)
    note(ctx, "admin_orders.status_changed", status=ctx.t(f"admin_orders.status.{ctx.item}"))


@registry.action("admin_orders.deliver")
@admin_only
async def deliver(ctx: ActionContext) -> None:
    message = ctx.message
    document = message.document if message else None
    await delivery.deliver_manually(
        ctx.dialog_data["order_id"], ctx.user.id,
        text=None if document else (message.text if message else ctx.value),
        file_id=document.file_id if document else None,
        file_name=document.file_name if document else None, finish=None)
    wake(ctx)
    note(ctx, "admin_orders.delivered")


@registry.action("admin_orders.cancel")
@admin_only
async def cancel(ctx: ActionContext) -> None:
    await orders.cancel(ctx.dialog_data["order_id"], admin_id=ctx.user.id)
    wake(ctx)
    note(ctx, "admin_orders.cancelled")


@registry.action("admin_orders.refund_stars")
@admin_only
async def refund_stars(ctx: ActionContext) -> None:
    # The order is marked refunded (and gives back stock, coupon, wallet) first, then Telegram
    # returns the Stars; if Telegram fails, the charge stays to refund and a retry button shows.
    payment = await stars.refund_order(ctx.dialog_data["order_id"], ctx.user.id)
    wake(ctx)
    await _refund_at_telegram(ctx, payment.user_id, payment.charge_id)


@registry.action("admin_orders.retry_refund")
@admin_only
async def retry_refund(ctx: ActionContext) -> None:
    payment = await stars.charge_of(ctx.dialog_data["order_id"])
    if payment is not None:
        await _refund_at_telegram(ctx, payment.user_id, payment.charge_id)


async def _refund_at_telegram(ctx: ActionContext, user_id: int, charge_id: str) -> None:
    try:
        await ctx.middleware_data["bot"].refund_star_payment(
            user_id=user_id, telegram_payment_charge_id=charge_id)
    except TelegramAPIError as error:
        if "CHARGE_ALREADY_REFUNDED" not in str(error):
            log.warning("Stars refund of %s failed: %s", charge_id, error)
            note(ctx, "admin_orders.refund_failed", error=str(error))
            return
    await stars.mark_refunded(charge_id)
    note(ctx, "admin_orders.refunded")


def export_document(rows: list[dict], stem: str, kind: str) -> BufferedInputFile:
    """Rows of plain values as a CSV (Excel-friendly UTF-8) or JSON file to send."""
    if kind == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2).encode()
        return BufferedInputFile(body, filename=f"{stem}.json")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)
    return BufferedInputFile(buffer.getvalue().encode("utf-8-sig"), filename=f"{stem}.csv")


async def send_export(ctx: ActionContext, rows: list[dict], stem: str, caption_key: str) -> Stay:
    kind = ctx.args.get("format", "csv")
    await ctx.middleware_data["bot"].send_document(
        ctx.user.id, export_document(rows, stem, kind), caption=ctx.t(caption_key, count=len(rows)))
    # The file is a new message: show the screen again below it.
    ctx.manager.show_mode = ShowMode.SEND
    return Stay()


@registry.action("admin_orders.export")
@admin_only
async def export(ctx: ActionContext) -> Stay:
    return await send_export(ctx, await exports.export_orders(), "orders",
                             "admin_orders.export_caption")
