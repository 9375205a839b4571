"""Product rules: when a product is on sale, how many units can be sold, and the stock label.

`ON_SALE` is the query form of `is_on_sale`, for listings; keep the two in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nanostore.db.models.enums import StockMode

if TYPE_CHECKING:
    from nanostore.db.models import Product

UNLIMITED, IN_STOCK, LOW_STOCK, OUT_OF_STOCK = "unlimited", "in_stock", "low_stock", "out_of_stock"

ON_SALE = {"is_active": True, "category__is_active": True}


def is_on_sale(product: Product) -> bool:
    """Shown and sellable: the product and its category are both switched on (the category
    must be loaded with the product)."""
    return product.is_active and product.category.is_active


def available_units(product: Product) -> int | None:
    """How many units can be sold now; None when unlimited."""
    return None if product.stock_mode == StockMode.UNLIMITED else max(0, product.stock)


def can_sell(product: Product, quantity: int) -> bool:
    units = available_units(product)
    return is_on_sale(product) and (units is None or quantity <= units)


def stock_label(product: Product, low_threshold: int) -> str:
    if product.stock_mode == StockMode.UNLIMITED:
        return UNLIMITED
    if product.stock <= 0:
        return OUT_OF_STOCK
    return LOW_STOCK if product.stock <= low_threshold else IN_STOCK
