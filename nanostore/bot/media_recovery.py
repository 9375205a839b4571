"""Screens survive a stored image Telegram no longer accepts.

When a screen's photo (a file id saved by an admin, a banner, a product image) is refused, the
screen is shown again as text at once, the stored file id is cleared everywhere it is used, and
the admins are told, so one dead image never breaks a customer's click.
"""

from __future__ import annotations

import dataclasses
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram_dialog.api.entities import NewMessage, OldMessage
from aiogram_dialog.manager.message_manager import MessageManager

from nanostore.services import content, outbox

log = logging.getLogger(__name__)

INVALID_MEDIA_MARKERS = ("wrong file identifier", "wrong remote file identifier",
                         "failed to get http url content", "wrong type of the web page content",
                         "file_id", "photo_invalid_dimensions", "image_process_failed")


def is_invalid_media(error: TelegramBadRequest) -> bool:
    text = error.message.lower()
    return any(marker in text for marker in INVALID_MEDIA_MARKERS)


class RecoveringMessageManager(MessageManager):
    async def show_message(self, bot: Bot, new_message: NewMessage,
                           old_message: OldMessage | None) -> OldMessage:
        try:
            return await super().show_message(bot, new_message, old_message)
        except TelegramBadRequest as error:
            if new_message.media is None or not is_invalid_media(error):
                raise
            await forget_invalid_media(new_message.media, str(error))
            text_only = dataclasses.replace(new_message, media=None)
            return await super().show_message(bot, text_only, old_message)


async def forget_invalid_media(media, reason: str) -> None:
    file_id = getattr(media.file_id, "file_id", None) or media.url
    if not file_id:
        return
    log.warning("image %s refused by Telegram (%s); clearing it", file_id, reason)
    cleared = await content.forget_image_everywhere(file_id)
    await outbox.notify_admins("invalid_image_cleared", file_id=file_id, places=list(cleared),
                               reason=reason)
