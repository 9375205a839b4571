"""Plain rows for the admin's CSV/JSON exports: strings and numbers only, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nanostore.db.models import Order, Product, User
from nanostore.db.models.enums import StockMode

ORDER_COLUMNS = ("id", "user_id", "status", "payment_status", "subtotal", "discount", "wallet_used",
                 "amount_due", "currency", "created_at", "paid_at", "delivered_at")
USER_COLUMNS = ("id", "username", "first_name", "language", "balance", "is_banned",
                "has_blocked_bot", "joined_at", "last_seen_at")
PRODUCT_COLUMNS = ("id", "name", "description", "price", "stars_price", "stock_mode", "stock",
                   "delivery_type", "is_active")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):  # enums are str subclasses: keep just their value
        return str(value)
    return value


def _rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in record.items()} for record in records]


async def export_orders(since: datetime | None = None) -> list[dict[str, Any]]:
    query = Order.all() if since is None else Order.filter(created_at__gte=since)
    return _rows(await query.order_by("-created_at", "-id").values(*ORDER_COLUMNS))


async def export_users() -> list[dict[str, Any]]:
    return _rows(await User.all().order_by("-joined_at", "-id").values(*USER_COLUMNS))


async def export_products() -> list[dict[str, Any]]:
    """Columns that catalog_import.import_products reads back (stock is empty when unlimited)."""
    rows = _rows(await Product.all().order_by("category_id", "sort_order", "id")
                 .values(*PRODUCT_COLUMNS, category="category__name"))
    for row in rows:
        if row["stock_mode"] == StockMode.UNLIMITED:
            row["stock"] = ""
    return rows
