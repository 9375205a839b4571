"""/start (with an optional referral payload) and the force-join re-check both lead to the
home dialog; /admin opens the admin panel for admins; everything else is a screen."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart, MagicData
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode

from nanostore.bot.admin_screens import open_admin_panel
from nanostore.bot.middlewares.gates import RECHECK_JOIN
from nanostore.services import referrals
from nanostore.services.errors import SelfReferral
from nanostore.ui import start_dialog

HOME_DIALOG = "menu"


def start_router() -> Router:
    router = Router(name="start")
    router.message.register(on_start, CommandStart())
    # For anyone else the filter fails and /admin goes on like any unknown command: a customer
    # gets the same answer as for a typo and cannot tell the command exists.
    router.message.register(on_admin, Command("admin"), MagicData(F.is_admin))
    router.callback_query.register(on_joined, F.data == RECHECK_JOIN)
    return router


async def on_start(message: Message, command: CommandObject, dialog_manager: DialogManager,
                   user_created: bool = False) -> None:
    # user_created: the identity middleware registered the sender, so from_user is there.
    if command.args and user_created and message.from_user is not None:
        with contextlib.suppress(SelfReferral):  # opening one's own link simply opens the shop
            await referrals.attach_referrer(message.from_user.id, command.args)
    await start_dialog(dialog_manager, HOME_DIALOG, mode=StartMode.RESET_STACK)


async def on_admin(message: Message, dialog_manager: DialogManager) -> None:
    await open_admin_panel(dialog_manager)


async def on_joined(callback: CallbackQuery, dialog_manager: DialogManager, t) -> None:
    # The gate let this through, so every required channel now has the person.
    await callback.answer(t("gates.thanks"))
    if isinstance(callback.message, Message):  # not an InaccessibleMessage (too old to delete)
        await callback.message.delete()
    await start_dialog(dialog_manager, HOME_DIALOG, mode=StartMode.RESET_STACK)
