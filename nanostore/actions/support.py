"""Support actions: open a ticket, reply, close or reopen one's own ticket."""

from __future__ import annotations

from nanostore.actions.replies import wake_notifier
from nanostore.services import tickets
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("support.open_ticket")
async def open_ticket(ctx: ActionContext) -> None:
    ticket = await tickets.open_ticket(ctx.user.id, ctx.dialog_data["subject"], ctx.value)
    ctx.dialog_data.pop("subject", None)
    ctx.dialog_data["ticket_id"] = ticket.id
    wake_notifier(ctx)


@registry.action("support.reply")
async def reply(ctx: ActionContext) -> None:
    # The customer side always acts as the ticket's owner, admins included.
    await tickets.reply(ctx.dialog_data["ticket_id"], ctx.user.id, ctx.value, is_admin=False)
    wake_notifier(ctx)


@registry.action("support.close")
async def close(ctx: ActionContext) -> None:
    await tickets.close(ctx.dialog_data["ticket_id"], ctx.user.id, is_admin=False)


@registry.action("support.reopen")
async def reopen(ctx: ActionContext) -> None:
    await tickets.reopen(ctx.dialog_data["ticket_id"], ctx.user.id, is_admin=False)
