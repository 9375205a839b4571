"""Category management: create, edit, banner, order, visibility, delete; each change audited."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.services import audit, categories
from nanostore.ui import ActionContext, StartDialog, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .admin_field_errors import explain_invalid_fields
from .replies import note


def _admin_id(ctx: ActionContext) -> int:
    return ctx.user.id


def _category_id(ctx: ActionContext) -> int:
    return int(ctx.dialog_data["category_id"])


@registry.action("admin_catalog.create")
@explain_invalid_fields("admin_catalog")
async def create(ctx: ActionContext):
    # The name is taken out of dialog_data as the category is made: a second tap on "Skip"
    # (or a second emoji) finds nothing to create and does not make a duplicate.
    name = ctx.dialog_data.get("new_name")
    if name is None:
        return Stay()
    emoji = ctx.value if isinstance(ctx.value, str) and ctx.widget_id != "skip_emoji" else ""
    category = await categories.create(name, emoji, by=deps(ctx).actor)
    ctx.dialog_data.pop("new_name")
    ctx.dialog_data["category_id"] = category.id
    await audit.record(_admin_id(ctx), "category.create", category.id,
                       after={"name": category.name, "emoji": category.emoji})
    return SwitchTo("category")


@registry.action("admin_catalog.check_name")
@explain_invalid_fields("admin_catalog")
async def check_name(ctx: ActionContext):
    ctx.dialog_data["new_name"] = categories.clean_name(ctx.value)


@registry.action("admin_catalog.rename")
@explain_invalid_fields("admin_catalog")
async def rename(ctx: ActionContext):
    before = (await categories.get(_category_id(ctx))).name
    category = await categories.rename(_category_id(ctx), ctx.value, by=deps(ctx).actor)
    await audit.record(_admin_id(ctx), "category.rename", category.id, before={"name": before},
                       after={"name": category.name})


@registry.action("admin_catalog.set_emoji")
@explain_invalid_fields("admin_catalog")
async def set_emoji(ctx: ActionContext):
    emoji = "" if ctx.args.get("clear") else ctx.value
    before = (await categories.get(_category_id(ctx))).emoji
    category = await categories.set_emoji(_category_id(ctx), emoji, by=deps(ctx).actor)
    await audit.record(_admin_id(ctx), "category.emoji", category.id, before={"emoji": before},
                       after={"emoji": category.emoji})


@registry.action("admin_catalog.set_banner")
async def set_banner(ctx: ActionContext):
    file_id = None if ctx.args.get("clear") else ctx.value
    await categories.set_image(_category_id(ctx), file_id, by=deps(ctx).actor)
    await audit.record(_admin_id(ctx), "category.banner", _category_id(ctx),
                       after={"image_file_id": file_id})


@registry.action("admin_catalog.move")
@explain_invalid_fields("admin_catalog")
async def move(ctx: ActionContext):
    """args.to: top, bottom, up or down; from the position window, the typed number."""
    where = ctx.args.get("to") or ctx.value
    placed = await categories.place(_category_id(ctx), where, by=deps(ctx).actor)
    if placed.moved:
        await audit.record(_admin_id(ctx), "category.move", _category_id(ctx),
                           after={"position": placed.position})
    note(ctx, "admin_catalog.placed", position=placed.position, count=placed.count)
    return SwitchTo("category")


@registry.action("admin_catalog.toggle")
async def toggle(ctx: ActionContext):
    active = await categories.toggle(_category_id(ctx), by=deps(ctx).actor)
    await audit.record(_admin_id(ctx), "category.toggle", _category_id(ctx),
                       after={"is_active": active})


@registry.action("admin_catalog.deactivate")
async def deactivate(ctx: ActionContext):
    # Offered instead of deleting a category that still has products.
    category = await categories.get(_category_id(ctx))
    if category.is_active:
        await categories.toggle(category.id, by=deps(ctx).actor)
        await audit.record(_admin_id(ctx), "category.toggle", category.id,
                           after={"is_active": False})
    return SwitchTo("category")


@registry.action("admin_catalog.delete")
async def delete(ctx: ActionContext):
    category_id = ctx.dialog_data.get("category_id")
    if category_id is None:  # a second tap after the delete went through
        return SwitchTo("list")
    category = await categories.get(category_id)
    await categories.delete(category.id, by=deps(ctx).actor)
    ctx.dialog_data.pop("category_id")
    await audit.record(_admin_id(ctx), "category.delete", category.id,
                       before={"name": category.name, "emoji": category.emoji})
    return SwitchTo("list")


@registry.action("admin_catalog.open_products")
async def open_products(ctx: ActionContext):
    return StartDialog("admin_products", data={"category_id": _category_id(ctx)})
