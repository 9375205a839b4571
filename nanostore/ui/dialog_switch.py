"""One router in front of all the screens' dialogs that hands each update to the one dialog
that can take it.

aiogram offers an update to every included router in turn, and an aiogram-dialog `Dialog`
takes it only when the person's current context is in its own states group (its
`IntentFilter`, a root filter on each of its observers). With thirty dialogs that walk — each
router copying the handler data and checking its filter — was about a seventh of the CPU of
a tap in `bench/browse.py`; looking the group up in a dict gives the same answer at once.

It is also the one door every update of a dialog passes: with an AccessMap it asks the host's
access rules what the window (and, for a tap, the button) needs before any getter or handler
runs, and raises AccessRefused otherwise (access.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.fsm.state import StatesGroup
from aiogram.types import TelegramObject
from aiogram_dialog import Dialog
from aiogram_dialog.api.internal import CONTEXT_KEY

from nanostore.ui.access import AccessMap, require
from nanostore.ui.registry import Registry


class DialogSwitch(Router):
    def __init__(self, dialogs: Iterable[Dialog], name: str = "screens",
                 access: AccessMap | None = None, registry: Registry | None = None):
        super().__init__(name=name)
        self.access = access if access is not None and registry is not None else None
        self.registry = registry
        self.by_group: dict[type[StatesGroup], Dialog] = {}
        for dialog in dialogs:
            self.include_router(dialog)  # still a sub-router: aiogram-dialog finds it there
            self.by_group[dialog.states_group()] = dialog

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        context = kwargs.get(CONTEXT_KEY)
        dialog = self.by_group.get(context.state.group) if context is not None else None
        if dialog is None:
            # No dialog is open, or one this switch does not hold: every dialog's filter
            # would have said no.
            return UNHANDLED
        if self.access is not None and context is not None:
            dialog_name, _, window = context.state.state.partition(":")
            needs = self.access.of_update(dialog_name, window, event)
            if needs:
                assert self.registry is not None
                require(needs, self.registry, kwargs)
        return await dialog.propagate_event(update_type=update_type, event=event, **kwargs)
