"""Gates on every update, not only /start: bans, maintenance, force-join.

Admins pass every gate. A successful Stars payment always passes: the money has moved and must
be recorded whatever state the shop or the person is in. So does a request to join a paid
subscription's channel: the subscriber paid for that access, and its handler decides (it lets
in only live subscribers); a gate would leave the request pending with nobody to answer it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    PreCheckoutQuery,
    TelegramObject,
    Update,
)
from markupsafe import Markup

from nanostore.bot.membership import MembershipChecker, RequiredChannel
from nanostore.services import settings as shop_settings

RECHECK_JOIN = "gate:joined"

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class GatesMiddleware(BaseMiddleware):
    def __init__(self, membership: MembershipChecker):
        self.membership = membership

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)  # registered on dispatcher.update only (bot/app.py)
        if "shop_user" not in data or data["is_admin"] or _already_paid_for(event):
            return await handler(event, data)
        t = data["t"]
        if data["shop_user"].is_banned:
            return await _refuse(event, t("gates.banned"))
        settings = await shop_settings.load()
        if settings.maintenance:
            # The admin typed plain text; messages go out as HTML, so it is escaped here.
            text = Markup.escape(settings.maintenance_text) if settings.maintenance_text else None
            return await _refuse(event, text or t("gates.maintenance"))
        if isinstance(event.event, PreCheckoutQuery):
            return await handler(event, data)
        rechecking = isinstance(event.event, CallbackQuery) and event.event.data == RECHECK_JOIN
        missing = await self.membership.missing_channels(data["shop_user"].id, fresh=rechecking)
        if missing:
            return await _ask_to_join(event, missing, t, rechecking)
        return await handler(event, data)


def _already_paid_for(event: Update) -> bool:
    if event.chat_join_request is not None:
        return True
    return isinstance(event.event, Message) and event.event.successful_payment is not None


def _plain(html: str) -> str:
    """Alerts, checkout errors and button labels are not parsed: the words without markup."""
    return Markup(html).striptags()


async def _refuse(event: Update, text: str) -> None:
    """`text` is HTML (a locale string, or an escaped admin text)."""
    inner = event.event
    if isinstance(inner, CallbackQuery):
        await inner.answer(_plain(text)[:200], show_alert=True)
    elif isinstance(inner, PreCheckoutQuery):
        await inner.answer(ok=False, error_message=_plain(text)[:255])
    elif isinstance(inner, Message):
        await inner.answer(text)


async def _ask_to_join(event: Update, missing: list[RequiredChannel], t, rechecking: bool) -> None:
    inner = event.event
    if isinstance(inner, CallbackQuery) and rechecking:
        await inner.answer(t("gates.still_missing", count=len(missing)), show_alert=True)
        return
    rows = [[InlineKeyboardButton(text=_plain(t("gates.join_button", channel=channel.title)),
                                  url=channel.url)] for channel in missing if channel.url]
    rows.append([InlineKeyboardButton(text=t("gates.joined_button"), callback_data=RECHECK_JOIN)])
    markup = InlineKeyboardMarkup(inline_keyboard=rows)
    text = t("gates.join_required", count=len(missing))
    if isinstance(inner, CallbackQuery):
        await inner.answer()
        if inner.message:
            await inner.message.answer(text, reply_markup=markup)
    elif isinstance(inner, Message):
        await inner.answer(text, reply_markup=markup)
