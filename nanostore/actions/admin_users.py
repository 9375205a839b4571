"""Admin users: search, ban/unban, balance adjustments with a reason, export.

Bans and adjustments are audited and announced to the person by the services.
"""

from __future__ import annotations

import re

from nanostore.actions.admin_access import admin_only
from nanostore.actions.admin_exports import send_export
from nanostore.actions.replies import note, wake_notifier
from nanostore.services import exports, users, wallet
from nanostore.services.errors import InsufficientBalance, InvalidInput
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry

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
@admin_only
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
    await ctx.manager.find("people").set_page(0)
    return SwitchTo("list")


@registry.action("admin_users.clear_search")
@admin_only
async def clear_search(ctx: ActionContext) -> None:
    ctx.dialog_data.pop("query", None)
    await ctx.manager.find("people").set_page(0)


@registry.action("admin_users.toggle_ban")
@admin_only
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
@admin_only
async def adjust(ctx: ActionContext):
    delta = ctx.dialog_data.get("delta")
    if not delta:
        return SwitchTo("adjust")
    try:
        balance = await wallet.admin_adjust(ctx.dialog_data["user_id"], delta, ctx.user.id,
                                            ctx.value.strip())
    except InsufficientBalance as error:
        note(ctx, "admin_users.below_zero", balance=error.params.get("balance", 0))
        return SwitchTo("adjust")
    ctx.dialog_data.pop("delta", None)
    wake_notifier(ctx)
    note(ctx, "admin_users.adjusted", delta=delta, balance=balance)
    return SwitchTo("detail")


@registry.action("admin_users.export")
@admin_only
async def export(ctx: ActionContext) -> Stay:
    return await send_export(ctx, await exports.export_users(), "users", "admin_users.export_caption")
