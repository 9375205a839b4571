"""Inline keyboards without empty rows.

aiogram-dialog renders an empty row for a select with no items and for a StubScroll; sent as is,
the keyboard carries `[]` rows that show nothing and differ from the same screen without them.
"""

from __future__ import annotations

from aiogram_dialog import DialogManager
from aiogram_dialog.api.entities import MarkupVariant
from aiogram_dialog.widgets.kbd.base import RawKeyboard
from aiogram_dialog.widgets.markup.inline_keyboard import InlineKeyboardFactory


class RowsWithButtons(InlineKeyboardFactory):
    async def render_markup(self, data: dict, manager: DialogManager,
                            keyboard: RawKeyboard) -> MarkupVariant:
        return await super().render_markup(data, manager, [row for row in keyboard if row])
