"""Old buttons: a person taps a message from before a restart or a renamed window.

aiogram-dialog then raises UnknownIntent, UnknownState or OutdatedIntent. Instead of an error
we answer the tap with a short note and start the home dialog afresh.
"""

from __future__ import annotations

import logging

from aiogram import Dispatcher
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState
from markupsafe import Markup

from nanostore.ui.runtime import LOCALE_KEY
from nanostore.ui.setup import TRANSLATOR_FIELD
from nanostore.ui.states import first_state

logger = logging.getLogger(__name__)
STALE_ERRORS = (UnknownIntent, UnknownState, OutdatedIntent)


def setup_stale_button_recovery(dp: Dispatcher, home_dialog: str = "menu",
                                note_key: str = "common.stale") -> None:
    async def recover(event: ErrorEvent, dialog_manager: DialogManager, **data) -> None:
        logger.info("stale button (%s): restarting at %s", type(event.exception).__name__, home_dialog)
        callback = event.update.callback_query
        if callback is not None:
            note = _note(data, note_key)
            await data["bot"].answer_callback_query(callback.id, text=note)
        await dialog_manager.start(first_state(home_dialog, dialog_manager), mode=StartMode.RESET_STACK)

    dp.errors.register(recover, ExceptionTypeFilter(*STALE_ERRORS))


def _note(data: dict, note_key: str) -> str | None:
    translator = data.get(TRANSLATOR_FIELD)
    if translator is None:
        return None
    language = translator.locales.language_or_default(data.get(LOCALE_KEY))
    return Markup(translator.translate(language, note_key)).striptags()[:200]
