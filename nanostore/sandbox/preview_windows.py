"""Every window of every dialog rendered with its `preview_data`, by aiogram-dialog's own
preview machinery (the FakeManager behind aiogram_dialog.tools.render_preview), one window at
a time so that a window which fails to render is reported instead of hiding all the others.

The data a window renders with is what a real chat gives it before anything was remembered:
empty dialog_data and start_data, as `nanostore check` renders it (check_preview.py); a
window the check passes renders here too."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram import Dispatcher
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram_dialog import setup_dialogs
from aiogram_dialog.tools.preview import FakeManager

from nanostore.emulator.html_entities import parse_html
from nanostore.sandbox.entities_html import to_safe_html
from nanostore.ui import ScreenBundle, setup_screens
from nanostore.ui.dialog_switch import DialogSwitch


@dataclass
class WindowPreview:
    state: str
    html: str = ""  # safe HTML of the text
    buttons: list[list[str]] = field(default_factory=list)
    media: str | None = None  # "photo: <file id or path>" placeholder
    error: str | None = None


@dataclass
class DialogPreview:
    name: str
    file: str
    windows: list[WindowPreview]


def preview_dispatcher(bundle: ScreenBundle) -> Dispatcher:
    dispatcher = Dispatcher()
    setup_screens(dispatcher, bundle)
    setup_dialogs(dispatcher)
    return dispatcher


class PreviewManager(FakeManager):
    """FakeManager's load_data gives nothing, while the real manager gives the dialog's data:
    a `when: "dialog_data.get('x')"` failed only on the preview page."""

    async def load_data(self) -> dict:
        context = self.current_context()
        return {"dialog_data": context.dialog_data, "start_data": context.start_data or {},
                "middleware_data": self.middleware_data}


async def render_windows(bundle: ScreenBundle, dispatcher: Dispatcher) -> list[DialogPreview]:
    manager = PreviewManager()
    previews = []
    for name, dialog in zip(bundle.dialogs, _dialogs(dispatcher, bundle), strict=True):
        manager.set_dialog(dialog)
        windows = []
        for state in dialog.states_group().__states__:
            manager.set_state(state)
            windows.append(await _render(manager, state))
        previews.append(DialogPreview(name, bundle.files.get(name, name), windows))
    return previews


def _dialogs(dispatcher: Dispatcher, bundle: ScreenBundle) -> list:
    from nanostore.ui.states import STATES_FIELD

    groups = dispatcher[STATES_FIELD]
    switch = next(router for router in dispatcher.sub_routers if isinstance(router, DialogSwitch))
    return [switch.by_group[groups[name]] for name in bundle.dialogs]


async def _render(manager: FakeManager, state) -> WindowPreview:
    preview = WindowPreview(state.state)
    try:
        message = await manager.show_raw()
    except Exception as error:  # noqa: BLE001 - shown on the page next to the window's name
        preview.error = f"{type(error).__name__}: {error}"
        return preview
    try:
        text, entities = parse_html(message.text or "")
    except Exception as error:  # noqa: BLE001 - Telegram would refuse this HTML too
        preview.error = f"Telegram would refuse the text: {error}"
        text, entities = message.text or "", []
    preview.html = to_safe_html(text, entities)
    preview.buttons = _labels(message.reply_markup)
    if message.media:
        where = message.media.url or message.media.path or message.media.file_id or "?"
        preview.media = f"{message.media.type}: {where}"
    return preview


def _labels(markup) -> list[list[str]]:
    if isinstance(markup, InlineKeyboardMarkup):
        return [[button.text for button in row] for row in markup.inline_keyboard]
    if isinstance(markup, ReplyKeyboardMarkup):
        return [[button.text for button in row] for row in markup.keyboard]
    return []
