"""Broadcast: keep the draft, preview it to the admin exactly as it will go out, queue it, cancel.

The background sender (nanostore/bot/broadcaster.py) does the sending; nothing here waits on it.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message
from aiogram_dialog import ShowMode

from nanostore.actions.shop_deps import deps
from nanostore.services import broadcast
from nanostore.services.errors import InvalidInput
from nanostore.ui import ActionContext, SwitchTo
from nanostore.ui import default_registry as registry

from .admin_telegram_refusals import explain
from .replies import note, wake_notifier


def _html_of(message: Message) -> str:
    # Formatting made in Telegram comes as entities; without any, the admin typed HTML tags.
    has_entities = bool(message.entities or message.caption_entities)
    if has_entities:
        return message.html_text
    return message.text or message.caption or ""


@registry.action("admin_broadcast.compose")
async def compose(ctx: ActionContext) -> SwitchTo | None:
    message = ctx.sent
    ctx.dialog_data["text"] = _html_of(message).strip()
    ctx.dialog_data["photo"] = message.photo[-1].file_id if message.photo else None
    return await preview(ctx)


@registry.action("admin_broadcast.preview")
async def preview(ctx: ActionContext) -> SwitchTo | None:
    text, photo = ctx.dialog_data.get("text", ""), ctx.dialog_data.get("photo")
    longest = broadcast.CAPTION_MAX if photo else broadcast.TEXT_MAX
    if len(text) > longest or not (text or photo):
        note(ctx, "admin_broadcast.too_long", max=longest)
        return SwitchTo("compose")
    bot, chat_id = deps(ctx).bot, ctx.user.id
    try:
        if photo:
            await bot.send_photo(chat_id, photo, caption=text or None)
        else:
            await bot.send_message(chat_id, text)
    except TelegramBadRequest as error:
        note(ctx, "admin_broadcast.bad_html", error=explain(ctx, error, text))
        return SwitchTo("compose")
    # The preview lands below the screen: send the screen again so it stays the last message.
    ctx.manager.show_mode = ShowMode.SEND
    return None


@registry.action("admin_broadcast.send")
async def send(ctx: ActionContext) -> SwitchTo | None:
    if "text" not in ctx.dialog_data:  # a second tap after it was queued
        raise InvalidInput(field="text", reason="already_sent")
    created, _ = await broadcast.create_and_queue(deps(ctx).actor, ctx.dialog_data.pop("text"),
                                                  ctx.dialog_data.pop("photo", None))
    ctx.dialog_data["broadcast_id"] = created.id
    return None


@registry.action("admin_broadcast.cancel")
async def cancel(ctx: ActionContext) -> None:
    broadcast_id = ctx.dialog_data.get("broadcast_id")
    if broadcast_id is not None and await broadcast.cancel_by(deps(ctx).actor, broadcast_id):
        wake_notifier(ctx)
