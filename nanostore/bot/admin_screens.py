"""Opening the admin panel, or one of its windows for one item, from outside a dialog: the
/admin command and the buttons of admin alerts."""

from __future__ import annotations

from aiogram_dialog import DialogManager, ShowMode, StartMode

from nanostore.ui import start_dialog
from nanostore.ui.states import STATES_FIELD, state_of, states_for

ADMIN_PANEL = "admin"


async def open_admin_panel(manager: DialogManager) -> None:
    await start_dialog(manager, ADMIN_PANEL, mode=StartMode.RESET_STACK)


async def open_admin_window(manager: DialogManager, dialog: str, window: str,
                            dialog_data: dict) -> None:
    """The window as if the admin had walked there through the panel: the panel underneath,
    the item in dialog_data, so Back and every button work as they do in the panel."""
    await manager.start(_state(manager, ADMIN_PANEL, None), mode=StartMode.RESET_STACK,
                        show_mode=ShowMode.NO_UPDATE)
    await manager.start(_state(manager, dialog, window), show_mode=ShowMode.NO_UPDATE)
    # Sent as a new message: the tap came from an alert, not from the dialog's own message.
    manager.show_mode = ShowMode.SEND
    await manager.update(dialog_data, show_mode=ShowMode.SEND)


def _state(manager: DialogManager, dialog: str, window: str | None):
    group = manager.middleware_data.get(STATES_FIELD, {}).get(dialog) or states_for(dialog)
    return group.__states__[0] if window is None else state_of(group, window)
