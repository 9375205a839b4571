"""Runs a real aiogram Dispatcher against an Emulator, by polling or by webhook.

Polling uses ``handle_as_tasks=False`` and the webhook handler ``handle_in_background=False``
so that acknowledging an update means it was handled, which is what settle() relies on.
"""

from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from nanostore.emulator.emulator import Emulator

MODES = ("polling", "webhook")


class LoopbackSession(AiohttpSession):
    """aiogram's real AiohttpSession, minus the 250 ms pause on close that lets TLS
    connections wind down: loopback has no TLS, and dozens of tests would pay it each."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(emulator: Emulator, parse_mode: str | None = "HTML") -> Bot:
    session = LoopbackSession(api=TelegramAPIServer.from_base(emulator.base_url))
    return Bot(emulator.token, session=session, default=DefaultBotProperties(parse_mode=parse_mode))


@dataclass
class RunningBot:
    bot: Bot
    dispatcher: Dispatcher
    mode: str
    webhook_url: str | None = None
    secret_token: str | None = None


@asynccontextmanager
async def run_bot(emulator: Emulator, dispatcher: Dispatcher, mode: str = "polling",
                  bot: Bot | None = None, secret_token: str | None = None, **workflow_data):
    """``async with run_bot(emu, dp, "webhook") as running:`` — stops the bot on exit."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    bot = bot or make_bot(emulator)
    runner = _poll if mode == "polling" else _serve_webhook
    try:
        async with runner(emulator, dispatcher, bot, secret_token, workflow_data) as running:
            yield running
    finally:
        await bot.session.close()


@asynccontextmanager
async def _poll(emulator, dispatcher, bot, secret_token, workflow_data):
    task = asyncio.create_task(dispatcher.start_polling(
        bot, handle_as_tasks=False, handle_signals=False, close_bot_session=False,
        polling_timeout=30, **workflow_data))
    try:
        yield RunningBot(bot, dispatcher, "polling")
    finally:
        await stop_polling(dispatcher, task)


async def stop_polling(dispatcher: Dispatcher, task: asyncio.Task) -> None:
    """Stop a `start_polling` task and the pollers it started.

    Cancelling the task alone is not enough: start_polling runs each bot's poller as a task
    of its own and only cancels them on its stop signal, so a cancelled start_polling leaves
    them fetching updates (from an emulator that may be gone) for as long as the loop runs.
    """
    try:
        await asyncio.wait_for(dispatcher.stop_polling(), timeout=10)
    except (TimeoutError, RuntimeError):  # never started, or stuck: cancel it
        task.cancel()
    await asyncio.gather(task, return_exceptions=True)


@asynccontextmanager
async def _serve_webhook(emulator, dispatcher, bot, secret_token, workflow_data):
    secret_token = secret_token or secrets.token_urlsafe(16)
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False,
                         secret_token=secret_token, **workflow_data).register(app, path="/hook")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    await dispatcher.emit_startup(bot=bot, **workflow_data)
    await bot.set_webhook(url, secret_token=secret_token,
                          allowed_updates=dispatcher.resolve_used_update_types())
    try:
        yield RunningBot(bot, dispatcher, "webhook", url, secret_token)
    finally:
        await dispatcher.emit_shutdown(bot=bot, **workflow_data)
        await runner.cleanup()
