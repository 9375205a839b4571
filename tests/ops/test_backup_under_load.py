"""A backup taken while orders keep being written holds exactly the orders committed before
it, each one whole: a prefix of the commit history, with balances equal to their ledgers."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from tortoise.transactions import in_transaction

from nanostore.db.connection import close_database
from nanostore.db.models import Category, LedgerEntry, Order, OrderLine, Product, User
from nanostore.db.models.enums import DeliveryType, LedgerReason
from nanostore.ops.backup import backup_into_directory, integrity_problem
from nanostore.ops.restore import restore_sqlite

BACKUPS = 4
ORDERS_BETWEEN_BACKUPS = 15
PRICE = 250


async def place_order(number: int, product_id: int) -> int:
    """A customer tops up and pays for one order: user, two ledger rows, order, line — one
    transaction."""
    async with in_transaction() as connection:
        user = await User.create(id=10_000_000_000 + number, first_name=f"Buyer {number}", using_db=connection)
        await LedgerEntry.create(user=user, amount=1000, balance_after=1000, reason=LedgerReason.TOPUP,
                                 using_db=connection)
        order = await Order.create(user=user, subtotal=PRICE, wallet_used=PRICE, amount_due=0, currency="USD",
                                   using_db=connection)
        await OrderLine.create(order=order, product_id=product_id, product_name="Key", unit_price=PRICE,
                               quantity=1, delivery_type=DeliveryType.AUTO, using_db=connection)
        await LedgerEntry.create(user=user, amount=-PRICE, balance_after=1000 - PRICE,
                                 reason=LedgerReason.ORDER_PAYMENT, reference=f"order:{order.id}",
                                 using_db=connection)
        await User.filter(id=user.id).using_db(connection).update(balance=1000 - PRICE)
    return order.id


async def keep_ordering(committed: list[int], stop: asyncio.Event) -> None:
    product = await Product.create(category=await Category.create(name="Keys"), name="Key", price=PRICE)
    number = 0
    while not stop.is_set():
        number += 1
        committed.append(await place_order(number, product.id))


async def orders_committed(committed: list[int], at_least: int) -> None:
    while len(committed) < at_least:
        await asyncio.sleep(0)


def restored_facts(path) -> tuple[list[int], list, int]:
    with closing(sqlite3.connect(path)) as db:
        orders = [order_id for (order_id,) in db.execute("SELECT id FROM orders ORDER BY id")]
        unbalanced = db.execute(
            "SELECT users.id FROM users LEFT JOIN (SELECT user_id, SUM(amount) AS total FROM wallet_ledger"
            " GROUP BY user_id) AS ledger ON ledger.user_id = users.id"
            " WHERE users.balance != COALESCE(ledger.total, 0)").fetchall()
        orders_without_line = db.execute(
            "SELECT COUNT(*) FROM orders WHERE id NOT IN (SELECT order_id FROM order_lines)").fetchone()[0]
    return orders, unbalanced, orders_without_line


async def test_backups_under_load_restore_every_order_committed_before_them(shop_file, tmp_path):
    committed: list[int] = []
    stop = asyncio.Event()
    writer = asyncio.create_task(keep_ordering(committed, stop))
    taken = []
    try:
        for _ in range(BACKUPS):
            await orders_committed(committed, len(committed) + ORDERS_BETWEEN_BACKUPS)
            before = list(committed)
            # In a thread, as the commands and the scheduler do: the writer keeps committing.
            backup = await asyncio.to_thread(backup_into_directory, shop_file, tmp_path / "backups", 0)
            taken.append((before, backup))
        await orders_committed(committed, len(committed) + ORDERS_BETWEEN_BACKUPS)
    finally:
        stop.set()
        await writer
    await close_database()

    for number, (before, backup) in enumerate(taken):
        restored = tmp_path / f"restored-{number}" / "shop.db"
        await restore_sqlite(backup, f"sqlite://{restored}", replace=False)
        orders, unbalanced, orders_without_line = restored_facts(restored)

        assert integrity_problem(restored) is None
        assert set(before) <= set(orders)
        assert orders == committed[:len(orders)]  # a snapshot: a prefix of the commit order
        assert unbalanced == [] and orders_without_line == 0
    assert len(committed) > len(orders)  # the writer went on after the last backup
