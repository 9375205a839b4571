"""The admin's live view of a broadcast: one message, edited in place as the figures move."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from nanostore.bot.broadcast_pacing import Clock
from nanostore.db.models import Broadcast
from nanostore.db.models.enums import BroadcastStatus
from nanostore.services import broadcast

log = logging.getLogger(__name__)

PROGRESS_EVERY_SENDS = 25
PROGRESS_MIN_SECONDS = 1.0  # an edit a second at most: Telegram limits edits per chat too
PROGRESS_EVERY_SECONDS = 3.0
STATUS_ICONS = {BroadcastStatus.QUEUED: "⏳", BroadcastStatus.RUNNING: "⏳",
                BroadcastStatus.DONE: "✅", BroadcastStatus.CANCELLED: "🛑"}


class ProgressMessage:
    """The admin's live view of a broadcast: one message, edited every few sends or seconds."""

    def __init__(self, bot: Bot, broadcast_id: int, clock: Clock):
        self.bot = bot
        self.broadcast_id = broadcast_id
        self.clock = clock
        self.sends = 0
        self.shown_sends = 0
        self.shown_at = clock.now()

    def tick(self) -> None:
        self.sends += 1

    def due(self) -> bool:
        since = self.clock.now() - self.shown_at
        return since > PROGRESS_EVERY_SECONDS or (
            self.sends - self.shown_sends >= PROGRESS_EVERY_SENDS and since >= PROGRESS_MIN_SECONDS)

    async def show(self) -> None:
        self.shown_at = self.clock.now()
        self.shown_sends = self.sends
        row = await Broadcast.get(id=self.broadcast_id)
        text = progress_text(row)
        try:
            if row.progress_message_id:
                await self.bot.edit_message_text(text, chat_id=row.progress_chat_id,
                                                 message_id=row.progress_message_id)
            else:
                sent = await self.bot.send_message(row.created_by, text)
                await broadcast.remember_progress_message(row.id, sent.chat.id, sent.message_id)
        except TelegramAPIError as error:
            # "message is not modified", a deleted message, a blocked admin: never stop sending.
            log.debug("broadcast %s progress not shown: %s", row.id, error)


def progress_text(row: Broadcast) -> str:
    # Figures and icons only, so it reads the same in every language; the broadcast screen and
    # the final notification say it in words.
    done = row.delivered + row.failed + row.blocked
    return (f"📣 <b>#{row.id}</b> {STATUS_ICONS.get(row.status, '⏳')} {done}/{row.total}\n"
            f"✅ {row.delivered} · ⚠️ {row.failed} · 🚫 {row.blocked}")
