"""Broadcast screens: who it would reach, and how a queued one is going."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import broadcast
from nanostore.ui import default_registry as registry


@registry.getter("admin_broadcast.audience")
async def audience(dialog_manager: DialogManager, **_) -> dict:
    return {"audience": await broadcast.audience_size()}


@registry.getter("admin_broadcast.progress")
async def progress(dialog_manager: DialogManager, **_) -> dict:
    broadcast_id = dialog_manager.dialog_data.get("broadcast_id")
    if broadcast_id is None:
        return {"progress": {"id": 0, "status": "draft", "active": False, "total": 0, "delivered": 0,
                             "failed": 0, "blocked": 0, "pending": 0, "percent": 0}}
    state = await broadcast.progress(broadcast_id)
    return {"progress": {"id": broadcast_id, "status": str(state.status),
                         "active": state.status in broadcast.ACTIVE, "total": state.total,
                         "delivered": state.delivered, "failed": state.failed,
                         "blocked": state.blocked, "pending": state.pending, "percent": state.percent}}
