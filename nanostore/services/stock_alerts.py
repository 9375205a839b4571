"""Back-in-stock alerts: a customer asks to be told when a product they cannot buy now can be
bought again; when it can (stock raised, keys added, the product or its category shown again:
the `ProductAvailable` event), each waiting customer is told once, through the outbox.

Telling deletes the request in the same transaction as the notification is queued, by a
guarded DELETE per person, so two restocks racing tell nobody twice.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from nanostore.db.models import Product, StockAlert
from nanostore.domain.products import can_sell

from . import catalog
from .errors import InStockNow
from .outbox import notify_user

KIND = "back_in_stock"  # the notification (locales/<lang>/notifications/back_in_stock.j2)


async def is_waiting(user_id: int, product_id: int) -> bool:
    return await StockAlert.exists(user_id=user_id, product_id=product_id)


async def subscribe(user_id: int, product_id: int) -> bool:
    """Asks to be told; False when this person already waits for it (a double tap). A
    product that can be bought now needs no alert: InStockNow says so."""
    product = await catalog.sellable_product(product_id)
    if can_sell(product, 1):
        raise InStockNow(product_id=product_id)
    try:
        async with in_transaction():
            await StockAlert.create(user_id=user_id, product_id=product.id)
    except IntegrityError:
        return False
    return True


async def cancel(user_id: int, product_id: int) -> bool:
    """True when a waiting request was taken back."""
    return await StockAlert.filter(user_id=user_id, product_id=product_id).delete() == 1


async def products_waited_for(category_id: int) -> list[int]:
    """The products of the category someone waits for."""
    ids = await StockAlert.filter(product__category_id=category_id).distinct().values_list(
        "product_id", flat=True)
    return sorted({int(str(product_id)) for product_id in ids})


async def waiting_count(product_id: int) -> int:
    return await StockAlert.filter(product_id=product_id).count()


async def tell_the_waiting(product_id: int) -> int:
    """Tells everyone waiting for the product, if it can be bought now; returns how many."""
    if not await StockAlert.exists(product_id=product_id):
        return 0
    product = await Product.filter(id=product_id).select_related("category").first()
    if product is None or not can_sell(product, 1):
        return 0
    told = 0
    for alert in await StockAlert.filter(product_id=product_id).order_by("id"):
        async with in_transaction():
            if await StockAlert.filter(id=alert.id).delete() == 1:
                await notify_user(alert.user_id, KIND, product_id=product_id,
                                  product_name=product.name)
                told += 1
    return told
