"""Channels the bot can check membership of (force-join) and post to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nanostore.emulator.state import ChatRecord, StoredMessage

if TYPE_CHECKING:
    from nanostore.emulator.emulator import Emulator


class Channel:
    def __init__(self, emulator: Emulator, chat: ChatRecord) -> None:
        self.emulator = emulator
        self.chat = chat

    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def bot_is_admin(self) -> bool:
        return self.chat.bot_is_admin

    @bot_is_admin.setter
    def bot_is_admin(self, value: bool) -> None:
        self.chat.bot_is_admin = value

    def member_status(self, user_id: int) -> str:
        return self.chat.members.get(user_id, "left")

    @property
    def posts(self) -> list[StoredMessage]:
        return [m for m in self.emulator.state.messages_in(self.id) if m.from_bot]
