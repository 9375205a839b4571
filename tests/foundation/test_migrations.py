"""Schema migrations: models and migration files agree, and upgrading keeps every row."""

import importlib
import logging
import sqlite3

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate

from nanostore.db.connection import close_database, open_database, tortoise_config
from nanostore.db.models import Category, Order, Product, User
from nanostore.db.schema_changes import pending_migrations
from nanostore.services import catalog, categories, products

FIRST_MIGRATION = "models.0001_initial"
BEFORE_SEARCH_FTS = "models.0002_product_search_index"
search_fts = importlib.import_module("nanostore.db.migrations.0003_product_search_fts")


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
            " VALUES (?, 1, ?, '', ?, 100, 'unlimited', 0, 'auto', 0, 1, 0, '2026-01-01', '2026-01-01')",
            [(i, f"Ключ {i}", f"ключ {i}") for i in range(1, 21)])
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
        # The rows already there are in the search index, and it follows later writes.
        assert await search_index_state() == (set(search_fts.TRIGGERS), "consistent")
        assert (await catalog.search("КЛЮЧ 1")).total == 11  # 1 and 10-19
        await products.rename(1, "Renamed")
        assert (await catalog.search("ключ 1")).total == 10
        assert await search_index_state() == (set(search_fts.TRIGGERS), "consistent")
    finally:
        await close_database()


async def search_index_state() -> tuple[set[str], str]:
    """The search table's triggers and whether the index holds exactly products.search_text."""
    client = connections.get("default")
    rows = await client.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'products'")
    try:  # FTS5's check, rank 1: against the content table too
        await client.execute_query(
            f"INSERT INTO {search_fts.TABLE}({search_fts.TABLE}, rank) VALUES ('integrity-check', 1)")
    except Exception as error:
        return {row["name"] for row in rows}, str(error)
    return {row["name"] for row in rows}, "consistent"


async def test_a_migrated_sqlite_database_keeps_its_search_index_in_step(tmp_path):
    # Tortoise rebuilds a SQLite table to drop or alter a column, and the rebuild drops the
    # table's triggers: a later migration doing that to products must create them again.
    await open_database(f"sqlite://{tmp_path / 'shop.db'}")
    try:
        games = await categories.create("Games")
        key = await products.create(games.id, "Steam key", 100)
        await products.set_description(key.id, "Global")
        await products.create(games.id, "Other", 100)
        await products.delete(key.id)
        assert await search_index_state() == (set(search_fts.TRIGGERS), "consistent")
        assert [item.name for item in (await catalog.search("other")).items] == ["Other"]
    finally:
        await close_database()


async def test_the_search_index_migration_rolls_back_and_forward(tmp_path):
    url = f"sqlite://{tmp_path / 'shop.db'}"
    await open_database(url)
    games = await categories.create("Games")
    await products.create(games.id, "Steam key", 100)
    await close_database()
    await migrate(config=tortoise_config(url, foreign_keys=False), target=BEFORE_SEARCH_FTS)
    await Tortoise.close_connections()
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'products_fts%'").fetchall() == []
        db.execute("UPDATE products SET search_text = 'changed while there was no index'")
    await open_database(url)
    try:
        assert await search_index_state() == (set(search_fts.TRIGGERS), "consistent")
        assert (await catalog.search("no index")).total == 1
    finally:
        await close_database()


async def test_an_sqlite_without_the_trigram_tokenizer_still_migrates_and_searches(
        tmp_path, monkeypatch, caplog):
    # SQLite before 3.34 has no trigram tokenizer: no table, and search keeps its LIKE scan.
    monkeypatch.setattr(search_fts, "CREATE_TABLE", search_fts.CREATE_TABLE.replace("trigram", "no_such"))
    with caplog.at_level(logging.WARNING):
        await open_database(f"sqlite://{tmp_path / 'shop.db'}")
    try:
        assert "cannot build products_fts" in caplog.text
        games = await categories.create("Games")
        await products.create(games.id, "Steam key", 100)
        assert (await catalog.search("steam")).total == 1
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
        pytest.skip("needs PostgreSQL (CI machines have it)")
    name = f"nanostore_migrate_{tmp_path.name[-12:].replace('-', '_')}".lower()
    await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await _server_command(f"CREATE DATABASE {name}")
    try:
        await open_database(SERVER_URL.rsplit("/", 1)[0] + "/" + name)
        rows = await connections.get("default").execute_query_dict(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'products_search_text_trgm'")
        assert rows and "gin_trgm_ops" in rows[0]["indexdef"]
        # 0003 (SQLite's FTS5 table) does nothing here.
        assert await connections.get("default").execute_query_dict(
            "SELECT 1 FROM pg_class WHERE relname LIKE 'products_fts%'") == []
        await close_database()
    finally:
        await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
