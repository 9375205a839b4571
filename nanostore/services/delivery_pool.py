"""Keys, texts and files waiting to be delivered automatically, one per unit sold.

Adding items to a counted product adds as many units to its stock: the admin loads ten keys, the
shop can sell ten more; stock and pool never need to be kept in step by hand.
"""

from __future__ import annotations

import csv
import io

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from nanostore.db.models import DeliveryItem, Product
from nanostore.db.models.enums import ItemKind, StockMode
from nanostore.domain.staff import Actor

from . import staff
from .errors import InvalidInput, NotFound
from .events import ProductAvailable, publish

CATALOG = "catalog"  # the staff role that changes them

ITEM_MAX = 4000


async def _add(product_id: int, items: list[DeliveryItem]) -> int:
    if not items:
        raise InvalidInput(field="items", reason="empty")
    async with in_transaction():
        if not await Product.exists(id=product_id):
            raise NotFound(entity="product", id=product_id)
        await DeliveryItem.bulk_create(items)
        await Product.filter(id=product_id, stock_mode=StockMode.COUNTED).update(
            stock=F("stock") + len(items))
        await publish(ProductAvailable(product_id))
    return len(items)


def _text_item(product_id: int, content: str) -> DeliveryItem:
    if len(content) > ITEM_MAX:
        raise InvalidInput(field="items", reason="too_long", max=ITEM_MAX)
    return DeliveryItem(product_id=product_id, kind=ItemKind.TEXT, content=content)


async def add_items_from_text(product_id: int, text: str, *, by: Actor | None = None) -> int:
    """One item per non-empty line; returns how many were added."""
    staff.check(by, CATALOG)
    lines = [line.strip() for line in (text or "").splitlines()]
    return await _add(product_id, [_text_item(product_id, line) for line in lines if line])


async def add_items_from_csv(product_id: int, csv_text: str, *, by: Actor | None = None) -> int:
    """The first column of every row with one; returns how many were added."""
    staff.check(by, CATALOG)
    rows = csv.reader(io.StringIO(csv_text or ""))
    cells = [row[0].strip() for row in rows if row and row[0].strip()]
    return await _add(product_id, [_text_item(product_id, cell) for cell in cells])


async def add_file_item(product_id: int, file_id: str, file_name: str | None = None,
                        *, by: Actor | None = None) -> int:
    staff.check(by, CATALOG)
    if not file_id:
        raise InvalidInput(field="file_id", reason="required")
    item = DeliveryItem(product_id=product_id, kind=ItemKind.FILE, content=file_id,
                        file_name=(file_name or None) and file_name[:255])
    return await _add(product_id, [item])


async def remaining_items(product_id: int) -> int:
    return await DeliveryItem.filter(product_id=product_id, order_line_id=None).count()


async def delete_unclaimed(item_id: int, *, by: Actor | None = None) -> None:
    """Remove a wrong key before anyone got it; a delivered item is history and stays."""
    staff.check(by, CATALOG)
    async with in_transaction():
        item = await DeliveryItem.get_or_none(id=item_id, order_line_id=None)
        # The DELETE re-checks "unclaimed": an order may have claimed it since the read.
        if item is None or not await DeliveryItem.filter(id=item_id, order_line_id=None).delete():
            raise NotFound(entity="delivery_item", id=item_id)
        if item.product_id:
            await Product.filter(id=item.product_id, stock_mode=StockMode.COUNTED,
                                 stock__gt=0).update(stock=F("stock") - 1)
