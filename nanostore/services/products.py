"""Products as the admin edits them; every write keeps `search_text` in step with name and
description, so search never sees a stale product."""

from __future__ import annotations

from enum import StrEnum
from html.parser import HTMLParser
from typing import Any

from nanostore.db.models import Category, Product
from nanostore.db.models.enums import DeliveryType, StockMode
from nanostore.domain.staff import Actor

from . import positions, staff
from .errors import InvalidInput, NotFound
from .events import ProductAvailable, publish
from .paging import DEFAULT_PAGE_SIZE, Page, paginate
from .search_text import searchable

CATALOG = "catalog"  # the staff role that changes them

NAME_MAX = 128
DESCRIPTION_MAX = 4000


class StockChoice(StrEnum):
    UNLIMITED = "unlimited"
    COUNTED = "counted"
    OUT_OF_STOCK = "out_of_stock"  # counted with nothing left: stays visible, cannot be bought


def clean_name(name: Any) -> str:
    name = str(name or "").strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(field="name", reason="length", min=1, max=NAME_MAX)
    return name


# What Telegram's HTML parse mode accepts; anything else makes the whole card fail to send.
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                 "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"}


class _TelegramHtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.wrong: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in TELEGRAM_TAGS:
            self.wrong = self.wrong or tag
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.wrong = self.wrong or tag
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:  # a lone "<" must be written &lt; or Telegram refuses the message
            self.wrong = self.wrong or "<"


def _check_telegram_html(text: str) -> None:
    checker = _TelegramHtmlCheck()
    checker.feed(text)
    checker.close()
    wrong = checker.wrong or (checker.open[-1] if checker.open else None)
    if wrong:
        raise InvalidInput(field="description", reason="html", tag=wrong)


def clean_description(description: Any) -> str:
    """Admin-written Telegram HTML: checked here, because customers' cards show it unescaped."""
    description = str(description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput(field="description", reason="length", min=0, max=DESCRIPTION_MAX)
    _check_telegram_html(description)
    return description


def clean_price(price: Any) -> int:
    # bool is an int in Python; a price of True must not become 1.
    if isinstance(price, bool) or not isinstance(price, int) or price <= 0:
        raise InvalidInput(field="price", reason="positive_integer")
    return price


def clean_stock(stock: Any) -> int:
    if isinstance(stock, bool) or not isinstance(stock, int) or stock < 0:
        raise InvalidInput(field="stock", reason="non_negative_integer")
    return stock


def clean_stars_price(stars_price: Any) -> int | None:
    if stars_price is None:
        return None
    if isinstance(stars_price, bool) or not isinstance(stars_price, int) or stars_price <= 0:
        raise InvalidInput(field="stars_price", reason="positive_integer")
    return stars_price


async def get(product_id: int) -> Product:
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise NotFound(entity="product", id=product_id)
    return product


async def _require_category(category_id: int) -> None:
    if not await Category.exists(id=category_id):
        raise NotFound(entity="category", id=category_id)


async def create(category_id: int, name: str, price: int, description: str = "",
                 stock: int | None = None, delivery_type: DeliveryType = DeliveryType.MANUAL,
                 stars_price: int | None = None, image_file_id: str | None = None,
                 protect_content: bool = False, *, by: Actor | None = None) -> Product:
    """`stock=None` sells without limit; a number counts units down."""
    staff.check(by, CATALOG)
    name, description, price = clean_name(name), clean_description(description), clean_price(price)
    counted = stock is not None
    await _require_category(category_id)
    return await Product.create(
        category_id=category_id, name=name, description=description, price=price,
        search_text=searchable(name, description),
        stock_mode=StockMode.COUNTED if counted else StockMode.UNLIMITED,
        stock=clean_stock(stock) if counted else 0, delivery_type=DeliveryType(delivery_type),
        stars_price=clean_stars_price(stars_price), image_file_id=image_file_id,
        protect_content=bool(protect_content))


async def _save(product: Product, *fields: str) -> Product:
    product.search_text = searchable(product.name, product.description)
    await product.save(update_fields=[*fields, "search_text", "updated_at"])
    return product


async def rename(product_id: int, name: str, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.name = clean_name(name)
    return await _save(product, "name")


async def set_description(product_id: int, description: str, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.description = clean_description(description)
    return await _save(product, "description")


async def set_price(product_id: int, price: int, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.price = clean_price(price)
    return await _save(product, "price")


async def set_stars_price(product_id: int, stars_price: int | None, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.stars_price = clean_stars_price(stars_price)
    return await _save(product, "stars_price")


async def move_to_category(product_id: int, category_id: int, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    await _require_category(category_id)
    product.category_id = category_id
    return await _save(product, "category_id")


async def set_image(product_id: int, image_file_id: str | None, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.image_file_id = image_file_id
    return await _save(product, "image_file_id")


async def set_delivery_type(product_id: int, delivery_type: DeliveryType,
                            *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.delivery_type = DeliveryType(delivery_type)
    return await _save(product, "delivery_type")


async def make_delivery_automatic(product_id: int, *, by: Actor | None = None) -> bool:
    """Whether this call switched a manual product to automatic delivery: guarded on manual, so
    a double tap (or two admins) switches and records it once."""
    staff.check(by, CATALOG)
    await get(product_id)  # NotFound for a deleted product
    return await Product.filter(id=product_id, delivery_type=DeliveryType.MANUAL).update(
        delivery_type=DeliveryType.AUTO) == 1


async def set_protect_content(product_id: int, protect: bool, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.protect_content = bool(protect)
    return await _save(product, "protect_content")


async def set_stock_mode(product_id: int, choice: StockChoice, stock: int | None = None,
                         *, by: Actor | None = None) -> Product:
    """Unlimited; counted with `stock` units (the current count when omitted); or out of stock."""
    staff.check(by, CATALOG)
    product = await get(product_id)
    choice = StockChoice(choice)
    if choice is StockChoice.UNLIMITED:
        product.stock_mode, product.stock = StockMode.UNLIMITED, 0
    elif choice is StockChoice.OUT_OF_STOCK:
        product.stock_mode, product.stock = StockMode.COUNTED, 0
    else:
        product.stock_mode = StockMode.COUNTED
        product.stock = clean_stock(product.stock if stock is None else stock)
    await _save(product, "stock_mode", "stock")
    await publish(ProductAvailable(product.id))
    return product


async def set_stock(product_id: int, stock: int, *, by: Actor | None = None) -> Product:
    staff.check(by, CATALOG)
    return await set_stock_mode(product_id, StockChoice.COUNTED, stock)


async def toggle(product_id: int, *, by: Actor | None = None) -> bool:
    staff.check(by, CATALOG)
    product = await get(product_id)
    product.is_active = not product.is_active
    await _save(product, "is_active")
    if product.is_active:
        await publish(ProductAvailable(product.id))
    return product.is_active


async def delete(product_id: int, *, by: Actor | None = None) -> None:
    # Order lines keep their snapshot (the foreign key is set to NULL), so history survives.
    staff.check(by, CATALOG)
    if not await Product.filter(id=product_id).delete():
        raise NotFound(entity="product", id=product_id)


async def place(product_id: int, where: str | int, *, by: Actor | None = None) -> positions.Placement:
    """Within its category: "top", "bottom", one step "up"/"down", or a typed position (from 1)."""
    staff.check(by, CATALOG)
    product = await get(product_id)
    return await positions.place(Product, product_id, where, {"category_id": product.category_id})


async def position(product: Product) -> tuple[int, int]:
    return await positions.position_of(Product, product.id, {"category_id": product.category_id})


async def list_in_category(category_id: int) -> list[Product]:
    """Every product of a category, hidden ones included (the admin's view)."""
    return await Product.filter(category_id=category_id).order_by("sort_order", "id")


async def page_in_category(category_id: int, page: int = 0,
                           page_size: int = DEFAULT_PAGE_SIZE) -> Page[Product]:
    """One page of a category's products, hidden ones included (the admin's view)."""
    return await paginate(Product.filter(category_id=category_id).order_by("sort_order", "id"),
                          page, page_size)
