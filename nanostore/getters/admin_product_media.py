"""Extra media (videos, files, voice notes, photos) shown on a product card."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from markupsafe import Markup

from nanostore.getters.start_ids import required_id
from nanostore.services import product_content, products
from nanostore.ui import default_registry as registry

KIND_EMOJI = {"photo": "🖼", "video": "🎬", "document": "📄", "voice": "🎙", "animation": "🎞"}


def media_row(media: product_content.ProductMedia, position: int) -> dict:
    # caption: Telegram HTML for texts; caption_text: the words alone, for button labels.
    return {"id": media.id, "kind": str(media.kind), "emoji": KIND_EMOJI.get(str(media.kind), "📎"),
            "caption": media.caption, "caption_text": Markup(media.caption or "").striptags(),
            "position": position, "file_id": media.file_id}


@registry.getter("admin_product_media.list")
async def media_list(dialog_manager: DialogManager, **_) -> dict:
    product = await products.get(required_id(dialog_manager.start_data, "product_id"))
    rows = await product_content.list_media(product.id)
    return {"product": {"id": product.id, "name": product.name},
            "media": [media_row(media, position) for position, media in enumerate(rows, 1)]}


@registry.getter("admin_product_media.item")
async def media_item(dialog_manager: DialogManager, **_) -> dict:
    media = await product_content.find_media(dialog_manager.dialog_data.get("media_id"))
    if media is None:  # removed meanwhile: no position, so no move buttons either
        return {"item": None, "position": 0, "positions": 0}
    position, count = await product_content.media_position(media)
    return {"item": media_row(media, position), "position": position, "positions": count}
