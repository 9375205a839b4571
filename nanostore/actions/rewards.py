"""Claiming the daily reward; the service pays at most once per 24 hours however often it is tapped."""

from __future__ import annotations

from nanostore.services import rewards
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("rewards.claim")
async def claim(ctx: ActionContext) -> None:
    claimed = await rewards.claim_daily(ctx.user.id)
    ctx.dialog_data["claimed"] = claimed.amount
