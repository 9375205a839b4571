"""Units of counted products: taken by a guarded UPDATE, given back exactly as taken.

Read-check-write oversells under concurrency; `stock >= quantity` in the UPDATE's WHERE clause
lets the database decide, and the row count says who won.
"""

from __future__ import annotations

from tortoise.expressions import F

from nanostore.db.models import DeliveryItem, Product
from nanostore.db.models.enums import StockMode

from . import settings
from .events import ProductAvailable, publish
from .outbox import notify_admins


async def take(product_id: int, quantity: int) -> bool:
    taken = await Product.filter(id=product_id, stock_mode=StockMode.COUNTED,
                                 stock__gte=quantity).update(stock=F("stock") - quantity)
    return taken == 1


async def give_back(product_id: int, quantity: int) -> None:
    if quantity > 0:
        await Product.filter(id=product_id, stock_mode=StockMode.COUNTED).update(
            stock=F("stock") + quantity)
        await publish(ProductAvailable(product_id))  # whoever waits for it may buy it now


async def alert_if_low(product_id: int, product_name: str, left: int, taken: int) -> None:
    """Tell admins once, when this change crossed the threshold, not on every later sale."""
    threshold = (await settings.load()).low_stock_threshold
    if left <= threshold < left + taken:
        await notify_admins("low_stock", product_id=product_id, product_name=product_name,
                            left=left, threshold=threshold)


async def alert_if_stock_low(product_id: int, taken: int) -> None:
    row = await Product.filter(id=product_id).values("name", "stock")
    if row:
        await alert_if_low(product_id, row[0]["name"], row[0]["stock"], taken)


async def alert_if_pool_low(product_id: int, product_name: str, claimed: int, *,
                            stock_counted: bool = False) -> None:
    if stock_counted:
        # The checkout already alerted on the counted stock for this sale; a pool that runs dry
        # before it is reported as delivery_pool_empty. Two "low stock" notes would repeat one.
        return
    left = await DeliveryItem.filter(product_id=product_id, order_line_id=None).count()
    await alert_if_low(product_id, product_name, left, claimed)
