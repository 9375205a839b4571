"""Renders outbox notifications in each recipient's language from
locales/<lang>/notifications/<kind>.j2 (payload values as template variables)."""

from __future__ import annotations

from nanostore.bot.alert_buttons import ALERT_KINDS, alert_keyboard, alert_subject
from nanostore.bot.middlewares.identity import resolve_locale
from nanostore.bot.notifier import RenderedNotice
from nanostore.bot.product_links import product_keyboard
from nanostore.db.models import User
from nanostore.getters.shop_context import current_shop
from nanostore.services import settings as shop_settings
from nanostore.ui import ScreenBundle

TEMPLATE_DIR = "notifications"
# Kinds whose `file_id` is not a picture to show: the image Telegram has just refused.
NOT_A_PHOTO = frozenset({"invalid_image_cleared"})


class NoticeRenderer:
    def __init__(self, bundle: ScreenBundle, default_locale: str):
        self.bundle = bundle
        self.default_locale = default_locale

    async def __call__(self, kind: str, payload: dict, chat_id: int) -> RenderedNotice:
        language = await self._language_of(chat_id)
        current_shop.set(await shop_settings.load())
        t = self.bundle.translator.for_language(language)
        context = {**payload, "t": t, "locale": language}
        text = self.bundle.texts.file(language, f"{TEMPLATE_DIR}/{kind}").render(context).strip()
        items = [item for item in payload.get("items", ()) if isinstance(item, dict)]
        # Delivered files follow the text as documents; a key is in the text itself.
        documents = tuple(item["content"] for item in items if item.get("kind") == "file")
        protect = bool(payload.get("protect_content")) or any(item.get("protect_content") for item in items)
        photo = None if kind in NOT_A_PHOTO else payload.get("file_id")
        # Alerts to admins carry their actions (bot/admin_alerts.py answers the taps).
        alert = alert_subject(kind, payload)
        buttons = (alert_keyboard(ALERT_KINDS[kind].actions, *alert, t) if alert
                   else product_keyboard(kind, payload, t))
        return RenderedNotice(text=text, photo=photo, documents=documents,
                              protect_content=protect, reply_markup=buttons, alert=alert)

    async def _language_of(self, chat_id: int) -> str:
        row = await User.filter(id=chat_id).values("language", "telegram_language")
        chosen, telegram = (row[0]["language"], row[0]["telegram_language"]) if row else (None, None)
        return resolve_locale(chosen, telegram, self.bundle.locales.languages, self.default_locale)
