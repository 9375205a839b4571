"""The admin panel: the dashboard figures, also used as badges on the panel's buttons."""

from __future__ import annotations

from dataclasses import asdict

from aiogram_dialog import DialogManager

from nanostore.services import dashboard, staff
from nanostore.ui import default_registry as registry


@registry.getter("admin.dashboard")
async def dashboard_figures(dialog_manager: DialogManager, shop_user=None, **_) -> dict:
    every = await staff.wants_every_alert(shop_user.id) if shop_user is not None else True
    return {"stats": asdict(await dashboard.stats()), "every_alert": every}
