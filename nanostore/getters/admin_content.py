"""The screen content manager: which screens have a picture or a text, and one screen's override."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.actions.admin_access import admin_only
from nanostore.db.models import ScreenContent
from nanostore.getters.screen_images import SCREEN_TEXT_VARIABLES
from nanostore.services import content
from nanostore.services import settings as shop_settings
from nanostore.ui import default_registry as registry

EDITABLE_SCREENS = (*content.SCREENS, content.GLOBAL)


@registry.getter("admin_content.screens")
@admin_only
async def screens(dialog_manager: DialogManager, **_) -> dict:
    rows = {row.screen: row for row in await ScreenContent.all()}
    current = await shop_settings.load()
    return {
        "images_enabled": current.images_enabled,
        "fallback_image": bool(current.global_image_file_id),
        "screens": [{"id": screen, "image": bool(rows.get(screen) and rows[screen].image_file_id),
                     "text": bool(rows.get(screen) and rows[screen].text)} for screen in EDITABLE_SCREENS],
    }


@registry.getter("admin_content.screen")
@admin_only
async def screen(dialog_manager: DialogManager, **_) -> dict:
    override = await content.get(dialog_manager.dialog_data.get("screen", "welcome"))
    return {"current": {"id": override.screen, "image": override.image_file_id, "text": override.text},
            "variables": list(SCREEN_TEXT_VARIABLES)}
