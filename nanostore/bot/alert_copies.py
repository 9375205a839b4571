"""The admins' copies of an alert: remembered when sent, edited once the item is decided.

The edit keeps what the alert said, adds who decided and what (in that admin's language) and,
by leaving reply_markup out as Telegram reads it, removes the buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import Message

from nanostore.db.models import AdminAlert
from nanostore.services import admin_alerts
from nanostore.services.outbox import ALERT_CLOSED

log = logging.getLogger(__name__)

# Renders a notification kind for one chat: (kind, payload, chat_id) -> RenderedNotice.
Render = Callable[[str, dict, int], Awaitable]


class AlertCopies:
    def __init__(self, bot: Bot, render: Render):
        self.bot = bot
        self.render = render

    async def remember(self, alert: tuple[str, int], message: Message, text: str) -> None:
        subject, item_id = alert
        await admin_alerts.remember(subject, item_id, message.chat.id, message.message_id, text,
                                    has_photo=bool(message.photo))

    async def close(self, payload: dict) -> None:
        """Edits each open copy; a copy is marked closed as soon as it is edited, so a retry
        after Telegram's 429 edits only the ones still open."""
        for copy in await admin_alerts.open_copies(payload["subject"], payload["subject_id"]):
            line = (await self.render(ALERT_CLOSED, payload, copy.chat_id)).text
            await self._edit(copy, f"{copy.text}\n\n{line}")
            await admin_alerts.mark_closed(copy.id)

    async def _edit(self, copy: AdminAlert, text: str) -> None:
        try:
            if copy.has_photo:
                await self.bot.edit_message_caption(chat_id=copy.chat_id, message_id=copy.message_id,
                                                    caption=text)
            else:
                await self.bot.edit_message_text(text, chat_id=copy.chat_id,
                                                 message_id=copy.message_id)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            # Deleted by the admin, too old to edit, or the admin blocked the bot: nothing
            # left to update there, and the other copies must still be edited.
            log.info("alert %s in chat %s not edited: %s", copy.id, copy.chat_id, error)
