"""Admin wallet top-ups: approve (amount plus the bonus % credited) or reject with a note.

The service decides each request once; a double tap gets "already decided" and credits nothing.
"""

from __future__ import annotations

from nanostore.actions.replies import note, wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.services import wallet
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("admin_topups.approve")
async def approve(ctx: ActionContext) -> None:
    ctx.dialog_data.pop("confirm", None)
    topup = await wallet.approve_topup(ctx.dialog_data["topup_id"], deps(ctx).actor)
    wake_notifier(ctx)
    note(ctx, "admin_topups.approved", amount=topup.amount, bonus=topup.bonus)


@registry.action("admin_topups.reject")
async def reject(ctx: ActionContext) -> None:
    await wallet.reject_topup(ctx.dialog_data["topup_id"], deps(ctx).actor, ctx.value.strip())
    wake_notifier(ctx)
    note(ctx, "admin_topups.rejected")
