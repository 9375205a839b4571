"""People: registration on every update, language, bans, blocked-bot flags, admin lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import User
from nanostore.db.prepared import Prepared

from . import audit, orders
from .errors import InvalidInput, NotFound
from .outbox import notify_user
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

# Runs on every update: within this window an unchanged person costs one SELECT and no write.
TOUCH_INTERVAL = timedelta(seconds=60)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")
SEARCH_MAX = 64
BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True)
class TelegramPerson:
    id: int
    first_name: str = ""
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None

    def columns(self) -> dict:
        return {"username": self.username[:64] if self.username else None,
                "first_name": (self.first_name or "")[:128],
                "last_name": self.last_name[:128] if self.last_name else None,
                "telegram_language": self.language_code[:16] if self.language_code else None}


@dataclass(frozen=True)
class Profile:
    user_id: int
    username: str | None
    first_name: str
    language: str | None
    balance: int
    orders_count: int
    joined_at: datetime
    is_banned: bool


# Read on every update (bot/middlewares/identity.py): its SQL is built once.
_BY_ID = Prepared(User, lambda user_id: User.filter(id=user_id).limit(1))


async def register_or_touch(id: int, username: str | None = None, first_name: str = "",
                            last_name: str | None = None, language_code: str | None = None
                            ) -> tuple[User, bool]:
    person = TelegramPerson(id, first_name or "", username, last_name, language_code)
    user = await _BY_ID.first(id)
    if user is None:
        return await _register(person)
    changes = _changes(user, person)
    if changes:
        await User.filter(id=id).update(**changes)
        for field, value in changes.items():
            setattr(user, field, value)
    return user, False


def _changes(user: User, person: TelegramPerson) -> dict:
    now = utc_now()
    changes = {field: value for field, value in person.columns().items()
               if getattr(user, field) != value}
    # Someone writing to the bot has evidently unblocked it.
    if user.has_blocked_bot:
        changes["has_blocked_bot"] = False
    if changes or now - user.last_seen_at >= TOUCH_INTERVAL:
        changes["last_seen_at"] = now
    return changes


async def _register(person: TelegramPerson) -> tuple[User, bool]:
    try:
        return await User.create(id=person.id, **person.columns()), True
    except IntegrityError:
        # Two first updates of a new person raced; the other one registered them.
        return await User.get(id=person.id), False


async def set_language(user_id: int, language: str | None) -> None:
    """`None` goes back to following the Telegram app's language."""
    if language is not None and not LANGUAGE_CODE.match(language):
        raise InvalidInput(field="language", reason="format")
    if not await User.filter(id=user_id).update(language=language):
        raise NotFound(entity="user", id=user_id)


async def ban(user_id: int, admin_id: int) -> bool:
    return await _set_banned(user_id, admin_id, banned=True)


async def unban(user_id: int, admin_id: int) -> bool:
    return await _set_banned(user_id, admin_id, banned=False)


async def _set_banned(user_id: int, admin_id: int, banned: bool) -> bool:
    """True when the flag changed; a repeated ban (double tap) changes and audits nothing."""
    if banned and user_id == admin_id:
        raise InvalidInput(field="user_id", reason="self")
    async with in_transaction():
        changed = await User.filter(id=user_id, is_banned=not banned).update(is_banned=banned)
        if not changed:
            if not await User.exists(id=user_id):
                raise NotFound(entity="user", id=user_id)
            return False
        await audit.record(admin_id, "user.ban" if banned else "user.unban", user_id,
                           before={"is_banned": not banned}, after={"is_banned": banned})
        await notify_user(user_id, "account_banned" if banned else "account_unbanned")
        return True


async def mark_blocked_bot(user_id: int) -> bool:
    return bool(await User.filter(id=user_id, has_blocked_bot=False).update(has_blocked_bot=True))


async def mark_unblocked(user_id: int) -> bool:
    return bool(await User.filter(id=user_id, has_blocked_bot=True).update(has_blocked_bot=False))


async def is_banned(user_id: int) -> bool:
    return await User.filter(id=user_id, is_banned=True).exists()


async def get(user_id: int) -> User:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound(entity="user", id=user_id)
    return user


async def get_profile(user_id: int) -> Profile:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound(entity="user", id=user_id)
    orders_count = await orders.count_for_user(user_id)
    return Profile(user_id=user.id, username=user.username, first_name=user.first_name,
                   language=user.language or user.telegram_language, balance=user.balance,
                   orders_count=orders_count, joined_at=user.joined_at, is_banned=user.is_banned)


async def search(query: str, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[User]:
    """By exact numeric id, @username, or part of a name or username (case-insensitive)."""
    text = query.strip()[:SEARCH_MAX]
    if not text:
        raise InvalidInput(field="query", reason="empty")
    if text.startswith("@"):
        condition = Q(username__iexact=text[1:])
    else:
        condition = (Q(username__icontains=text) | Q(first_name__icontains=text)
                     | Q(last_name__icontains=text))
        if text.isascii() and text.isdigit() and int(text) <= BIGINT_MAX:
            condition |= Q(id=int(text))
    return await paginate(User.filter(condition).order_by("-joined_at", "-id"), page, page_size)


async def list_users(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[User]:
    return await paginate(User.all().order_by("-joined_at", "-id"), page, page_size)
