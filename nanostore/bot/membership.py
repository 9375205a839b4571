"""Force-join: is the person a member of every required channel?

Only positive answers are cached (a person who just joined is re-checked at once). A channel the
bot cannot check (not an admin there, channel gone) never locks customers out: it is skipped and
the admins are told, at most once an hour per channel.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError

from nanostore.db.models import ForceJoinChannel
from nanostore.services import outbox

log = logging.getLogger(__name__)

MEMBER_STATUSES = {ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}
CHANNELS_CACHE_SECONDS = 10
MEMBER_CACHE_SECONDS = 300
WARN_EVERY_SECONDS = 3600
# After a failed check, skip that channel for a while: a failing call on every update would
# slow every customer's click.
UNCHECKED_RETRY_SECONDS = 60


@dataclass(frozen=True)
class RequiredChannel:
    chat_id: int
    title: str
    url: str | None


def _public_link(username: str | None) -> str | None:
    return f"https://t.me/{username}" if username else None


class MembershipChecker:
    def __init__(self, bot: Bot):
        self.bot = bot
        self._channels: tuple[float, list[RequiredChannel]] | None = None
        self._members: dict[tuple[int, int], float] = {}
        self._warned: dict[int, float] = {}
        self._unchecked: dict[int, float] = {}

    def forget_channels(self) -> None:
        self._channels = None

    async def missing_channels(self, user_id: int, *, fresh: bool = False) -> list[RequiredChannel]:
        missing = []
        for channel in await self._required():
            if not await self._is_member(channel, user_id, fresh):
                missing.append(channel)
        return missing

    async def _required(self) -> list[RequiredChannel]:
        now = time.monotonic()
        if self._channels and now - self._channels[0] < CHANNELS_CACHE_SECONDS:
            return self._channels[1]
        rows = await ForceJoinChannel.all().order_by("id")
        channels = [RequiredChannel(row.chat_id, row.title or row.username or str(row.chat_id),
                                    row.invite_link or _public_link(row.username))
                    for row in rows]
        self._channels = (now, channels)
        return channels

    async def _is_member(self, channel: RequiredChannel, user_id: int, fresh: bool) -> bool:
        key = (channel.chat_id, user_id)
        now = time.monotonic()
        if not fresh and now - self._members.get(key, -MEMBER_CACHE_SECONDS) < MEMBER_CACHE_SECONDS:
            return True
        if now - self._unchecked.get(channel.chat_id, -UNCHECKED_RETRY_SECONDS) < UNCHECKED_RETRY_SECONDS:
            return True
        try:
            member = await self.bot.get_chat_member(channel.chat_id, user_id)
        except TelegramAPIError as error:
            self._unchecked[channel.chat_id] = now
            await self._warn_admins(channel, str(error))
            return True
        self._unchecked.pop(channel.chat_id, None)
        is_member = member.status in MEMBER_STATUSES or getattr(member, "is_member", False)
        if is_member:
            self._members[key] = now
        return is_member

    async def _warn_admins(self, channel: RequiredChannel, reason: str) -> None:
        now = time.monotonic()
        if now - self._warned.get(channel.chat_id, -WARN_EVERY_SECONDS) < WARN_EVERY_SECONDS:
            return
        self._warned[channel.chat_id] = now
        log.warning("cannot check membership of %s: %s", channel.chat_id, reason)
        await outbox.notify_admins("force_join_unchecked", channel=channel.title,
                                   chat_id=channel.chat_id, reason=reason)
