"""Answering tickets: the customer is notified by the service's outbox entry, sent at once."""

from __future__ import annotations

from nanostore.services import tickets
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry

from .replies import note, wake_notifier


@registry.action("admin_tickets.reply")
async def reply(ctx: ActionContext) -> None:
    await tickets.reply(ctx.dialog_data["ticket_id"], ctx.user.id, str(ctx.value), is_admin=True)
    wake_notifier(ctx)
    note(ctx, "admin_tickets.replied")


@registry.action("admin_tickets.close")
async def close(ctx: ActionContext) -> None:
    if await tickets.close(ctx.dialog_data["ticket_id"], ctx.user.id, is_admin=True):
        wake_notifier(ctx)


@registry.action("admin_tickets.reopen")
async def reopen(ctx: ActionContext) -> None:
    if await tickets.reopen(ctx.dialog_data["ticket_id"], ctx.user.id, is_admin=True):
        wake_notifier(ctx)
