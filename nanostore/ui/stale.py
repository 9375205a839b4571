"""Old buttons: a person taps a message from before a restart, a renamed window or a button no
screen knows (junk data, a keyboard from an older version of the screens, a message the bot can
no longer see).

aiogram-dialog raises UnknownIntent, UnknownState or OutdatedIntent for the first kinds and
leaves the last unhandled, which would leave the button spinning until the client gives up.
Either way the tap is answered with a short note and the person gets a screen: the one they
are on, or the home dialog afresh. Recovery must never fail louder than the tap it recovers,
so a Telegram refusal here is one log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Dispatcher, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState
from markupsafe import Markup

from nanostore.ui.access import AccessRefused
from nanostore.ui.runtime import LOCALE_KEY
from nanostore.ui.setup import TRANSLATOR_FIELD
from nanostore.ui.states import first_state

logger = logging.getLogger(__name__)
STALE_ERRORS = (UnknownIntent, UnknownState, OutdatedIntent)


def setup_stale_button_recovery(dp: Dispatcher, home_dialog: str = "menu",
                                note_key: str = "common.stale",
                                current_note_key: str = "common.outdated_button") -> None:
    """Call after every screen is set up: the unknown-button router must come last."""

    async def recover(event: ErrorEvent, dialog_manager: DialogManager, **data) -> None:
        logger.info("stale button (%s): restarting at %s", type(event.exception).__name__, home_dialog)
        with _quietly():
            await _answer(event.update.callback_query, _note(data, note_key))
            await _start_home(dialog_manager, home_dialog)

    async def unknown_button(callback: CallbackQuery, dialog_manager: DialogManager | None = None,
                             **data) -> None:
        logger.info("button no screen knows (%r): answering it", (callback.data or "")[:64])
        with _quietly():
            if dialog_manager is None:  # an inline-mode message: no chat to show a screen in
                await _answer(callback, _note(data, note_key))
            elif dialog_manager.has_context():
                await _answer(callback, _note(data, current_note_key))
                await dialog_manager.show(ShowMode.SEND)
            else:
                await _answer(callback, _note(data, note_key))
                await _start_home(dialog_manager, home_dialog)

    dp.errors.register(recover, ExceptionTypeFilter(*STALE_ERRORS))
    last = Router(name="unknown_buttons")
    last.callback_query.register(unknown_button)
    dp.include_router(last)


def setup_access_refusal(dp: Dispatcher, home_dialog: str = "menu",
                         note_key: str = "common.no_access") -> None:
    """A person taps or types in a window they may no longer use (a role taken away while the
    screen was open, a forged or an old button): a short note, and the screen gives way to the
    home dialog, its stack closed."""

    async def refuse(event: ErrorEvent, dialog_manager: DialogManager, **data) -> None:
        logger.info("refused: the person lacks access %r", getattr(event.exception, "name", "?"))
        note = _note(data, note_key)
        with _quietly():
            update = event.update
            if update.callback_query is not None:
                await update.callback_query.answer(note, show_alert=True)
            elif update.message is not None and note:
                await update.message.answer(note)
            await _start_home(dialog_manager, home_dialog)

    dp.errors.register(refuse, ExceptionTypeFilter(AccessRefused))


async def _answer(callback: CallbackQuery | None, note: str | None) -> None:
    if callback is not None:
        await callback.answer(note)


async def _start_home(manager: DialogManager, home_dialog: str) -> None:
    await manager.start(first_state(home_dialog, manager), mode=StartMode.RESET_STACK)


@contextmanager
def _quietly() -> Iterator[None]:
    """Ends the steps inside quietly on a Telegram refusal (already retried): one log line."""
    try:
        yield
    except TelegramAPIError as error:
        logger.warning("recovering an old button failed: %s", error.message)


def _note(data: dict, note_key: str) -> str | None:
    translator = data.get(TRANSLATOR_FIELD)
    if translator is None:
        return None
    language = translator.locales.language_or_default(data.get(LOCALE_KEY))
    return Markup(translator.translate(language, note_key)).striptags()[:200]
