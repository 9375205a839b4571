"""The settings screen: every editable value with its kind, and the one being edited."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import cards, crypto
from nanostore.services import settings as shop_settings
from nanostore.ui import default_registry as registry

SHORT_VALUE = 40  # the list shows a glimpse; the edit screen shows the whole value


def _shown(value, limit: int | None = None):
    if isinstance(value, str) and limit and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


@registry.getter("admin_settings.overview")
async def overview(dialog_manager: DialogManager, settings, **_) -> dict:
    current = await shop_settings.load()
    # Cards show as on only when customers really get the button (the token is set as well).
    token = settings.provider_token() is not None
    crypto_token = settings.crypto_token() is not None
    shown = {**current.model_dump(), "cards_enabled": cards.offered(current, token),
             "crypto_enabled": crypto.offered(current, crypto_token)}
    fields = [{"id": key, "kind": kind, "value": _shown(shown[key], SHORT_VALUE)}
              for key, kind in shop_settings.EDITABLE.items()]
    return {"fields": fields, "cards_token": token, "crypto_token": crypto_token,
            "crypto_currency": current.currency_code.upper() in crypto.FIATS,
            "currency_code": current.currency_code}


@registry.getter("admin_settings.field")
async def field(dialog_manager: DialogManager, **_) -> dict:
    key = dialog_manager.dialog_data.get("key", "bot_name")
    kind = shop_settings.EDITABLE.get(key, "text")
    current = await shop_settings.load()
    return {"field": {"id": key, "kind": kind, "value": _shown(getattr(current, key, ""), 3000)}}
