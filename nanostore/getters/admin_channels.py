"""Force-join channels as the admin sees them."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import channels
from nanostore.ui import default_registry as registry


def _row(channel) -> dict:
    link = channel.invite_link or (f"https://t.me/{channel.username}" if channel.username else None)
    return {"chat_id": channel.chat_id, "title": channel.title or channel.username or str(channel.chat_id),
            "username": channel.username, "link": link}


@registry.getter("admin_channels.channels")
async def listed(dialog_manager: DialogManager, **_) -> dict:
    return {"channels": [_row(channel) for channel in await channels.list_channels()]}


@registry.getter("admin_channels.chosen")
async def chosen(dialog_manager: DialogManager, **_) -> dict:
    chat_id = dialog_manager.dialog_data.get("chat_id")
    found = [channel for channel in await channels.list_channels() if channel.chat_id == chat_id]
    return {"channel": _row(found[0]) if found else {"chat_id": chat_id, "title": str(chat_id),
                                                      "username": None, "link": None}}
