"""The daily reward screen: amount, and whether it can be claimed now or how long to wait."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import rewards
from nanostore.ui import default_registry as registry


@registry.getter("rewards.daily")
async def daily(dialog_manager: DialogManager, shop_user, **_) -> dict:
    status = await rewards.status(shop_user.id)
    hours, rest = divmod(status.seconds_left, 3600)
    minutes = -(-rest // 60)  # round up: "0 min" while seconds remain would confuse
    if minutes == 60:
        hours, minutes = hours + 1, 0
    return {"amount": status.amount, "enabled": status.enabled, "ready": status.ready,
            "hours": hours, "minutes": minutes, "next_claim_at": status.next_claim_at}
