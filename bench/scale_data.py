"""A big shop written straight into SQLite: users, ~50 categories, products, orders with lines.

Rows go in through sqlite3 `executemany` in a few large transactions (journal off, synchronous
off: it is a throw-away benchmark file); the schema itself comes from the project's migrations,
so the indexes are the production ones. Timestamps use the text form Tortoise writes.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

CATEGORIES = 50
ORDER_DAYS = 365
CHUNK = 50_000
STATUSES = [("delivered", "paid")] * 6 + [("pending", "unpaid"), ("confirmed", "paid"),
                                           ("cancelled", "unpaid"), ("processing", "paid")]
BENCH_USER = 1  # the customer whose screens are measured: an ordinary one, ~10 orders


@dataclass(frozen=True)
class Sizes:
    users: int
    products: int
    orders: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(users=max(10, int(100_000 * scale)), products=max(CATEGORIES, int(10_000 * scale)),
                   orders=max(10, int(1_000_000 * scale)))


def stamp(moment: datetime) -> str:
    return moment.isoformat(" ")  # what Tortoise stores in SQLite: '2026-01-02 03:04:05.678+00:00'


def generate(path: str, sizes: Sizes, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        _users(db, sizes.users, now)
        _catalog(db, sizes.products, now)
        _orders(db, sizes, now, rng)
        db.execute("ANALYZE")
        db.execute("PRAGMA journal_mode=WAL")  # what the shop runs with on SQLite


def _in_chunks(db: sqlite3.Connection, sql: str, rows) -> None:
    db.execute("BEGIN")
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            db.executemany(sql, batch)
            batch.clear()
    db.executemany(sql, batch)
    db.execute("COMMIT")


def _users(db, count: int, now: datetime) -> None:
    joined = stamp(now - timedelta(days=ORDER_DAYS))
    _in_chunks(db, "INSERT INTO users (id, first_name, language, is_banned, has_blocked_bot, balance,"
                   " joined_at, last_seen_at) VALUES (?, ?, 'en', 0, 0, ?, ?, ?)",
               ((user_id, f"User {user_id}", (user_id * 37) % 5000, joined, joined)
                for user_id in range(1, count + 1)))


def _catalog(db, products: int, now: datetime) -> None:
    created = stamp(now - timedelta(days=ORDER_DAYS))
    _in_chunks(db, "INSERT INTO categories (id, name, emoji, sort_order, is_active, created_at)"
                   " VALUES (?, ?, '🎮', ?, 1, ?)",
               ((number, f"Category {number}", number, created) for number in range(1, CATEGORIES + 1)))
    _in_chunks(db, "INSERT INTO products (id, name, description, search_text, price, stock_mode, stock,"
                   " delivery_type, protect_content, is_active, sort_order, created_at, updated_at,"
                   " category_id) VALUES (?, ?, ?, ?, ?, 'unlimited', 0, 'manual', 0, 1, ?, ?, ?, ?)",
               ((number, f"Game key {number}", f"A <b>key</b> for game {number}",
                 f"game key {number} a key for game {number}", 199 + number % 5000, number,
                 created, created, 1 + number % CATEGORIES) for number in range(1, products + 1)))


def _orders(db, sizes: Sizes, now: datetime, rng: random.Random) -> None:
    start = now - timedelta(days=ORDER_DAYS)
    span = ORDER_DAYS * 86_400
    lines: list[tuple] = []
    orders: list[tuple] = []
    db.execute("BEGIN")
    for order_id in range(1, sizes.orders + 1):
        user_id = BENCH_USER if order_id % max(1, sizes.orders // 10) == 0 else rng.randint(1, sizes.users)
        created = stamp(start + timedelta(seconds=span * order_id / sizes.orders))
        status, payment = STATUSES[order_id % len(STATUSES)]
        subtotal = 0
        for _ in range(1 + order_id % 3):  # 1-3 lines, 2 on average
            product = rng.randint(1, sizes.products)
            price, quantity = 199 + product % 5000, 1 + product % 2
            subtotal += price * quantity
            lines.append((f"Game key {product}", price, quantity, order_id, product))
        paid = created if payment == "paid" else None
        orders.append((order_id, status, payment, subtotal, subtotal if payment == "unpaid" else 0,
                       paid, created, created, user_id))
        if len(orders) >= CHUNK:
            _flush(db, orders, lines)
    _flush(db, orders, lines)
    db.execute("COMMIT")


def _flush(db, orders: list, lines: list) -> None:
    db.executemany("INSERT INTO orders (id, status, payment_status, subtotal, discount, wallet_used,"
                   " amount_due, currency, paid_at, created_at, updated_at, user_id)"
                   " VALUES (?, ?, ?, ?, 0, 0, ?, 'USD', ?, ?, ?, ?)", orders)
    db.executemany("INSERT INTO order_lines (product_name, unit_price, quantity, delivery_type,"
                   " protect_content, stock_counted, order_id, product_id)"
                   " VALUES (?, ?, ?, 'manual', 0, 0, ?, ?)", lines)
    orders.clear()
    lines.clear()
