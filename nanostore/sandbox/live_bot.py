"""The shop bot polling the sandbox's emulator, its screens swappable while it runs.

One loop polls getUpdates for the whole session and hands each update to the Dispatcher of the
current screens version. A swap builds a Dispatcher from the new screens (same Bot, dialog
storage, event isolation and notifier) and makes it current: the next update taken goes to it.
Nothing is stopped or started, so there is never a second poller — two would end each other's
long polls with 409 Conflict and either could answer a tap with old screens. An update being
handled when a swap lands finishes on the version that took it; the offset passes an update
only once it is handled, so an acknowledged update is a handled one (the people API's settle()
relies on that) and a swap never loses one. A person's open dialog continues with the new
texts on their next tap (states keep their names); a dialog that vanished is handled by
stale-button recovery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.methods import TelegramMethod
from aiogram.types import Message, Update

from nanostore.bot.app import Shop, build_shop
from nanostore.config import Settings
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot
from nanostore.ui import ScreenBundle

log = logging.getLogger("nanostore.sandbox")
LONG_POLL_SECONDS = 10
RETRY_SECONDS = 0.5  # after a failed getUpdates (the emulator going away at shutdown)

# The screens version handling the update in progress; unset outside updates (notifier).
_answering_version: ContextVar[int | None] = ContextVar("answering_version", default=None)


@dataclass(frozen=True)
class ScreensVersion:
    number: int  # 1 for the screens the sandbox started with, +1 on each successful reload
    shop: Shop


class VersionStamps(BaseRequestMiddleware):
    """Which screens version sent or last edited each bot message, for the sandbox page."""

    def __init__(self, current: Callable[[], int]) -> None:
        self.by_message: dict[tuple[int, int], int] = {}
        self._current = current

    async def __call__(self, make_request, bot, method):
        result = await make_request(bot, method)
        sent = result if isinstance(result, list) else [result]  # sendMediaGroup: a list
        version = _answering_version.get() or self._current()
        for message in sent:
            if isinstance(message, Message):
                self.by_message[(message.chat.id, message.message_id)] = version
        return result


class LiveBot:
    def __init__(self, emulator: Emulator, settings: Settings) -> None:
        self.emulator = emulator
        self.settings = settings
        self.bot = make_bot(emulator)
        # Kept across swaps: this is what lets people carry on where they were.
        self.storage = MemoryStorage()
        self.isolation = SimpleEventIsolation()
        self.current: ScreensVersion | None = None
        self.stamps = VersionStamps(lambda: self.version)
        self.bot.session.middleware(self.stamps)
        self._tasks: list[asyncio.Task] = []

    @property
    def version(self) -> int:
        return self.current.number if self.current else 0

    @property
    def shop(self) -> Shop | None:
        return self.current.shop if self.current else None

    @property
    def running(self) -> ScreensVersion:
        """The version answering now: there is one from start() on."""
        if self.current is None:
            raise RuntimeError("the live bot has not been started")
        return self.current

    async def start(self, bundle: ScreenBundle) -> None:
        await self.swap(bundle)
        self._tasks = [asyncio.create_task(self._poll_forever()),
                       asyncio.create_task(self.running.shop.notifier.run_forever())]

    async def swap(self, bundle: ScreenBundle) -> None:
        shop = build_shop(self.settings, bundle, self.bot, storage=self.storage,
                          events_isolation=self.isolation)
        if self.current is not None:
            self._keep_notifier(shop)
        # What start_polling would do first: aiogram-dialog fills its registry on startup.
        await shop.dispatcher.emit_startup(bot=self.bot, dispatcher=shop.dispatcher, bots=[self.bot])
        self.current = ScreensVersion(self.version + 1, shop)
        log.info("screens version %d answering", self.version)

    def _keep_notifier(self, shop: Shop) -> None:
        """One outbox sender for the session, rendering with the newest notification texts:
        stopping the old one could cut a send between Telegram's answer and marking the row."""
        running = self.running.shop.notifier
        running.render = shop.notifier.render
        shop.notifier = running
        shop.dispatcher["notifier"] = running

    async def _poll_forever(self) -> None:
        offset = None
        # Longer than the long poll itself, as aiogram's own polling asks.
        request_timeout = int(self.bot.session.timeout + LONG_POLL_SECONDS)
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=LONG_POLL_SECONDS, request_timeout=request_timeout,
                    allowed_updates=self.running.shop.dispatcher.resolve_used_update_types())
            except Exception as error:  # noqa: BLE001 — polling must outlive a failed request
                log.warning("getUpdates failed (%s); retrying", error)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            for update in updates:
                await self._handle(update)
                offset = update.update_id + 1  # acknowledged with the next poll, once handled

    async def _handle(self, update: Update) -> None:
        version = self.running  # the newest version when the update is taken answers all of it
        token = _answering_version.set(version.number)
        dispatcher = version.shop.dispatcher
        try:
            response = await dispatcher.feed_update(self.bot, update, bots=[self.bot])
            if isinstance(response, TelegramMethod):  # a handler's reply-as-return, as polling does
                await dispatcher.silent_call_request(self.bot, response)
        except Exception:  # one broken update must not stop the bot
            log.exception("update %s failed", update.update_id)
        finally:
            _answering_version.reset(token)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.bot.session.close()
