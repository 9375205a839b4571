"""StatesGroup classes for dialogs, made once per dialog shape per process.

Dialog objects are Routers that attach to one Dispatcher, so they are rebuilt for every
Dispatcher (tests make many); their states must stay the same objects, or storage written by
one build would not match the next. State names are `<dialog>:<window>`.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog import DialogManager, StartMode

STATES_FIELD = "ui_states_groups"  # dispatcher data: this dispatcher's {dialog name: group}
_groups: dict[tuple[str, tuple[str, ...]], type[StatesGroup]] = {}
_latest: dict[str, type[StatesGroup]] = {}


def states_group(dialog: str, windows: Sequence[str]) -> type[StatesGroup]:
    key = (dialog, tuple(windows))
    group = _groups.get(key)
    if group is None:
        group = _groups[key] = type(dialog, (StatesGroup,), {name: State() for name in windows})
    _latest[dialog] = group
    return group


def states_for(dialog: str) -> type[StatesGroup]:
    """The states of a built dialog: `states_for("menu").main`."""
    try:
        return _latest[dialog]
    except KeyError:
        raise LookupError(f"dialog {dialog!r} has not been built; call build_dialogs first") from None


def state_of(group: type[StatesGroup], window: str) -> State:
    for state in group.__states__:
        if state.state == f"{group.__name__}:{window}":
            return state
    raise LookupError(f"dialog {group.__name__!r} has no window {window!r}")


def first_state(dialog: str, manager: DialogManager | None = None) -> State:
    """The initial state; with a manager, of the dialog built for that manager's dispatcher
    (two bundles in one process, as in tests, may shape a dialog of the same name differently)."""
    groups = manager.middleware_data.get(STATES_FIELD, {}) if manager is not None else {}
    group = groups.get(dialog) or states_for(dialog)
    return group.__states__[0]


async def start_dialog(manager: DialogManager, dialog: str, data: dict | None = None,
                       mode: StartMode = StartMode.NORMAL) -> None:
    """Start a dialog by its name, at its first window."""
    await manager.start(first_state(dialog, manager), data=data, mode=mode)
