"""Categories, as the admin manages them and as customers browse them."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from nanostore.db.models import Category, Product
from nanostore.db.prepared import Prepared
from nanostore.domain.staff import Actor

from . import positions, staff, stock_alerts
from .columns import column
from .errors import CategoryNotEmpty, InvalidInput, NotFound
from .events import ProductAvailable, publish
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

CATALOG = "catalog"  # the staff role that changes them

NAME_MAX = 128
EMOJI_MAX = 16


@dataclass(frozen=True)
class AdminCategoryRow:
    id: int
    name: str
    emoji: str
    is_active: bool
    product_count: int  # every product, hidden ones included


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    emoji: str
    image_file_id: str | None
    product_count: int


def clean_name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(field="name", reason="length", min=1, max=NAME_MAX)
    return name


def clean_emoji(emoji: str) -> str:
    emoji = (emoji or "").strip()
    if len(emoji) > EMOJI_MAX:
        raise InvalidInput(field="emoji", reason="length", min=0, max=EMOJI_MAX)
    return emoji


async def get(category_id: int) -> Category:
    category = await Category.get_or_none(id=category_id)
    if category is None:
        raise NotFound(entity="category", id=category_id)
    return category


async def create(name: str, emoji: str = "", image_file_id: str | None = None,
                 *, by: Actor | None = None) -> Category:
    # New categories go last, so the admin's existing order is kept.
    staff.check(by, CATALOG)
    last = await column(Category.all().order_by("-sort_order"), "sort_order")
    return await Category.create(name=clean_name(name), emoji=clean_emoji(emoji),
                                 image_file_id=image_file_id, sort_order=(last[0] + 1) if last else 0)


async def rename(category_id: int, name: str, *, by: Actor | None = None) -> Category:
    staff.check(by, CATALOG)
    category = await get(category_id)
    category.name = clean_name(name)
    await category.save(update_fields=["name"])
    return category


async def set_emoji(category_id: int, emoji: str, *, by: Actor | None = None) -> Category:
    staff.check(by, CATALOG)
    category = await get(category_id)
    category.emoji = clean_emoji(emoji)
    await category.save(update_fields=["emoji"])
    return category


async def set_image(category_id: int, image_file_id: str | None, *, by: Actor | None = None) -> Category:
    staff.check(by, CATALOG)
    category = await get(category_id)
    category.image_file_id = image_file_id
    await category.save(update_fields=["image_file_id"])
    return category


async def toggle(category_id: int, *, by: Actor | None = None) -> bool:
    """Flip visibility; returns the new state."""
    staff.check(by, CATALOG)
    category = await get(category_id)
    category.is_active = not category.is_active
    await category.save(update_fields=["is_active"])
    if category.is_active:
        for product_id in await stock_alerts.products_waited_for(category_id):
            await publish(ProductAvailable(product_id))
    return category.is_active


async def product_count(category_id: int) -> int:
    return await Product.filter(category_id=category_id).count()


async def delete(category_id: int, *, by: Actor | None = None) -> None:
    """Delete an empty category; one with products is refused with their number, so the admin
    can move or delete them, or deactivate the category instead."""
    staff.check(by, CATALOG)
    async with in_transaction():
        await get(category_id)
        count = await product_count(category_id)
        if count:
            raise CategoryNotEmpty(category_id=category_id, products=count)
        await Category.filter(id=category_id).delete()


async def reorder(category_ids: list[int], *, by: Actor | None = None) -> None:
    """Store the given order (the admin's list, top first)."""
    staff.check(by, CATALOG)
    async with in_transaction():
        known = set(await Category.filter(id__in=category_ids).values_list("id", flat=True))
        missing = [cid for cid in category_ids if cid not in known]
        if missing:
            raise NotFound(entity="category", id=missing[0])
        for position, category_id in enumerate(category_ids):
            await Category.filter(id=category_id).update(sort_order=position)


async def list_all() -> list[Category]:
    return await Category.all().order_by("sort_order", "id")


# The shop's front screen: its SQL is built once.
_ACTIVE = Prepared(Category, lambda: Category.filter(is_active=True).order_by("sort_order", "id")
                   .values("id", "name", "emoji", "image_file_id", product_count="active_product_count"))


async def list_active() -> list[CategoryRow]:
    """Active categories with the number of their active products, in one query that reads no
    product: the database's triggers keep each category's count (migration 0004)."""
    return [CategoryRow(**row) for row in await _ACTIVE.dicts()]


async def move(category_id: int, step: int, *, by: Actor | None = None) -> bool:
    """Move one place up (step -1) or down (+1) in the admin's order; False at either end."""
    staff.check(by, CATALOG)
    return (await place(category_id, "up" if step < 0 else "down")).moved


async def place(category_id: int, where: str | int, *, by: Actor | None = None) -> positions.Placement:
    """To the "top", the "bottom", one step "up"/"down", or a typed position (from 1)."""
    staff.check(by, CATALOG)
    return await positions.place(Category, category_id, where)


async def position(category_id: int) -> tuple[int, int]:
    return await positions.position_of(Category, category_id)


async def admin_page(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[AdminCategoryRow]:
    """Every category in the admin's order with its product count: a count and one query."""
    query = Category.all().order_by("sort_order", "id")
    result = await paginate(query.annotate(product_count=Count("products")), page, page_size)
    return Page([AdminCategoryRow(row.id, row.name, row.emoji, row.is_active, row.product_count)
                 for row in result.items], result.total, result.page, result.page_size)
