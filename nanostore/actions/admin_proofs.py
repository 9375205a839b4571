"""Admin payment proofs: approve (the order is paid and delivered) or reject with a note.

The service decides each proof once; a second tap or a second admin gets "already decided".
"""

from __future__ import annotations

from nanostore.actions.replies import note, wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.services import payments
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("admin_proofs.approve")
async def approve(ctx: ActionContext) -> None:
    ctx.dialog_data.pop("confirm", None)
    env_channel = deps(ctx).settings.proofs_channel_id
    await payments.approve_proof(ctx.dialog_data["proof_id"], deps(ctx).actor,
                                 fallback_channel_id=env_channel)
    wake_notifier(ctx)
    note(ctx, "admin_proofs.approved")


@registry.action("admin_proofs.reject")
async def reject(ctx: ActionContext) -> None:
    await payments.reject_proof(ctx.dialog_data["proof_id"], deps(ctx).actor, ctx.value.strip())
    wake_notifier(ctx)
    note(ctx, "admin_proofs.rejected")
