"""The shop under test: the real Dispatcher on the loopback emulator, people to act as."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram.fsm.storage.memory import SimpleEventIsolation

from nanostore.bot.app import Shop, build_shop
from nanostore.bot.screens import load_shop_bundle
from nanostore.config import Settings, load_settings
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot, run_bot
from tests.e2e.json_storage import JsonMemoryStorage

ADMIN_ID = 9000
_bundles = {}


def shop_bundle():
    # Screens are parsed once per test run; dialogs are still built fresh for each dispatcher.
    if "strict" not in _bundles:
        _bundles["strict"] = load_shop_bundle(strict=True)
    return _bundles["strict"]


@dataclass
class ShopUnderTest:
    emulator: Emulator
    shop: Shop
    settings: Settings

    def person(self, user_id: int, first_name: str = "Ann", **kwargs):
        kwargs.setdefault("language_code", "en")
        return self.emulator.person(user_id, first_name, **kwargs)

    @property
    def admin(self):
        return self.person(ADMIN_ID, "Admin", username="boss")

    async def flush(self) -> None:
        """Send every notification due now, and wait until the bot is quiet."""
        while await self.shop.notifier.send_due():
            pass
        await self.emulator.settle()


@asynccontextmanager
async def running_shop(emulator: Emulator, database_url: str, mode: str = "polling", **overrides):
    # ADMIN_IDS may be overridden (several admins); the rest names this emulator and database.
    overrides = {"ADMIN_IDS": str(ADMIN_ID), **overrides}
    settings = load_settings(BOT_TOKEN=emulator.token, DATABASE_URL=database_url,
                             TELEGRAM_API_URL=emulator.base_url, **overrides)
    bot = make_bot(emulator)
    shop = build_shop(settings, shop_bundle(), bot, storage=JsonMemoryStorage(),
                      events_isolation=SimpleEventIsolation())
    notifier = asyncio.create_task(shop.notifier.run_forever())
    try:
        async with run_bot(emulator, shop.dispatcher, mode, bot=bot):
            yield ShopUnderTest(emulator, shop, settings)
    finally:
        notifier.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await notifier
        if shop.crypto_pay is not None:
            await shop.crypto_pay.close()
