"""Channels a person must join before using the shop. Checking membership needs Telegram, so
the bot layer does it; this module only keeps the list."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from nanostore.db.models import ForceJoinChannel
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import AlreadyExists, InvalidInput, NotFound

USERNAME_MAX = 64
TEXT_MAX = 255
SETTINGS = "settings"  # the staff role that changes them


async def add(chat_id: int, username: str | None = None, title: str = "",
              invite_link: str | None = None, by: Actor | None = None) -> ForceJoinChannel:
    """A private channel has no username, so it needs an invite link for people to join."""
    staff.check(by, SETTINGS)
    username = (username or "").strip().removeprefix("@") or None
    invite_link = (invite_link or "").strip() or None
    if username is None and invite_link is None:
        raise InvalidInput(field="invite_link", reason="required")
    if username and len(username) > USERNAME_MAX:
        raise InvalidInput(field="username", reason="too_long", max=USERNAME_MAX)
    if invite_link and (len(invite_link) > TEXT_MAX or not invite_link.startswith("https://")):
        raise InvalidInput(field="invite_link", reason="format")
    try:
        async with in_transaction():
            channel = await ForceJoinChannel.create(chat_id=chat_id, username=username,
                                                    title=(title or "").strip()[:TEXT_MAX],
                                                    invite_link=invite_link)
            if by is not None:
                await audit.record(by.id, "channel.add", chat_id,
                                   after={"username": username, "title": channel.title})
            return channel
    except IntegrityError:
        raise AlreadyExists(entity="channel", chat_id=chat_id) from None


async def list_channels() -> list[ForceJoinChannel]:
    return list(await ForceJoinChannel.all().order_by("id"))


async def remove(chat_id: int, by: Actor | None = None) -> None:
    staff.check(by, SETTINGS)
    async with in_transaction():
        if not await ForceJoinChannel.filter(chat_id=chat_id).delete():
            raise NotFound(entity="channel", id=chat_id)
        if by is not None:
            await audit.record(by.id, "channel.remove", chat_id)
