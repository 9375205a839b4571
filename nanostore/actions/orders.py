"""My orders: open one, pay it, cancel it, get its files again. Services check the owner."""

from __future__ import annotations

from aiogram_dialog import ShowMode
from markupsafe import escape

from nanostore.actions.replies import wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.db.models.enums import ItemKind
from nanostore.services import orders
from nanostore.services.errors import NotFound
from nanostore.ui import ActionContext, StartDialog, SwitchTo, Transition
from nanostore.ui import default_registry as registry


def order_id_of(ctx: ActionContext) -> int:
    order_id = ctx.dialog_data.get("order_id")
    if not isinstance(order_id, int):
        raise NotFound(entity="order", id=order_id)
    return order_id


@registry.action("orders.opened")
async def opened(ctx: ActionContext) -> Transition | None:
    # Opened for one order (after checkout, from a notification): the detail checks the owner.
    start = ctx.start_data if isinstance(ctx.start_data, dict) else {}
    if isinstance(start.get("order_id"), int):
        ctx.dialog_data["order_id"] = start["order_id"]
        return SwitchTo("detail")
    return None


@registry.action("orders.pay_now")
async def pay_now(ctx: ActionContext) -> Transition:
    order = await orders.owned(order_id_of(ctx), ctx.user.id)
    return StartDialog("checkout", data={"order_id": order.id})


@registry.action("orders.cancel")
async def cancel(ctx: ActionContext) -> None:
    await orders.cancel(order_id_of(ctx), user_id=ctx.user.id)
    wake_notifier(ctx)


@registry.action("orders.resend")
async def resend(ctx: ActionContext) -> None:
    """Files again, and protected texts, each with the line's protect_content."""
    found = await orders.detail(order_id_of(ctx), ctx.user.id)
    bot = deps(ctx).bot
    for line in found.lines:
        for item in line.items:
            protect = line.line.protect_content
            if item.kind == ItemKind.FILE:
                await bot.send_document(ctx.user.id, item.content, protect_content=protect)
            elif protect:
                await bot.send_message(ctx.user.id, f"<code>{escape(item.content)}</code>",
                                       protect_content=True)
    # The order screen comes again below what was sent, so its buttons stay at hand.
    ctx.manager.show_mode = ShowMode.SEND
