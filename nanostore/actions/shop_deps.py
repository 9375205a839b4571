"""What an action may use besides the services, typed: the bot, the person's shop row, the shop
settings, the notifier, the channel-membership cache and the process settings.

The bot's middlewares put these into aiogram's handler data under string keys (identity.py,
app.py); `deps(ctx)` reads them once, so actions name a typed attribute instead of a key that a
typo would turn into a KeyError at the first tap. The notifier may be absent (a screen test):
actions do without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nanostore.domain.staff import Actor
from nanostore.ui import ActionContext

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.types import Document

    from nanostore.bot.membership import MembershipChecker
    from nanostore.bot.notifier import Notifier
    from nanostore.config import Settings
    from nanostore.services.crypto_pay_api import CryptoPayApi
    from nanostore.services.settings import ShopSettings
    from nanostore.services.users import User


class ShopDeps:
    """A typed view of the handler data: each member is read when used, so an action that
    needs no bot runs where there is none (a screen test)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @property
    def bot(self) -> Bot:
        return self._data["bot"]

    async def download(self, file_id: str) -> bytes:
        """A file the person sent, read whole (the callers bound its size first)."""
        downloaded = await self.bot.download(file_id)
        if downloaded is None:  # only with a destination given; kept for the type checker
            raise RuntimeError(f"nothing downloaded for {file_id}")
        return downloaded.read()

    @property
    def person(self) -> User:
        """The person's row in the shop (registered by the identity middleware)."""
        return self._data["shop_user"]

    @property
    def shop(self) -> ShopSettings:
        """The shop's settings for this update."""
        return self._data["shop"]

    @property
    def is_admin(self) -> bool:
        return bool(self._data.get("is_admin"))

    @property
    def actor(self) -> Actor:
        """Who acts, with their staff roles, for the services that check them."""
        return self._data.get("actor") or Actor(id=self.person.id)

    @property
    def settings(self) -> Settings:
        """The process settings (environment, .env)."""
        return self._data["settings"]

    @property
    def crypto_pay(self) -> CryptoPayApi | None:
        """The Crypto Pay API, when CRYPTO_PAY_TOKEN is set."""
        return self._data.get("crypto_pay")

    @property
    def notifier(self) -> Notifier | None:
        return self._data.get("notifier")

    @property
    def membership(self) -> MembershipChecker:
        return self._data["membership"]


def sent_document(ctx: ActionContext) -> Document:
    """The document of the person's message, for inputs that accept only documents."""
    document = ctx.sent.document
    if document is None:
        raise RuntimeError(f"action {ctx.widget_id!r} expects a document")
    return document


def deps(ctx: ActionContext) -> ShopDeps:
    return ShopDeps(ctx.middleware_data)
