"""The screen content manager: which screens have a picture or a text, and one screen's override."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.screen_images import SCREEN_TEXT_VARIABLES
from nanostore.services import content
from nanostore.services import settings as shop_settings
from nanostore.ui import default_registry as registry

EDITABLE_SCREENS = (*content.SCREENS, content.GLOBAL)


def screen_row(screen: str, override: content.Override | None) -> dict:
    """Whether a screen has its own picture and its own text."""
    return {"id": screen, "image": bool(override and override.image_file_id),
            "text": bool(override and override.text)}


@registry.getter("admin_content.screens")
async def screens(dialog_manager: DialogManager, **_) -> dict:
    overrides = await content.overrides()
    current = await shop_settings.load()
    return {
        "images_enabled": current.images_enabled,
        "fallback_image": bool(current.global_image_file_id),
        "screens": [screen_row(screen, overrides.get(screen)) for screen in EDITABLE_SCREENS],
    }


@registry.getter("admin_content.screen")
async def screen(dialog_manager: DialogManager, **_) -> dict:
    override = await content.get(dialog_manager.dialog_data.get("screen", "welcome"))
    return {"current": {"id": override.screen, "image": override.image_file_id, "text": override.text},
            "variables": list(SCREEN_TEXT_VARIABLES)}
