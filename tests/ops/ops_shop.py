"""A small shop holding every kind of value the copy and backup tests must keep, a snapshot of
all rows to compare two databases, and a runner for the `nanostore` command."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from nanostore.db.connection import open_database

from nanostore.db.models import (
    AuditEntry, Category, DeliveryItem, LedgerEntry, Order, OrderLine, OutboxMessage, Product,
    Setting, User,
)
from nanostore.db.models.enums import DeliveryType, LedgerReason

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIG_ID = 7_000_000_001  # Telegram ids exceed 32 bits
TEHRAN = timezone(timedelta(hours=3, minutes=30))


async def open_shop(database_url: str) -> None:
    """open_database for a test that moves between SQLite and PostgreSQL: Tortoise caches INSERT
    statements per connection name in the dialect that used the name first."""
    EXECUTOR_CACHE.clear()
    await open_database(database_url)


async def fill_shop() -> None:
    # The referrer's id is higher than the referred person's: a copy in id order meets the
    # reference before the row it points to.
    await User.create(id=5, first_name="Ann", balance=700)
    await User.create(id=BIG_ID, first_name="Бob", username="bob", balance=0,
                      last_reward_at=datetime(2026, 3, 1, 23, 30, tzinfo=TEHRAN))
    await User.filter(id=5).update(referrer_id=BIG_ID)
    await LedgerEntry.create(user_id=5, amount=1000, balance_after=1000, reason=LedgerReason.TOPUP)
    await LedgerEntry.create(user_id=5, amount=-300, balance_after=700, reason=LedgerReason.ORDER_PAYMENT,
                             reference="order:1")
    category = await Category.create(name="Keys")
    product = await Product.create(category=category, name="Key", price=9_000_000_000_000, stock=3)
    order = await Order.create(user_id=5, subtotal=300, wallet_used=300, amount_due=0, currency="USD",
                               paid_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc))
    line = await OrderLine.create(order=order, product=product, product_name="Key", unit_price=300,
                                  quantity=1, delivery_type=DeliveryType.AUTO, stock_counted=True)
    await DeliveryItem.create(product=product, content="KEY-1", order_line=line)
    await DeliveryItem.create(product=product, content="KEY-2")
    await Setting.create(key="shop", value={"name": "Shop ✓", "tags": [1, None, True]})
    # A JSON string scalar, written as the settings service stores it.
    await connections.get("default").execute_query(
        "INSERT INTO settings (key, value, updated_at) VALUES ('note', '\"\"', '2026-01-01 00:00:00+00:00')")
    await AuditEntry.create(admin_id=BIG_ID, action="price", before={"price": 1}, after=None)
    await OutboxMessage.create(audience="user", chat_id=BIG_ID, kind="order_paid", payload={"order": 1})


async def snapshot() -> dict[str, list[dict]]:
    """Every row of every table as Python values, in primary key order."""
    rows = {}
    for model in Tortoise.apps["models"].values():
        rows[model._meta.db_table] = await model.all().order_by(model._meta.pk_attr).values()
    return rows


def run_nanostore(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "BOT_TOKEN"}
    environment.update(DATABASE_URL=database_url, PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.run([sys.executable, "-m", "nanostore.cli", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True)
