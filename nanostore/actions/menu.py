"""Getting home: the hub from any screen, the splash only on /start."""

from __future__ import annotations

from aiogram_dialog import StartMode

from nanostore.ui import ActionContext, SwitchTo, start_dialog
from nanostore.ui import default_registry as registry

HOME = "menu"
TO_HUB = {"to": "hub"}


@registry.action("menu.opened")
async def opened(ctx: ActionContext) -> SwitchTo | None:
    # /start shows the welcome splash; every Home button asks for the hub directly.
    if isinstance(ctx.value, dict) and ctx.value.get("to") == "hub":
        return SwitchTo("hub")
    return None


@registry.action("menu.home")
async def home(ctx: ActionContext) -> None:
    """A Home button for any screen: closes every dialog and shows the hub."""
    await start_dialog(ctx.manager, HOME, data=TO_HUB, mode=StartMode.RESET_STACK)
