"""The two bots measured side by side: the whole shop, and a bare aiogram bot that answers
every update with one message (the framework's ceiling on this machine)."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path

from aiogram import Dispatcher
from aiogram.types import CallbackQuery, Message

from nanostore.bot.app import build_shop
from nanostore.bot.screens import load_shop_bundle
from nanostore.config import load_settings
from nanostore.db.connection import close_database, open_database
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot, stop_polling
from nanostore.services import categories, products


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


@asynccontextmanager
async def polling(emulator: Emulator, dispatcher: Dispatcher, bot):
    # Production settings: updates handled as concurrent tasks.
    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False,
                                                        close_bot_session=False))
    try:
        yield
    finally:
        # A customer's timer stops at the screen's edit; the bot may still be answering the
        # callback query. Let it finish, so stopping does not show up as failed updates.
        with contextlib.suppress(AssertionError):
            await emulator.settle(timeout=10)
        await stop_polling(dispatcher, task)
        await bot.session.close()


@asynccontextmanager
async def running(kind: str, emulator: Emulator, product_count: int = 20):
    bot = make_bot(emulator)
    if kind == "bare":
        async with polling(emulator, bare_dispatcher(), bot):
            yield
        return
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite://{Path(folder) / 'bench.db'}"
        await open_database(database_url)
        try:
            await seed_catalog(product_count)
            settings = load_settings(BOT_TOKEN=emulator.token, DATABASE_URL=database_url,
                                     TELEGRAM_API_URL=emulator.base_url, ADMIN_IDS="1")
            shop = build_shop(settings, load_shop_bundle(), bot)
            async with polling(emulator, shop.dispatcher, bot):
                yield
        finally:
            await close_database()
