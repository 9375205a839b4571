"""Loading delivery items: keys typed one per line, a .txt/.csv list of keys, or files."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps, sent_document
from nanostore.services import audit, delivery_pool, products
from nanostore.ui import ActionContext, Stay
from nanostore.ui import default_registry as registry

from .admin_field_errors import explain_invalid_fields
from .admin_start_data import product_or_gone, required_id
from .replies import note

KEY_LIST_MAX_BYTES = 1_000_000  # a million bytes of keys is far more than any shop loads at once
KEY_LIST_SUFFIXES = (".txt", ".csv")


def _product_id(ctx: ActionContext) -> int:
    return required_id(ctx.start_data, "product_id")


@registry.action("admin_product_items.opened")
async def opened(ctx: ActionContext):
    """Started for a product (start data: product_id) that must still exist."""
    return await product_or_gone(ctx)


async def _added(ctx: ActionContext, count: int, source: str):
    await audit.record(ctx.user.id, "product_items.add", _product_id(ctx),
                       after={"count": count, "source": source})
    note(ctx, "admin_product_items.added", count=count)
    return Stay()


@registry.action("admin_product_items.add_lines")
@explain_invalid_fields("admin_product_items")
async def add_lines(ctx: ActionContext):
    added = await delivery_pool.add_items_from_text(_product_id(ctx), ctx.value, by=deps(ctx).actor)
    return await _added(ctx, added, "text")


@registry.action("admin_product_items.add_key_file")
@explain_invalid_fields("admin_product_items")
async def add_key_file(ctx: ActionContext):
    document = sent_document(ctx)
    name = (document.file_name or "").lower()
    if not name.endswith(KEY_LIST_SUFFIXES):
        note(ctx, "admin_product_items.not_a_key_list")
        return Stay()
    if (document.file_size or 0) > KEY_LIST_MAX_BYTES:
        note(ctx, "admin_product_items.too_big")
        return Stay()
    data = await deps(ctx).download(document.file_id)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        note(ctx, "admin_product_items.not_utf8")
        return Stay()
    parse = delivery_pool.add_items_from_csv if name.endswith(".csv") else \
        delivery_pool.add_items_from_text
    return await _added(ctx, await parse(_product_id(ctx), text, by=deps(ctx).actor), name[-3:])


@registry.action("admin_product_items.add_file")
@explain_invalid_fields("admin_product_items")
async def add_file(ctx: ActionContext):
    document = sent_document(ctx)
    count = await delivery_pool.add_file_item(_product_id(ctx), document.file_id,
                                              document.file_name, by=deps(ctx).actor)
    return await _added(ctx, count, "file")


@registry.action("admin_product_items.deliver_automatically")
async def deliver_automatically(ctx: ActionContext):
    if await products.make_delivery_automatic(_product_id(ctx), by=deps(ctx).actor):
        await audit.record(ctx.user.id, "product.delivery_type", _product_id(ctx),
                           before={"delivery_type": "manual"}, after={"delivery_type": "auto"})
    note(ctx, "admin_product_items.made_auto")
    return Stay()
