"""Put the screens into a Dispatcher: our Jinja environment, the translator, the dialogs."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram_dialog import Dialog
from aiogram_dialog.widgets.text.jinja import JINJA_ENV_FIELD

from nanostore.ui.access import AccessMap
from nanostore.ui.bundle import ScreenBundle
from nanostore.ui.compiler import build_dialogs
from nanostore.ui.dialog_switch import DialogSwitch
from nanostore.ui.notice import ActionErrorHook, show_error_as_notice
from nanostore.ui.states import STATES_FIELD

TRANSLATOR_FIELD = "ui_translator"


def setup_screens(dp: Dispatcher, bundle: ScreenBundle, *,
                  on_action_error: ActionErrorHook = show_error_as_notice) -> list[Dialog]:
    """Build fresh dialogs for this dispatcher and include them (behind one DialogSwitch);
    call setup_dialogs(dp) after.

    Our environment (autoescape, filters, locale templates) goes under aiogram-dialog's
    JINJA_ENV_FIELD, so its own `Jinja` widgets, if the host uses any, render the same way.
    """
    dp[JINJA_ENV_FIELD] = bundle.env
    dp[TRANSLATOR_FIELD] = bundle.translator
    dialogs = build_dialogs(bundle, bundle.registry, on_action_error=on_action_error)
    dp[STATES_FIELD] = {name: dialog.states_group()
                        for name, dialog in zip(bundle.dialogs, dialogs, strict=True)}
    dp.include_router(DialogSwitch(dialogs, access=AccessMap.of(bundle.dialogs),
                                   registry=bundle.registry))
    return dialogs
