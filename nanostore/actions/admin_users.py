"""Admin users: search, ban/unban, balance adjustments with a reason, export.

Bans and adjustments are audited and announced to the person by the services.
"""

from __future__ import annotations

import re

from aiogram_dialog import ShowMode

from nanostore.actions.admin_exports import send_export
from nanostore.actions.lists import back_to_first_page
from nanostore.actions.replies import note, wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.services import exports, orders, users, wallet
from nanostore.services.errors import AccessDenied, InsufficientBalance, InvalidInput, NotFound
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry
from nanostore.ui.states import STATES_FIELD, state_of, states_for

from .admin_start_data import id_in

ORDER_DIALOG, ORDER_WINDOW = "admin_orders", "detail"
# admin_orders' detail reads this in dialog_data: its Back then closes it, back to this list.
FROM_USER_ORDERS = "user_orders"

SIGNED_MONEY = re.compile(r"^\s*([+-])\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")


@registry.input_type("signed_money")
def parse_signed_money(text: str) -> int:
    """'+5' -> 500, '-2.50' -> -250: the sign is required, so a change is never mistaken for
    a new balance; zero changes nothing and is refused."""
    match = SIGNED_MONEY.match(text)
    if not match:
        raise ValueError("not a signed amount")
    sign, whole, fraction = match.groups()
    cents = int(whole) * 100 + int((fraction or "").ljust(2, "0"))
    if cents == 0:
        raise ValueError("zero")
    return -cents if sign == "-" else cents


@registry.action("admin_users.search")
async def search(ctx: ActionContext):
    query = (ctx.value or "").strip()
    found = await users.search(query, 0, 2)
    if not found.total:
        note(ctx, "admin_users.nobody", query=query)
        return Stay()
    if found.total == 1:
        ctx.dialog_data["user_id"] = found.items[0].id
        return SwitchTo("detail")
    ctx.dialog_data["query"] = query
    await back_to_first_page(ctx.manager, "people")
    return SwitchTo("list")


@registry.action("admin_users.clear_search")
async def clear_search(ctx: ActionContext) -> None:
    ctx.dialog_data.pop("query", None)
    await back_to_first_page(ctx.manager, "people")


@registry.action("admin_users.toggle_ban")
async def toggle_ban(ctx: ActionContext):
    user_id = ctx.dialog_data["user_id"]
    person = await users.get(user_id)
    try:
        if person.is_banned:
            await users.unban(user_id, ctx.user.id)
        else:
            await users.ban(user_id, ctx.user.id)
    except InvalidInput as error:
        if error.params.get("reason") != "self":
            raise
        note(ctx, "admin_users.not_yourself")
        return SwitchTo("detail")
    wake_notifier(ctx)
    note(ctx, "admin_users.unbanned" if person.is_banned else "admin_users.banned")
    return None


@registry.action("admin_users.adjust")
async def adjust(ctx: ActionContext):
    delta = ctx.dialog_data.get("delta")
    if not delta:
        return SwitchTo("adjust")
    try:
        balance = await wallet.admin_adjust(ctx.dialog_data["user_id"], delta, deps(ctx).actor,
                                            ctx.value.strip())
    except InsufficientBalance as error:
        note(ctx, "admin_users.below_zero", balance=error.params.get("balance", 0))
        return SwitchTo("adjust")
    ctx.dialog_data.pop("delta", None)
    wake_notifier(ctx)
    note(ctx, "admin_users.adjusted", delta=delta, balance=balance)
    return SwitchTo("detail")


@registry.action("admin_users.export")
async def export(ctx: ActionContext) -> Stay:
    return await send_export(ctx, await exports.export_users(), "users", "admin_users.export_caption")


@registry.action("admin_users.show_orders")
async def show_orders(ctx: ActionContext) -> SwitchTo:
    """The person's orders from their newest page (not the page the last person's list was at)."""
    await back_to_first_page(ctx.manager, "person_orders")
    return SwitchTo("orders")


@registry.action("admin_users.open_order")
async def open_order(ctx: ActionContext) -> Stay:
    """The admin order card for one of this person's orders; an id from another person's list
    (a forged or stale button) is refused, so the card shown always matches the list."""
    order_id = id_in({"order_id": ctx.item}, "order_id")
    try:
        if order_id is None:
            raise NotFound(entity="order", id=ctx.item)
        await orders.owned(order_id, ctx.dialog_data["user_id"])
    except (NotFound, AccessDenied):
        note(ctx, "admin_users.order_not_theirs")
        return Stay()
    opened_from = {"order_id": order_id, "from": FROM_USER_ORDERS}
    manager = ctx.manager
    group = manager.middleware_data.get(STATES_FIELD, {}).get(ORDER_DIALOG) or states_for(ORDER_DIALOG)
    # Started without a render: the card's getter needs order_id in dialog_data first.
    await manager.start(state_of(group, ORDER_WINDOW), data=opened_from, show_mode=ShowMode.NO_UPDATE)
    manager.show_mode = ShowMode.AUTO
    await manager.update(opened_from)
    return Stay()
