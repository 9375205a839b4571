"""Browsing: open a category or a product (checked again, old buttons included), add to cart,
send a product's media gallery."""

from __future__ import annotations

from aiogram import Bot
from aiogram_dialog import ShowMode

from nanostore.actions.shop_deps import deps
from nanostore.db.models.enums import MediaKind
from nanostore.services import cart, catalog
from nanostore.ui import ActionContext, Done, SwitchTo
from nanostore.ui import default_registry as registry

from .replies import note

PRODUCTS_PAGER = "products"  # the `paged` widget id of the products window


@registry.action("catalog.opened")
async def opened(ctx: ActionContext) -> SwitchTo | None:
    """Search (or anything else) may start the catalog on one product's card."""
    start = ctx.value if isinstance(ctx.value, dict) else {}
    if not start.get("product_id"):
        return None
    await catalog.sellable_product(start["product_id"])
    ctx.dialog_data.update(product_id=start["product_id"], direct=True)
    return SwitchTo("detail")


@registry.action("catalog.open_category")
async def open_category(ctx: ActionContext) -> None:
    category = await catalog.browsable_category(ctx.item)
    ctx.dialog_data["category_id"] = category.id
    # A new category starts on its first page, not on the page the last one was left at.
    ctx.manager.current_context().widget_data.pop(PRODUCTS_PAGER, None)


@registry.action("catalog.open_product")
async def open_product(ctx: ActionContext) -> None:
    product = await catalog.sellable_product(ctx.item)
    ctx.dialog_data["product_id"] = product.id


@registry.action("catalog.back_from_detail")
async def back_from_detail(ctx: ActionContext) -> Done | SwitchTo:
    # A card opened straight from search goes back to the search results.
    if ctx.dialog_data.get("direct"):
        return Done()
    return SwitchTo("products")


@registry.action("catalog.add_to_cart")
async def add_to_cart(ctx: ActionContext) -> None:
    product_id = ctx.dialog_data.get("product_id", 0)
    quantity = await cart.add(ctx.user.id, product_id, 1)
    note(ctx, "catalog.added", quantity=quantity)


SENDERS = {
    MediaKind.PHOTO: ("send_photo", "photo"),
    MediaKind.VIDEO: ("send_video", "video"),
    MediaKind.DOCUMENT: ("send_document", "document"),
    MediaKind.VOICE: ("send_voice", "voice"),
    MediaKind.ANIMATION: ("send_animation", "animation"),
}


@registry.action("catalog.send_media")
async def send_media(ctx: ActionContext) -> None:
    detail = await catalog.product_detail(ctx.dialog_data.get("product_id", 0))
    bot: Bot = deps(ctx).bot
    for media in detail.media:
        method, field = SENDERS[MediaKind(media.kind)]
        await getattr(bot, method)(ctx.user.id, **{field: media.file_id},
                                   caption=media.caption or None,
                                   protect_content=detail.product.protect_content)
    # The media land below the card: send the card again so its buttons stay at the bottom.
    ctx.manager.show_mode = ShowMode.SEND

