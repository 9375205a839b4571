"""A bot asking about its own membership, as it does to learn whether it is a channel admin."""

from aiogram.enums import ChatMemberStatus
from aiogram.types import ChatMemberAdministrator


async def test_bot_is_administrator_where_it_was_made_one(emulator, bot):
    emulator.channel(-100500, "news", "News", bot_is_admin=True)
    me = await bot.me()
    member = await bot.get_chat_member(-100500, me.id)
    assert isinstance(member, ChatMemberAdministrator)
    assert member.can_invite_users and member.can_post_messages


async def test_bot_that_is_not_admin_sees_itself_outside(emulator, bot):
    emulator.channel(-100501, "other", "Other", bot_is_admin=False)
    me = await bot.me()
    member = await bot.get_chat_member(-100501, me.id)
    assert member.status == ChatMemberStatus.LEFT
