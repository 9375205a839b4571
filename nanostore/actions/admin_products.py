"""Products: the create wizard and every edit of the product card; each change audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nanostore.actions.shop_deps import deps
from nanostore.db.models.enums import DeliveryType
from nanostore.services import audit, products
from nanostore.services.products import Product, StockChoice
from nanostore.ui import ActionContext, StartDialog, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .admin_field_errors import explain_invalid_fields
from .admin_start_data import category_or_gone, required_id
from .replies import note

UNLIMITED = "unlimited"
UNLIMITED_WORDS = {"unlimited", "∞", "inf", "безлимит", "без лимита", "бесконечно"}


@registry.input_type("admin_products.stock")
def parse_stock(text: str) -> int | str:
    """A whole number of units, or a word for "no limit"."""
    text = text.strip().lower()
    if text in UNLIMITED_WORDS:
        return UNLIMITED
    stock = int(text)
    if stock < 0:
        raise ValueError("negative")
    return stock


def product_id(ctx: ActionContext) -> int:
    return required_id(ctx.dialog_data, "product_id")


async def record(ctx: ActionContext, action: str, before=None, after=None) -> None:
    await audit.record(ctx.user.id, f"product.{action}", product_id(ctx), before=before,
                       after=after)


@registry.action("admin_products.opened")
async def opened(ctx: ActionContext):
    """Started for a category (start data: category_id) that must still exist."""
    return await category_or_gone(ctx)


@registry.action("admin_products.start_draft")
@explain_invalid_fields("admin_products")
async def start_draft(ctx: ActionContext):
    ctx.dialog_data["draft"] = {"name": products.clean_name(ctx.value)}


@registry.action("admin_products.draft_description")
@explain_invalid_fields("admin_products")
async def draft_description(ctx: ActionContext):
    text = "" if ctx.args.get("skip") else ctx.value
    draft = ctx.dialog_data.get("draft")
    if draft is None:
        return SwitchTo("list")
    draft["description"] = products.clean_description(text)


@registry.action("admin_products.draft_price")
@explain_invalid_fields("admin_products")
async def draft_price(ctx: ActionContext):
    draft = ctx.dialog_data.get("draft")
    if draft is None:
        return SwitchTo("list")
    draft["price"] = products.clean_price(ctx.value)


@registry.action("admin_products.create")
@explain_invalid_fields("admin_products")
async def create(ctx: ActionContext):
    # The draft leaves dialog_data with the new product: a repeated last step creates nothing.
    draft = ctx.dialog_data.get("draft")
    if not draft or "price" not in draft:
        return Stay()
    stock: Any = UNLIMITED if ctx.args.get("unlimited") else ctx.value
    category_id = required_id(ctx.start_data, "category_id")
    product = await products.create(category_id, draft["name"], draft["price"],
                                    description=draft.get("description", ""),
                                    stock=None if stock == UNLIMITED else stock, by=deps(ctx).actor)
    ctx.dialog_data.pop("draft")
    ctx.dialog_data["product_id"] = product.id
    await record(ctx, "create", after={"name": product.name, "price": product.price,
                                       "stock": "unlimited" if stock == UNLIMITED else stock,
                                       "category_id": category_id})
    return SwitchTo("product")


@registry.action("admin_products.edit")
@explain_invalid_fields("admin_products")
async def edit(ctx: ActionContext):
    """One field from a text input: args.field names it (name, description, price, stars_price)."""
    field = ctx.args["field"]
    before = getattr(await products.get(product_id(ctx)), field)
    value = None if ctx.args.get("clear") else ctx.value
    setters: dict[str, Callable[..., Awaitable[Product]]] = {
        "name": products.rename, "description": products.set_description,
        "price": products.set_price, "stars_price": products.set_stars_price}
    product = await setters[field](product_id(ctx), value, by=deps(ctx).actor)
    await record(ctx, field, before={field: before}, after={field: getattr(product, field)})
    return SwitchTo("product")


@registry.action("admin_products.set_stock")
@explain_invalid_fields("admin_products")
async def set_stock(ctx: ActionContext):
    before = await products.get(product_id(ctx))
    choice = ctx.args.get("choice")
    if choice is None:
        choice = StockChoice.UNLIMITED if ctx.value == UNLIMITED else StockChoice.COUNTED
    stock = ctx.value if choice == StockChoice.COUNTED and ctx.value is not None else None
    product = await products.set_stock_mode(product_id(ctx), StockChoice(choice), stock, by=deps(ctx).actor)
    await record(ctx, "stock", before={"mode": str(before.stock_mode), "stock": before.stock},
                 after={"mode": str(product.stock_mode), "stock": product.stock})
    return SwitchTo("product")


@registry.action("admin_products.set_image")
async def set_image(ctx: ActionContext):
    file_id = None if ctx.args.get("clear") else ctx.value
    await products.set_image(product_id(ctx), file_id, by=deps(ctx).actor)
    await record(ctx, "image", after={"image_file_id": file_id})
    return SwitchTo("product")


@registry.action("admin_products.toggle_delivery")
async def toggle_delivery(ctx: ActionContext):
    current = (await products.get(product_id(ctx))).delivery_type
    new = DeliveryType.MANUAL if current == DeliveryType.AUTO else DeliveryType.AUTO
    await products.set_delivery_type(product_id(ctx), new, by=deps(ctx).actor)
    await record(ctx, "delivery_type", before={"delivery_type": str(current)},
                 after={"delivery_type": str(new)})


@registry.action("admin_products.toggle_protect")
async def toggle_protect(ctx: ActionContext):
    protect = not (await products.get(product_id(ctx))).protect_content
    await products.set_protect_content(product_id(ctx), protect, by=deps(ctx).actor)
    await record(ctx, "protect_content", after={"protect_content": protect})


@registry.action("admin_products.toggle_active")
async def toggle_active(ctx: ActionContext):
    active = await products.toggle(product_id(ctx), by=deps(ctx).actor)
    await record(ctx, "toggle", after={"is_active": active})


@registry.action("admin_products.delete")
async def delete(ctx: ActionContext):
    if "product_id" not in ctx.dialog_data:  # a second tap after the delete went through
        return SwitchTo("list")
    product = await products.get(product_id(ctx))
    await products.delete(product.id, by=deps(ctx).actor)
    await record(ctx, "delete", before={"name": product.name, "price": product.price})
    ctx.dialog_data.pop("product_id")
    return SwitchTo("list")


@registry.action("admin_products.open_section")
async def open_section(ctx: ActionContext):
    """FAQs, media and delivery items have their own small dialogs: args.section names one."""
    section = ctx.args["section"]
    if section not in {"faqs", "media", "items"}:
        raise ValueError(f"unknown product section {section!r}")
    return StartDialog(f"admin_product_{section}", data={"product_id": product_id(ctx)})


@registry.action("admin_products.move")
@explain_invalid_fields("admin_products")
async def move(ctx: ActionContext):
    """args.to: top, bottom, up or down; from the typed input, the number."""
    placed = await products.place(product_id(ctx), ctx.args.get("to") or ctx.value, by=deps(ctx).actor)
    if placed.moved:
        await record(ctx, "move", after={"position": placed.position})
    note(ctx, "admin_products.placed", position=placed.position, count=placed.count)
    return Stay()
