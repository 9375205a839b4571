"""The bots measured side by side: the whole shop, the same customer screens written by hand
in aiogram-dialog (bench/dialog_bot.py: the framework's own cost), and a bare aiogram bot
that answers every update with one message (the ceiling on this machine).

Each bot runs in a thread of its own with its own event loop, so its CPU time can be told
apart from the emulator's and the customers' (which stay in the main thread): the bot's
share is the process's CPU time minus the main thread's. SQLite's own thread counts as the
bot's, as it should.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

from aiogram import Dispatcher
from aiogram.types import CallbackQuery, Message

from bench.dialog_bot import dialog_dispatcher
from nanostore.bot.app import build_shop
from nanostore.bot.screens import load_shop_bundle
from nanostore.config import load_settings
from nanostore.db.connection import close_database, open_database
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot, stop_polling
from nanostore.services import categories, products

KINDS = ("bare", "dialog", "shop")


def bare_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def answer_message(message: Message) -> None:
        await message.answer("ok")

    @dispatcher.callback_query()
    async def answer_tap(callback: CallbackQuery) -> None:
        await callback.message.answer("ok")

    return dispatcher


async def seed_catalog(product_count: int) -> None:
    games = await categories.create("Games", emoji="🎮")
    for number in range(product_count):
        await products.create(games.id, f"Game key {number + 1}", 999 + number)


class BotThread:
    """One bot polling the emulator from its own thread and event loop."""

    def __init__(self, kind: str, emulator: Emulator, product_count: int) -> None:
        self.kind, self.emulator, self.product_count = kind, emulator, product_count
        self.ready = threading.Event()
        self.failure: BaseException | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name=f"bot-{kind}", daemon=True)

    async def start(self) -> None:
        self._thread.start()
        await asyncio.to_thread(self.ready.wait)
        if self.failure is not None:
            raise self.failure

    async def stop(self) -> None:
        if self.loop is not None and self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        await asyncio.to_thread(self._thread.join)
        if self.failure is not None:
            raise self.failure

    def call_in_bot_thread(self, function: Callable[[], object]) -> None:
        """For profilers: cProfile records only the thread that enabled it."""
        assert self.loop is not None
        done = threading.Event()
        self.loop.call_soon_threadsafe(lambda: (function(), done.set()))
        done.wait(10)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # noqa: BLE001 - handed to the main thread by start() or stop()
            self.failure = error
        finally:
            self.ready.set()

    async def _main(self) -> None:
        self.loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        bot = make_bot(self.emulator)
        if self.kind != "shop":
            dispatcher = bare_dispatcher() if self.kind == "bare" else dialog_dispatcher(self.product_count)
            await self._poll(dispatcher, bot)
            return
        with tempfile.TemporaryDirectory() as folder:
            database_url = f"sqlite://{Path(folder) / 'bench.db'}"
            await open_database(database_url)
            try:
                await seed_catalog(self.product_count)
                settings = load_settings(BOT_TOKEN=self.emulator.token, DATABASE_URL=database_url,
                                         TELEGRAM_API_URL=self.emulator.base_url, ADMIN_IDS="1")
                await self._poll(build_shop(settings, load_shop_bundle(), bot).dispatcher, bot)
            finally:
                await close_database()

    async def _poll(self, dispatcher: Dispatcher, bot) -> None:
        assert self._stop is not None
        # Production settings: updates handled as concurrent tasks.
        task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False,
                                                            close_bot_session=False))
        self.ready.set()
        try:
            await self._stop.wait()
        finally:
            await stop_polling(dispatcher, task)
            await bot.session.close()


class CpuClock:
    """CPU seconds of the bot's threads: the process's minus the main thread's."""

    def __init__(self) -> None:
        self.process, self.main = time.process_time(), time.thread_time()

    def bot_seconds(self) -> float:
        return (time.process_time() - self.process) - (time.thread_time() - self.main)

    def all_seconds(self) -> float:
        return time.process_time() - self.process


@asynccontextmanager
async def running(kind: str, emulator: Emulator, product_count: int = 20):
    side = BotThread(kind, emulator, product_count)
    await side.start()
    try:
        yield side
    finally:
        # A customer's timer stops at the screen's edit; the bot may still be answering the
        # callback query. Let it finish, so stopping does not show up as failed updates.
        with contextlib.suppress(AssertionError):
            await emulator.settle(timeout=10)
        await side.stop()
