"""The screen engine: YAML dialogs and Jinja texts compiled to aiogram-dialog.

It knows nothing of any particular bot: features register getters, actions, conditions,
input types and filters in a Registry, and screens refer to them by name.
"""

from nanostore.ui.bundle import ScreenBundle, load_bundle
from nanostore.ui.check import check_screens
from nanostore.ui.compiler import build_dialogs
from nanostore.ui.context import ActionContext
from nanostore.ui.notice import ActionErrorHook, show_error_as_notice, show_error_as_popup
from nanostore.ui.problems import Problem, ScreenErrors, format_problems
from nanostore.ui.registry import Registry, RegistryError, default_registry
from nanostore.ui.schema_export import screen_json_schema
from nanostore.ui.setup import setup_screens
from nanostore.ui.stale import setup_stale_button_recovery
from nanostore.ui.states import start_dialog, states_for
from nanostore.ui.transitions import Back, Done, Next, StartDialog, Stay, SwitchTo, Transition

__all__ = [
    "ActionContext", "ActionErrorHook", "Back", "Done", "Next", "Problem", "Registry",
    "RegistryError", "ScreenBundle", "ScreenErrors", "StartDialog", "Stay", "SwitchTo",
    "Transition", "build_dialogs", "check_screens", "default_registry", "format_problems",
    "load_bundle", "screen_json_schema", "setup_screens", "setup_stale_button_recovery",
    "show_error_as_notice", "show_error_as_popup", "start_dialog", "states_for",
]
