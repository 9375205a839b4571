"""A product's subscription plan in its admin card: off (sold through the cart), a fresh key
each month, or access to a private channel or group the bot administers with the rights to
invite and to remove members (checked here, with Telegram, before it is saved)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberAdministrator, ChatMemberOwner

from nanostore.getters.start_ids import required_id
from nanostore.services import subscription_views
from nanostore.ui import ActionContext, Stay
from nanostore.ui import default_registry as registry

from .admin_channels import chat_reference
from .replies import note
from .shop_deps import deps


def _product_id(ctx: ActionContext) -> int:
    return required_id(ctx.dialog_data, "product_id")


@registry.action("admin_subscriptions.set")
async def set_plan(ctx: ActionContext, access: str | None = None) -> None:
    """Off, or a key each month (a channel needs its chat: admin_subscriptions.set_channel)."""
    await subscription_views.set_plan(_product_id(ctx), access or None, by=deps(ctx).actor)
    note(ctx, "admin_subscriptions.saved")


@registry.action("admin_subscriptions.set_channel")
async def set_channel(ctx: ActionContext) -> Stay | None:
    """The typed chat id or @username, once Telegram confirms the bot may invite and ban there."""
    reference = chat_reference(str(ctx.value))
    if reference is None:
        note(ctx, "admin_subscriptions.bad_chat")
        return Stay()
    bot: Bot = deps(ctx).bot
    try:
        chat = await bot.get_chat(reference)
        member = await bot.get_chat_member(chat.id, bot.id)
    except TelegramAPIError:
        note(ctx, "admin_subscriptions.unknown_chat", chat=str(reference))
        return Stay()
    can = isinstance(member, ChatMemberOwner) or (
        isinstance(member, ChatMemberAdministrator) and member.can_invite_users
        and member.can_restrict_members)
    if not can:
        note(ctx, "admin_subscriptions.bot_not_admin", chat=chat.title or str(chat.id))
        return Stay()
    await subscription_views.set_plan(_product_id(ctx), "channel", chat.id, by=deps(ctx).actor)
    note(ctx, "admin_subscriptions.saved")
    return None
