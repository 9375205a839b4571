"""A screen's admin-set picture and text, for any screen listed in services.content.SCREENS.

In YAML (one query for both):

    getter: [{name: screen_images.content, args: {screen: cart}}, cart.view]
    media: {type: photo, file_id: "{{ screen_image }}", when: screen_image}
    text: "{% if screen_text %}{{ screen_text | safe }}{% else %}...{% endif %}"

The picture follows the 3-tier priority (the screen's own, the banner, the settings' global
image; none while images are off). The text is written by an admin in the bot and rendered in
the sandbox with only these variables (and the `money` filter):

    name, username, user_id, balance (minor units: {{ balance | money }}), shop_name, currency

A text that fails to render (unknown name, sandbox refusal) is logged and the screen shows its
own words instead, so an admin's typo never breaks a customer's screen.
"""

from __future__ import annotations

import logging

from aiogram_dialog import DialogManager

from nanostore.services import content
from nanostore.services.settings import ShopSettings
from nanostore.ui import default_registry as registry
from nanostore.ui.sandbox import SafeTextRenderer

from .formatting import money

log = logging.getLogger(__name__)
SCREEN_TEXT_VARIABLES = ("name", "username", "user_id", "balance", "shop_name", "currency")
_renderer = SafeTextRenderer(filters={"money": money})


async def screen_image(screen: str, shop: ShopSettings) -> str | None:
    """The file id to show on `screen`, or None (one query)."""
    return await content.resolve_image(screen, shop)


def screen_text_variables(shop_user, shop: ShopSettings) -> dict:
    return {"name": shop_user.first_name or shop_user.username or str(shop_user.id),
            "username": shop_user.username or "", "user_id": shop_user.id,
            "balance": shop_user.balance, "shop_name": shop.bot_name, "currency": shop.currency}


def render_screen_text(screen: str, source: str | None, variables: dict) -> str | None:
    if not source:
        return None
    rendered = _renderer.render(source, variables)
    if not rendered.ok:
        log.warning("screen text of %r not shown: %s", screen, rendered.error)
        return None
    return rendered.text


async def screen_content(screen: str, shop_user, shop: ShopSettings) -> dict:
    """{"screen_image": file id or None, "screen_text": rendered override or None}."""
    look = await content.look(screen, shop)
    text = render_screen_text(screen, look.text, screen_text_variables(shop_user, shop))
    return {"screen_image": look.image_file_id, "screen_text": text}


@registry.getter("screen_images.content")
async def screen_content_getter(dialog_manager: DialogManager, screen: str, shop_user=None,
                                shop: ShopSettings | None = None, **_) -> dict:
    if shop_user is None or shop is None:  # previews have no person
        return {"screen_image": None, "screen_text": None}
    return await screen_content(screen, shop_user, shop)
