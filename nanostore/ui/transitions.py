"""Where to go after a handler. Actions may return one of these to override the YAML chain.

    return SwitchTo("detail")          # another window of this dialog
    return StartDialog("cart", data={"from": "catalog"}, mode="reset_stack")
    return Back() / Next() / Done(result={...})
    return Stay()                      # skip the chain's own transition
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiogram_dialog import DialogManager, StartMode

from nanostore.ui.states import first_state, state_of

START_MODES = {"normal": StartMode.NORMAL, "reset_stack": StartMode.RESET_STACK,
               "new_stack": StartMode.NEW_STACK}


class Transition:
    async def apply(self, manager: DialogManager) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class SwitchTo(Transition):
    window: str

    async def apply(self, manager: DialogManager) -> None:
        group = manager.current_context().state.group
        await manager.switch_to(state_of(group, self.window))


@dataclass(frozen=True)
class StartDialog(Transition):
    dialog: str
    data: dict[str, Any] | None = None
    mode: str = "normal"

    async def apply(self, manager: DialogManager) -> None:
        await manager.start(first_state(self.dialog, manager), data=self.data,
                            mode=START_MODES[self.mode])


@dataclass(frozen=True)
class Back(Transition):
    async def apply(self, manager: DialogManager) -> None:
        await manager.back()


@dataclass(frozen=True)
class Next(Transition):
    async def apply(self, manager: DialogManager) -> None:
        await manager.next()


@dataclass(frozen=True)
class Done(Transition):
    result: Any = field(default=None)

    async def apply(self, manager: DialogManager) -> None:
        await manager.done(self.result)


@dataclass(frozen=True)
class Stay(Transition):
    async def apply(self, manager: DialogManager) -> None:
        return None
