"""Adding, ordering and removing a product's extra media; each change audited.

A caption is kept as Telegram HTML built from the admin's own formatting, as payment-method
details are: customers get it with the HTML parse mode, so a typed `<` must arrive escaped.
"""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.db.models.enums import MediaKind
from nanostore.services import audit, product_content
from nanostore.services.errors import NotFound
from nanostore.ui import ActionContext, SwitchTo
from nanostore.ui import default_registry as registry

from .admin_field_errors import explain_invalid_fields
from .admin_start_data import product_or_gone, required_id
from .replies import note


@registry.action("admin_product_media.opened")
async def opened(ctx: ActionContext):
    """Started for a product (start data: product_id) that must still exist."""
    return await product_or_gone(ctx)


@registry.action("admin_product_media.add")
@explain_invalid_fields("admin_product_media")
async def add(ctx: ActionContext):
    # The content type of the message is the kind of media: the screen accepts only those kinds.
    kind = MediaKind(ctx.sent.content_type)
    product_id = required_id(ctx.start_data, "product_id")
    caption = ctx.sent.html_text if ctx.sent.caption else ""
    media = await product_content.add_media(product_id, kind, ctx.value, caption, by=deps(ctx).actor)
    await audit.record(ctx.user.id, "product_media.add", product_id,
                       after={"media_id": media.id, "kind": str(kind)})
    return SwitchTo("list")


@registry.action("admin_product_media.delete")
async def delete(ctx: ActionContext):
    media_id = ctx.dialog_data.pop("media_id", None)
    if media_id is not None:
        await product_content.delete_media(int(media_id), by=deps(ctx).actor)
        await audit.record(ctx.user.id, "product_media.delete", required_id(ctx.start_data, "product_id"),
                           before={"media_id": media_id})
    return SwitchTo("list")


@registry.action("admin_product_media.move")
@explain_invalid_fields("admin_product_media")
async def move(ctx: ActionContext):
    """args.to: top or bottom; from the position window, the typed number."""
    product_id, where = required_id(ctx.start_data, "product_id"), ctx.args.get("to") or ctx.value
    try:
        media_id = required_id(ctx.dialog_data, "media_id")
        placed = await product_content.place_media(product_id, media_id, where, by=deps(ctx).actor)
    except NotFound:  # removed meanwhile: the media's window says so
        return SwitchTo("item")
    if placed.moved:
        await audit.record(ctx.user.id, "product_media.move", product_id,
                           after={"media_id": media_id, "position": placed.position})
    note(ctx, "admin_product_media.placed", position=placed.position, count=placed.count)
    return SwitchTo("item")
