"""Adding a force-join channel checks it on Telegram first: it must exist, the bot must be an
administrator there (or membership cannot be checked), and people need a way to join it.

The link is the channel's invite link or @username link from getChat; a private channel
without either gets a fresh createChatInviteLink (the emulator lacks that method, so tests use
public channels)."""

from __future__ import annotations

import re

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatFullInfo

from nanostore.actions.shop_deps import deps
from nanostore.services import channels
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .replies import note

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.CREATOR}
_REFERENCE = re.compile(r"^(?:https?://)?(?:t\.me/|@)?([A-Za-z][A-Za-z0-9_]{3,31})$|^(-?\d{5,20})$")


def chat_reference(text: str) -> str | int | None:
    """"@news", "t.me/news" or "news" → "@news"; "-1001234567890" → the number; else None."""
    match = _REFERENCE.match(text.strip())
    if not match:
        return None
    return f"@{match.group(1)}" if match.group(1) else int(match.group(2))


async def _invite_link(bot: Bot, chat: ChatFullInfo) -> str | None:
    if chat.invite_link or chat.username:
        return chat.invite_link or f"https://t.me/{chat.username}"
    try:
        return (await bot.create_chat_invite_link(chat.id)).invite_link
    except TelegramAPIError:
        return None


async def _refuse(ctx: ActionContext, key: str, **params) -> Stay:
    note(ctx, f"admin_channels.{key}", **params)
    return Stay()


@registry.action("admin_channels.add")
async def add(ctx: ActionContext) -> SwitchTo | Stay:
    reference = chat_reference(str(ctx.value))
    if reference is None:
        return await _refuse(ctx, "bad_reference")
    bot: Bot = deps(ctx).bot
    try:
        chat = await bot.get_chat(reference)
    except TelegramAPIError:
        return await _refuse(ctx, "unknown_chat", chat=str(reference))
    try:
        member = await bot.get_chat_member(chat.id, bot.id)
        is_admin = member.status in ADMIN_STATUSES
    except TelegramAPIError:
        is_admin = False
    if not is_admin:
        return await _refuse(ctx, "bot_not_admin", chat=chat.title or str(reference))
    link = await _invite_link(bot, chat)
    if link is None:
        return await _refuse(ctx, "no_link", chat=chat.title or str(chat.id))
    await channels.add(chat.id, chat.username, chat.title or "",
                       invite_link=link if not chat.username else None, by=deps(ctx).actor)
    deps(ctx).membership.forget_channels()
    note(ctx, "admin_channels.added", chat=chat.title or str(chat.id))
    return SwitchTo("list")


@registry.action("admin_channels.remove")
async def remove(ctx: ActionContext) -> None:
    await channels.remove(ctx.dialog_data["chat_id"], by=deps(ctx).actor)
    deps(ctx).membership.forget_channels()
