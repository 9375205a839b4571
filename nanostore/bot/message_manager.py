"""Screens are not edited when nothing on them would change.

aiogram-dialog edits the screen after every tap. Its own "did it change?" test gives up as soon
as there is an inline keyboard (it keeps no copy of the keyboard it sent) and compares our HTML
with the plain text Telegram returns, so an unchanged screen (a refresh, a pager at the page it
shows) costs an edit that Telegram refuses with "message is not modified" and counts against
the bot's limits.

So we remember, per message, what we last rendered into it and what Telegram then showed. A tap
carries the message as Telegram shows it now: when that is still what we showed and the new
render is what we rendered, the edit is skipped. Another process (or code outside the dialogs)
that changed the message makes the two differ, and the edit goes out as before. The library
answers the callback query either way, so the button never spins.

That answer is not awaited: aiogram-dialog answers after the last edit of the tap, and a tap
whose handler waited for it held the person's next update (event isolation) for a second
round trip to Telegram. The edit is the one call a tap waits for; the answer goes out right
after it, in the same order as before, so an alert an action answered first still wins.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog.api.entities import NewMessage, OldMessage, ShowMode
from aiogram_dialog.utils import get_media_id

from nanostore.bot.call_policy import duplicates_harmless
from nanostore.bot.media_recovery import RecoveringMessageManager

log = logging.getLogger(__name__)

REMEMBERED_MESSAGES = 10_000  # a few hundred bytes each; the oldest are forgotten first
_tapped: ContextVar[Message | None] = ContextVar("nanostore_tapped_message", default=None)


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None


def rendered(message: NewMessage) -> str:
    """Everything of a render that reaches Telegram."""
    media = message.media
    return json.dumps({
        "text": message.text, "parse_mode": message.parse_mode,
        "markup": _dump(message.reply_markup), "protect": bool(message.protect_content),
        "preview": _dump(message.link_preview_options),
        "media": None if media is None else [
            str(media.type), media.path and str(media.path), media.url,
            None if media.path or media.url or media.file_id is None else media.file_id.file_id,
            repr(sorted(media.kwargs.items()))],
    }, sort_keys=True, default=str)


def shown(message: Message) -> str:
    """What Telegram shows of a message: its text, formatting, media and keyboard."""
    media = get_media_id(message)
    return json.dumps({
        "text": message.text, "entities": [_dump(e) for e in message.entities or ()],
        "caption": message.caption,
        "caption_entities": [_dump(e) for e in message.caption_entities or ()],
        "media": media.file_unique_id if media else None,
        "markup": _dump(message.reply_markup), "protect": bool(message.has_protected_content),
    }, sort_keys=True, default=str)


@dataclass(frozen=True)
class Sent:
    rendered: str
    shown: str


class SentScreens:
    """The last render sent into each message, with Telegram's answer to it (bounded, LRU)."""

    def __init__(self, limit: int = REMEMBERED_MESSAGES) -> None:
        self._limit = limit
        self._sent: OrderedDict[tuple[int, int], Sent] = OrderedDict()

    def remember(self, new_message: NewMessage, result: Message) -> None:
        key = (result.chat.id, result.message_id)
        self._sent[key] = Sent(rendered(new_message), shown(result))
        self._sent.move_to_end(key)
        while len(self._sent) > self._limit:
            self._sent.popitem(last=False)

    def unchanged(self, new_message: NewMessage, on_screen: Message) -> bool:
        sent = self._sent.get((on_screen.chat.id, on_screen.message_id))
        return (sent is not None and sent.shown == shown(on_screen)
                and sent.rendered == rendered(new_message))


class QuietMessageManager(RecoveringMessageManager):
    def __init__(self, screens: SentScreens | None = None) -> None:
        self.screens = screens or SentScreens()
        self._answering: set[asyncio.Task] = set()

    async def answer_callback(self, bot: Bot, callback_query: CallbackQuery) -> None:
        # The task keeps this update's context: its calls are retried as the tap's own
        # (telegram_retry.HandlingUpdate).
        task = asyncio.create_task(self._answer(bot, callback_query))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer(self, bot: Bot, callback_query: CallbackQuery) -> None:
        try:
            await super().answer_callback(bot, callback_query)
        except TelegramAPIError as error:  # nobody awaits this: the spinner stops by itself
            log.warning("callback query %s not answered: %s", callback_query.id, error)

    async def answers_sent(self) -> None:
        """Waits for the answers still on their way (on shutdown, and in tests)."""
        while self._answering:
            await asyncio.gather(*self._answering, return_exceptions=True)

    async def show_message(self, bot: Bot, new_message: NewMessage,
                           old_message: OldMessage | None) -> OldMessage:
        on_screen = _tapped.get()
        if (new_message.show_mode is ShowMode.EDIT and old_message is not None
                and on_screen is not None and on_screen.chat.id == old_message.chat.id
                and on_screen.message_id == old_message.message_id
                and self.screens.unchanged(new_message, on_screen)):
            return old_message
        return await super().show_message(bot, new_message, old_message)

    async def send_message(self, bot: Bot, new_message: NewMessage) -> Message:
        with duplicates_harmless():  # a screen lost to a dropped connection is sent again
            result = await super().send_message(bot, new_message)
        self.screens.remember(new_message, result)
        return result

    async def edit_message(self, bot: Bot, new_message: NewMessage,
                           old_message: OldMessage) -> Message:
        result = await super().edit_message(bot, new_message, old_message)
        if isinstance(result, Message):
            self.screens.remember(new_message, result)
        return result


async def remember_tapped_message(handler: Callable[[TelegramObject, dict], Awaitable[Any]],
                                  event: TelegramObject, data: dict) -> Any:
    # The tapped message as Telegram shows it now: the truth the skip is checked against.
    message = event.message if isinstance(event, CallbackQuery) else None
    token = _tapped.set(message if isinstance(message, Message) else None)
    try:
        return await handler(event, data)
    finally:
        _tapped.reset(token)


def quiet_message_manager(dispatcher: Dispatcher) -> QuietMessageManager:
    dispatcher.callback_query.outer_middleware(remember_tapped_message)
    return QuietMessageManager()
