"""The sample screens over real HTTP: the engine's dialogs on the loopback Bot API emulator,
with aiogram's real session and aiogram-dialog's real message manager (edits, media, inputs)."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters import CommandStart
from aiogram_dialog import DialogManager, StartMode, setup_dialogs
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from nanostore.emulator import Emulator
from nanostore.emulator.harness import run_bot
from nanostore.ui import load_bundle, setup_screens, setup_stale_button_recovery, start_dialog
from tests.fixtures.ui_harness import GOOD
from tests.ui.sample_registry import FakeStore, build_registry


def sample_dispatcher(store: FakeStore) -> Dispatcher:
    bundle = load_bundle(GOOD / "screens", GOOD / "locales", build_registry(), strict=True)
    dp = Dispatcher(storage=JsonMemoryStorage())
    dp["store"] = store

    @dp.update.outer_middleware()
    async def identity(handler, event, data):
        user = data.get("event_from_user")
        data.update(locale=user.language_code if user else "en", is_admin=False)
        return await handler(event, data)

    start = Router()

    @start.message(CommandStart())
    async def on_start(message, dialog_manager: DialogManager):
        await start_dialog(dialog_manager, "menu", mode=StartMode.RESET_STACK)

    dp.include_router(start)
    setup_screens(dp, bundle)
    setup_stale_button_recovery(dp, home_dialog="menu", note_key="common.stale")
    setup_dialogs(dp)
    return dp


@pytest.fixture(params=["polling", "webhook"])
async def sample_bot(request):
    async with Emulator() as emulator:
        store = FakeStore()
        # A photo the emulator knows, as one uploaded earlier would be.
        store.products[0]["image_id"] = emulator.upload(b"\x89PNG", "photo")
        dispatcher = sample_dispatcher(store)
        async with run_bot(emulator, dispatcher, request.param):
            emulator.dispatcher = dispatcher
            yield emulator


async def test_taps_edit_in_place_and_media_windows_switch_message(sample_bot):
    ann = sample_bot.person(1, "Ann", language_code="en")
    await ann.command("start")
    menu = ann.screen.message
    assert ann.screen.text.startswith("Hello, Ann!")
    await ann.tap("Catalog")
    assert ann.screen.text == "Products, page 1 of 3"
    assert ann.screen.message.message_id == menu.message_id  # edited, not resent
    await ann.tap("Item 1 · $1.00")
    assert ann.screen.media_kind == "photo"
    assert ann.screen.text.startswith("Item 1")  # caption, HTML parsed by the emulator


async def test_text_input_rejects_then_accepts(sample_bot):
    ann = sample_bot.person(2, "Ann", language_code="en")
    await ann.command("start")
    await ann.tap("Cart")
    await ann.send("old")
    assert ann.screen.text.startswith("That does not look right")
    await ann.send("42")
    assert ann.screen.text.startswith("Age 42.")


async def test_stale_button_restarts_at_the_menu_with_a_note(sample_bot):
    ann = sample_bot.person(3, "Ann", language_code="en")
    await ann.command("start")
    # The dialog state is gone (a restart on in-memory storage) while the buttons stay.
    sample_bot.dispatcher.storage.storage.clear()
    await ann.tap("Catalog")
    assert any("outdated" in alert.text for alert in ann.alerts)
    assert ann.screen.text.startswith("Hello, Ann!")


async def test_russian_from_telegram_language(sample_bot):
    ivan = sample_bot.person(4, "Иван", language_code="ru")
    await ivan.command("start")
    assert ivan.screen.text.startswith("Привет, Ann!")  # the sample store's name
