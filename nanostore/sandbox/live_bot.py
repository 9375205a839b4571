"""The shop bot polling the sandbox's emulator, swappable for one built from new screens.

A swap stops the running Dispatcher and starts a freshly built one on the same Bot, database
and dialog storage: a person's open dialog continues with the new texts on their next tap
(states keep their names), and a dialog that vanished is handled by stale-button recovery.
"""

from __future__ import annotations

import asyncio
import contextlib

from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation

from nanostore.bot.app import Shop, build_shop
from nanostore.config import Settings
from nanostore.emulator import Emulator, SettleTimeout
from nanostore.emulator.harness import make_bot
from nanostore.ui import ScreenBundle


class LiveBot:
    def __init__(self, emulator: Emulator, settings: Settings) -> None:
        self.emulator = emulator
        self.settings = settings
        self.bot = make_bot(emulator)
        # Kept across swaps: this is what lets people carry on where they were.
        self.storage = MemoryStorage()
        self.isolation = SimpleEventIsolation()
        self.shop: Shop | None = None
        self._tasks: list[asyncio.Task] = []

    async def start(self, bundle: ScreenBundle) -> None:
        shop = build_shop(self.settings, bundle, self.bot, storage=self.storage,
                          events_isolation=self.isolation)
        # handle_as_tasks=False: an acknowledged update is a handled one, which the people
        # API's settle() (and so every click on the page) relies on.
        polling = shop.dispatcher.start_polling(
            self.bot, handle_as_tasks=False, handle_signals=False, close_bot_session=False,
            polling_timeout=10)
        self._tasks = [asyncio.create_task(polling), asyncio.create_task(shop.notifier.run_forever())]
        self.shop = shop

    async def swap(self, bundle: ScreenBundle) -> None:
        # Let a click being handled finish first, so nobody's screen is cut in half.
        with contextlib.suppress(SettleTimeout):
            await self.emulator.settle()
        await self._stop_tasks()
        await self.start(bundle)

    async def stop(self) -> None:
        await self._stop_tasks()
        await self.bot.session.close()

    async def _stop_tasks(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
