"""Schema migrations: models and migration files agree, and upgrading keeps every row."""

import sqlite3

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from nanostore.db.connection import close_database, open_database, tortoise_config
from nanostore.db.models import Category, Order, Product, User
from nanostore.db.schema_changes import pending_migrations

FIRST_MIGRATION = "models.0001_initial"


async def test_models_have_no_unwritten_changes():
    assert await pending_migrations() == []


def _populate_with_sql(path):
    # Plain SQL against the oldest schema, so the test keeps working as models evolve.
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO users (id, first_name, is_banned, has_blocked_bot, balance, joined_at,"
                       " last_seen_at) VALUES (?, 'u', 0, 0, 0, '2026-01-01', '2026-01-01')",
                       [(i,) for i in range(1, 51)])
        db.execute("INSERT INTO categories (id, name, emoji, sort_order, is_active, created_at)"
                   " VALUES (1, 'Keys', '', 0, 1, '2026-01-01')")
        db.executemany(
            "INSERT INTO products (id, category_id, name, description, search_text, price, stock_mode,"
            " stock, delivery_type, protect_content, is_active, sort_order, created_at, updated_at)"
            " VALUES (?, 1, 'p', '', 'p', 100, 'unlimited', 0, 'auto', 0, 1, 0, '2026-01-01', '2026-01-01')",
            [(i,) for i in range(1, 21)])
        db.executemany(
            "INSERT INTO orders (user_id, status, payment_status, subtotal, discount, wallet_used,"
            " amount_due, currency, created_at, updated_at) VALUES (?, 'pending', 'unpaid', 100, 0, 0, 100,"
            " 'USD', '2026-01-01', '2026-01-01')", [(1 + i % 50,) for i in range(200)])


async def test_upgrading_a_populated_database_keeps_every_row(tmp_path):
    path = tmp_path / "old.db"
    url = f"sqlite://{path}"
    await migrate(config=tortoise_config(url), target=FIRST_MIGRATION)
    await Tortoise.close_connections()
    _populate_with_sql(path)

    await open_database(url)  # applies every later migration
    try:
        assert await User.all().count() == 50
        assert await Category.all().count() == 1
        assert await Product.all().count() == 20
        assert await Order.all().count() == 200
    finally:
        await close_database()


async def test_migrating_twice_changes_nothing(tmp_path):
    url = f"sqlite://{tmp_path / 'shop.db'}"
    await open_database(url)
    await User.create(id=1, first_name="Ann")
    await close_database()
    await open_database(url)
    try:
        assert await User.all().count() == 1
    finally:
        await close_database()


async def test_postgres_search_uses_a_trigram_index(tmp_path):
    from tests.conftest import SERVER_URL, _server_command, postgres_reachable

    if not postgres_reachable():
        import pytest

        pytest.skip("needs PostgreSQL (CI machines have it)")
    name = f"nanostore_migrate_{tmp_path.name[-12:].replace('-', '_')}".lower()
    await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await _server_command(f"CREATE DATABASE {name}")
    try:
        await open_database(SERVER_URL.rsplit("/", 1)[0] + "/" + name)
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'products_search_text_trgm'")
        assert rows and "gin_trgm_ops" in rows[0]["indexdef"]
        await close_database()
    finally:
        await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
