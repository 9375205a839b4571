"""A dispatcher with the sample screens, driven by aiogram-dialog's test tools."""

from __future__ import annotations

import itertools
import shutil
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters import CommandStart
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import Message, Update
from aiogram_dialog import DialogManager, StartMode, setup_dialogs
from aiogram_dialog.api.entities import stack as aiogd_stack
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.bot_client import FakeBot
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from nanostore.content import BUILTIN_CONTENT
from nanostore.ui import (load_bundle, setup_screens, setup_stale_button_recovery,
                          show_error_as_notice, start_dialog)
from tests.ui.sample_registry import FakeStore, build_registry

GOOD = Path(__file__).parent / "fixtures" / "good"


class RecordingBot(FakeBot):
    """FakeBot that remembers callback answers, to see the notes people get."""

    def __init__(self):
        self.answers: list[AnswerCallbackQuery] = []

    async def __call__(self, method, request_timeout=None):
        if isinstance(method, AnswerCallbackQuery):
            self.answers.append(method)
        return await super().__call__(method, request_timeout)


@dataclass
class Person:
    """Locale and role as the host app's middleware would provide them."""
    locale: str | None = "en"
    is_admin: bool = False


@dataclass
class Harness:
    dp: Dispatcher
    client: BotClient
    messages: MockMessageManager
    store: FakeStore
    person: Person
    bot: RecordingBot
    bundle: Any = field(repr=False, default=None)

    def last(self):
        return self.messages.last_message()

    async def start(self, text: str = "/start"):
        self.messages.reset_history()
        await self.client.send(text)
        return self.last()

    async def tap(self, button_text: str, message=None):
        """Tap a button (by its text, a regex) on `message` or on the last message shown."""
        message = message or self.last()
        self.messages.reset_history()
        await self.client.click(message, InlineButtonTextLocator(button_text))
        return self.last()

    async def send(self, text: str):
        self.messages.reset_history()
        await self.client.send(text)
        return self.last()

    async def send_message(self, **content):
        """Send any message (photo=..., sticker=...), which BotClient.send cannot."""
        self.messages.reset_history()
        message = Message(message_id=self.client._new_message_id(), date=datetime.now(),
                          chat=self.client.chat, from_user=self.client.user, **content)
        await self.dp.feed_update(self.bot, Update(update_id=self.client._new_update_id(),
                                                   message=message))
        return self.last()

    def buttons(self, message=None) -> list[str]:
        message = message or self.last()
        if not message.reply_markup:
            return []
        return [button.text for row in message.reply_markup.inline_keyboard for button in row]


@pytest.fixture(autouse=True)
def distinct_intent_ids(monkeypatch):
    # aiogram-dialog ids come from time() plus a small random number: they collide in fast tests.
    counter = itertools.count(10_000)
    monkeypatch.setattr(aiogd_stack, "new_int_id", lambda: next(counter))


def make_harness(screens: Path = GOOD / "screens", locales: Path = GOOD / "locales",
                 on_action_error=show_error_as_notice) -> Harness:
    registry = build_registry()
    bundle = load_bundle(screens, locales, registry, strict=True)
    person, store = Person(), FakeStore()
    dp = Dispatcher(storage=JsonMemoryStorage())
    dp["store"] = store

    @dp.update.outer_middleware()
    async def identity(handler, event, data):
        data.update(locale=person.locale, is_admin=person.is_admin)
        return await handler(event, data)

    start_router = Router()

    @start_router.message(CommandStart())
    async def on_start(message, dialog_manager: DialogManager):
        await start_dialog(dialog_manager, "menu", mode=StartMode.RESET_STACK)

    dp.include_router(start_router)
    setup_screens(dp, bundle, on_action_error=on_action_error)
    setup_stale_button_recovery(dp, home_dialog="menu", note_key="common.stale")
    messages = MockMessageManager()
    setup_dialogs(dp, message_manager=messages)
    bot = RecordingBot()
    return Harness(dp, BotClient(dp, bot=bot), messages, store, person, bot, bundle)


@pytest.fixture
def shop() -> Harness:
    return make_harness()


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """The shipped screens and locales, in a folder the test may break, as the working
    directory (problems then name `screens/...` and `locales/...`)."""
    for kind in ("screens", "locales"):
        shutil.copytree(BUILTIN_CONTENT / kind, tmp_path / kind)
    monkeypatch.chdir(tmp_path)
    return tmp_path
