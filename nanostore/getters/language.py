"""The language picker: the shop's languages, the person's current one marked."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.ui import default_registry as registry

# Each language is named in itself, so a person who cannot read the current one still finds theirs.
LANGUAGES = ({"id": "en", "label": "🇬🇧 English"}, {"id": "ru", "label": "🇷🇺 Русский"})


@registry.getter("language.choices")
async def choices(dialog_manager: DialogManager, locale: str = "en", **_) -> dict:
    return {"languages": [{**language, "current": language["id"] == locale} for language in LANGUAGES],
            "current": locale}
