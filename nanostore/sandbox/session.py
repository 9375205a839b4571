"""One sandbox: emulator, database with the demo shop, live bot and screen watcher, started
and stopped together (by `nanostore sandbox` and by the tests)."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from pathlib import Path

from nanostore.bot.screens import shop_registry
from nanostore.config import Settings, load_settings
from nanostore.db.connection import close_database, open_database
from nanostore.emulator import Emulator, Person, Timing
from nanostore.sandbox.demo import load_demo
from nanostore.sandbox.live_bot import LiveBot
from nanostore.sandbox.personas import ADMIN, PERSONAS
from nanostore.sandbox.watcher import ScreenWatcher


class Sandbox:
    def __init__(self, screens_dir: Path | None = None, locales_dir: Path | None = None,
                 database_url: str | None = None, demo: bool = True, watch: bool = True) -> None:
        self._screens_dir, self._locales_dir = screens_dir, locales_dir
        self._database_url = database_url
        self._demo = demo
        self._watch = watch  # tests turn the loop off and call watcher.check_once() themselves
        self._temporary: tempfile.TemporaryDirectory | None = None
        # Telegram's own deadlines; settle waits long enough for a slow admin screen.
        self.emulator = Emulator(bot_username="nanostore_sandbox_bot", bot_name="NanoStore",
                                 timing=Timing(settle_timeout=20.0))
        self.settings: Settings | None = None
        self.live_bot: LiveBot | None = None
        self.watcher: ScreenWatcher | None = None
        self._watch_task: asyncio.Task | None = None

    def person(self, persona_key: str) -> Person:
        persona = PERSONAS[persona_key]
        return self.emulator.person(persona.user_id, persona.first_name,
                                    username=persona.username, language_code="en")

    async def start(self) -> Sandbox:
        await self.emulator.start()
        self.settings = self._settings()
        self.watcher = ScreenWatcher(self.settings.screen_folders, self.settings.locale_folders,
                                     self.settings.default_locale, self._apply,
                                     media_dir=self.settings.media_folders)
        shop_registry()  # import the feature modules here, not in the loader thread
        # A broken shop folder starts on the built-in screens (the page lists the problems);
        # only broken built-in screens fail loudly (ScreenErrors) before anything runs.
        bundle = await asyncio.to_thread(self.watcher.load_first)
        await open_database(self.settings.database_url)
        if self._demo:
            await load_demo(lambda png: self.emulator.upload(png, "photo", "banner.png"))
        for key in PERSONAS:  # their chats exist, so admin notifications reach the admin
            self.person(key)
        self.live_bot = LiveBot(self.emulator, self.settings)
        await self.live_bot.start(bundle)
        if self._watch:
            self._watch_task = asyncio.create_task(self.watcher.run_forever())
        return self

    def _settings(self) -> Settings:
        database_url = self._database_url
        if database_url is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="nanostore-sandbox-")
            database_url = f"sqlite://{Path(self._temporary.name) / 'sandbox.db'}"
        overrides = {"BOT_TOKEN": self.emulator.token, "TELEGRAM_API_URL": self.emulator.base_url,
                     "ADMIN_IDS": str(ADMIN.user_id), "DATABASE_URL": database_url,
                     "REDIS_URL": None, "WEBHOOK_URL": None}
        if self._screens_dir is not None:
            overrides["SCREENS_DIR"] = str(self._screens_dir)
        if self._locales_dir is not None:
            overrides["LOCALES_DIR"] = str(self._locales_dir)
        return load_settings(**overrides)

    async def _apply(self, bundle) -> None:
        assert self.live_bot is not None  # the watcher applies changes only after start()
        await self.live_bot.swap(bundle)

    async def stop(self) -> None:
        if self._watch_task:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch_task
        if self.live_bot:
            await self.live_bot.stop()
        await self.emulator.stop()
        await close_database()
        if self._temporary:
            self._temporary.cleanup()
