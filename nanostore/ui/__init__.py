"""The screen engine: YAML dialogs and Jinja texts compiled to aiogram-dialog.

It knows nothing of any particular bot: features register getters, actions, conditions,
input types and filters in a Registry, and screens refer to them by name.

Names are imported on first use: `from nanostore.ui import Registry` costs little, while the
compiler, setup and stale recovery pull in aiogram and aiogram-dialog (seconds), which
`nanostore check` and the registry-only feature modules never need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_MODULE_OF = {
    "ActionContext": "context", "ActionErrorHook": "notice", "Back": "transitions",
    "Done": "transitions", "Next": "transitions", "Problem": "problems", "Registry": "registry",
    "RegistryError": "registry", "ScreenBundle": "bundle", "ScreenErrors": "problems",
    "StartDialog": "transitions", "Stay": "transitions", "SwitchTo": "transitions",
    "Transition": "transitions", "build_dialogs": "compiler", "check_screens": "check",
    "default_registry": "registry", "format_problems": "problems", "load_bundle": "bundle",
    "screen_json_schema": "schema_export", "setup_screens": "setup",
    "setup_stale_button_recovery": "stale", "setup_access_refusal": "stale",
    "AccessRefused": "access", "show_error_as_notice": "notice",
    "show_error_as_popup": "notice", "start_dialog": "states", "states_for": "states",
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:  # also how `from nanostore.ui import setup` finds the submodule
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain global
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))


if TYPE_CHECKING:  # what type checkers and IDEs see
    from nanostore.ui.access import AccessRefused
    from nanostore.ui.bundle import ScreenBundle, load_bundle
    from nanostore.ui.check import check_screens
    from nanostore.ui.compiler import build_dialogs
    from nanostore.ui.context import ActionContext
    from nanostore.ui.notice import ActionErrorHook, show_error_as_notice, show_error_as_popup
    from nanostore.ui.problems import Problem, ScreenErrors, format_problems
    from nanostore.ui.registry import Registry, RegistryError, default_registry
    from nanostore.ui.schema_export import screen_json_schema
    from nanostore.ui.setup import setup_screens
    from nanostore.ui.stale import setup_access_refusal, setup_stale_button_recovery
    from nanostore.ui.states import start_dialog, states_for
    from nanostore.ui.transitions import Back, Done, Next, StartDialog, Stay, SwitchTo, Transition
