"""Who is this: registers the person on every update and works out their language and role.

Puts into handler data: `shop_user` (the User row), `actor` (who acts: owner or staff roles,
domain/staff.py), `is_admin` (an owner or anyone with a staff role), `locale`, `t` (translate in
that locale) and `shop` (the shop settings, also set for filters such as `money`). Everything
after it — gates, dialogs, getters — relies on these keys.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser

from nanostore.getters.shop_context import current_shop
from nanostore.services import settings as shop_settings
from nanostore.services import staff, users

Translate = Callable[..., str]


def resolve_locale(chosen: str | None, telegram_code: str | None, available: Collection[str],
                   default: str) -> str:
    """The person's own choice, else their Telegram language, else the shop default."""
    if chosen is not None and chosen in available:
        return chosen
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in available:
            return base
    return default


class IdentityMiddleware(BaseMiddleware):
    def __init__(self, admin_ids: Collection[int], locales: Collection[str], default_locale: str,
                 translator: Callable[[str], Translate]):
        self.admin_ids = admin_ids
        self.locales = locales
        self.default_locale = default_locale
        self.translator = translator

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        shop = await shop_settings.load()
        current_shop.set(shop)
        data["shop"] = shop
        person: TelegramUser | None = data.get("event_from_user")
        if person is None or person.is_bot:
            return await handler(event, data)
        shop_user, created = await users.register_or_touch(
            id=person.id, username=person.username, first_name=person.first_name,
            last_name=person.last_name, language_code=person.language_code)
        locale = resolve_locale(shop_user.language, person.language_code, self.locales,
                                self.default_locale)
        actor = staff.actor_for(shop_user, self.admin_ids)
        data.update(shop_user=shop_user, user_created=created, actor=actor, is_admin=actor.is_staff,
                    locale=locale, t=self.translator(locale))
        return await handler(event, data)
