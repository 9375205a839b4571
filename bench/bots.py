"""The bots measured side by side: the whole shop, the same customer screens written by hand
in aiogram-dialog (bench/dialog_bot.py: the framework's own cost), and a bare aiogram bot
that answers every update with one message (the ceiling on this machine).

Each bot runs in a process of its own (`python -m bench.bots KIND URL TOKEN COUNT [MODE]`), by
long polling or by webhook as `nanostore run` does, talking to
the emulator over loopback HTTP as a deployed bot talks to Telegram, so its CPU time is its
own: read from /proc, with SQLite's thread counted as the shop's, as it should be. Profilers
run the bot in a thread of the benchmark's process instead (BotThread), where cProfile can
see it; three threads then share one GIL, which makes every hand-over dearer.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace

from aiogram import Dispatcher
from aiogram.types import CallbackQuery, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

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
        await serve(self.kind, self.emulator.base_url, self.emulator.token, self.product_count,
                    self.ready.set, self._stop)

    def cpu_seconds(self) -> float:
        """The bot's threads: the process's CPU time minus the main thread's."""
        return time.process_time() - time.thread_time()


class BotProcess:
    """One bot polling the emulator from a process of its own."""

    def __init__(self, kind: str, emulator: Emulator, product_count: int, tree: str | None = None,
                 mode: str = "polling") -> None:
        self.kind, self.emulator, self.product_count, self.mode = kind, emulator, product_count, mode
        self.tree = tree  # another checkout's code (its bench/ and nanostore/), for before/after
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = os.environ | ({"PYTHONPATH": self.tree} if self.tree else {})
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.bots", self.kind, self.emulator.base_url,
            self.emulator.token, str(self.product_count), self.mode, stdout=asyncio.subprocess.PIPE,
            env=env, cwd=self.tree)
        assert self.process.stdout is not None
        if (await self.process.stdout.readline()).strip() != b"ready":
            raise RuntimeError(f"the {self.kind} bot did not start")

    async def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), timeout=60)

    def cpu_seconds(self) -> float:
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def serve(kind: str, base_url: str, token: str, product_count: int,
                started: Callable[[], object], stop: asyncio.Event, mode: str = "polling") -> None:
    bot = make_bot(SimpleNamespace(base_url=base_url, token=token))  # type: ignore[arg-type]
    run = _poll if mode == "polling" else _serve_webhook
    if kind != "shop":
        dispatcher = bare_dispatcher() if kind == "bare" else dialog_dispatcher(product_count)
        await run(dispatcher, bot, started, stop)
        return
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite://{Path(folder) / 'bench.db'}"
        await open_database(database_url)
        try:
            await seed_catalog(product_count)
            settings = load_settings(BOT_TOKEN=token, DATABASE_URL=database_url,
                                     TELEGRAM_API_URL=base_url, ADMIN_IDS="1")
            await run(build_shop(settings, load_shop_bundle(), bot).dispatcher, bot, started, stop)
        finally:
            await close_database()


async def _poll(dispatcher: Dispatcher, bot, started: Callable[[], object], stop: asyncio.Event) -> None:
    # Production settings: updates handled as concurrent tasks.
    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False,
                                                        close_bot_session=False))
    started()
    try:
        await stop.wait()
    finally:
        await stop_polling(dispatcher, task)
        await bot.session.close()


async def _serve_webhook(dispatcher: Dispatcher, bot, started: Callable[[], object],
                         stop: asyncio.Event) -> None:
    # As `nanostore run` serves it (bot/webhook.py): the update is handled before the POST
    # is answered.
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False).register(app, path="/hook")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await dispatcher.emit_startup(bot=bot)
    await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook",
                          allowed_updates=dispatcher.resolve_used_update_types())
    started()
    try:
        await stop.wait()
    finally:
        await dispatcher.emit_shutdown(bot=bot)
        await runner.cleanup()
        await bot.session.close()


class CpuClock:
    """CPU seconds since it was made: the bot's own, and everything (bot, emulator, customers)."""

    def __init__(self, side: BotThread | BotProcess) -> None:
        self.side = side
        self.bot, self.here = side.cpu_seconds(), time.process_time()

    def bot_seconds(self) -> float:
        return self.side.cpu_seconds() - self.bot

    def all_seconds(self) -> float:
        here = time.process_time() - self.here
        return here if isinstance(self.side, BotThread) else here + self.bot_seconds()


@asynccontextmanager
async def running(kind: str, emulator: Emulator, product_count: int = 20, in_thread: bool = False,
                  tree: str | None = None, mode: str = "polling"):
    side = (BotThread(kind, emulator, product_count) if in_thread
            else BotProcess(kind, emulator, product_count, tree, mode))
    await side.start()
    try:
        yield side
    finally:
        # A customer's timer stops at the screen's edit; the bot may still be answering the
        # callback query. Let it finish, so stopping does not show up as failed updates.
        with contextlib.suppress(AssertionError):
            await emulator.settle(timeout=10)
        await side.stop()


async def _serve_until_terminated(kind: str, base_url: str, token: str, product_count: int,
                                  mode: str) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await serve(kind, base_url, token, product_count, lambda: print("ready", flush=True), stop, mode)


if __name__ == "__main__":
    asyncio.run(_serve_until_terminated(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]),
                                        sys.argv[5] if len(sys.argv) > 5 else "polling"))
