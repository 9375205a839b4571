"""Schema migrations: models and migration files agree, and upgrading keeps every row."""

import importlib
import logging
import sqlite3

import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api.migrate import migrate

from nanostore.db.connection import close_database, open_database, tortoise_config
from nanostore.db.models import Category, Order, Product, User
from nanostore.db.schema_changes import pending_migrations
from nanostore.services import catalog, categories, products
from tests.fixtures import databases  # the module: its test_backends imported alone would be collected

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
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'products'"
        f" AND name LIKE '{search_fts.TABLE}%'")
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
    from tests.fixtures.databases import SERVER_URL, _server_command, postgres_reachable

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


product_counts = importlib.import_module("nanostore.db.migrations.0004_category_product_count")
BEFORE_PRODUCT_COUNTS = "models.0003_product_search_fts"
# Category 1 holds 5 active and 2 hidden products, hidden category 2 holds 3 active, 3 is empty.
COUNTS_BEFORE_0004 = {1: 5, 2: 3, 3: 0}


@pytest.fixture(params=databases.test_backends())
async def migration_url(request, tmp_path):
    """An empty database of its own on each backend the `db` fixture runs on, for tests that
    run the migrations."""
    # Tortoise caches statements per connection name, in the dialect of the first to use it.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'shop.db'}"
        return
    name = f"nanostore_migrate_{tmp_path.name[-12:].replace('-', '_')}".lower()
    await databases._server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await databases._server_command(f"CREATE DATABASE {name}")
    try:
        yield databases.SERVER_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        EXECUTOR_CACHE.clear()  # tests after this one may use SQLite under the same name
        await databases._server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def _populate_catalog_with_sql() -> None:
    # Plain SQL against the schema before 0004; TRUE/FALSE and the timestamp suit both backends.
    client = connections.get("default")
    for category_id, active in ((1, "TRUE"), (2, "FALSE"), (3, "TRUE")):
        await client.execute_query(
            "INSERT INTO categories (id, name, emoji, sort_order, is_active, created_at)"
            f" VALUES ({category_id}, 'C{category_id}', '', {category_id}, {active},"
            " '2026-01-01 00:00:00+00:00')")
    rows = [(1, "TRUE")] * 5 + [(1, "FALSE")] * 2 + [(2, "TRUE")] * 3
    for product_id, (category_id, active) in enumerate(rows, start=1):
        await client.execute_query(
            "INSERT INTO products (id, category_id, name, description, search_text, price, stock_mode,"
            " stock, delivery_type, protect_content, is_active, sort_order, created_at, updated_at)"
            f" VALUES ({product_id}, {category_id}, 'P{product_id}', '', 'p{product_id}', 100, 'unlimited',"
            f" 0, 'auto', FALSE, {active}, 0, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')")


async def product_count_triggers() -> set[str]:
    client = connections.get("default")
    if client.capabilities.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal"
    names = {row["name"] for row in await client.execute_query_dict(sql)}
    return names & set(product_counts.postgres_triggers())


def expected_triggers(url: str) -> set[str]:
    return set(product_counts.TRIGGERS if url.startswith("sqlite") else product_counts.postgres_triggers())


async def stored_counts() -> dict[int, int]:
    return dict(await Category.all().order_by("id").values_list("id", "active_product_count"))


async def test_upgrading_a_populated_database_counts_each_categorys_active_products(migration_url):
    await migrate(config=tortoise_config(migration_url), target=BEFORE_PRODUCT_COUNTS)
    await _populate_catalog_with_sql()
    await Tortoise.close_connections()

    await open_database(migration_url)  # applies 0004
    try:
        assert await stored_counts() == COUNTS_BEFORE_0004
        assert await product_count_triggers() == expected_triggers(migration_url)
        await products.toggle(6)  # a hidden product of category 1 shown
        await products.move_to_category(8, 3)
        assert await stored_counts() == {1: 6, 2: 2, 3: 1}
    finally:
        await close_database()


async def test_the_product_count_migration_rolls_back_and_forward(migration_url):
    await migrate(config=tortoise_config(migration_url), target=BEFORE_PRODUCT_COUNTS)
    await _populate_catalog_with_sql()
    await Tortoise.close_connections()
    await open_database(migration_url)
    await close_database()

    await migrate(config=tortoise_config(migration_url, foreign_keys=False), target=BEFORE_PRODUCT_COUNTS)
    try:
        assert await product_count_triggers() == set()
        client = connections.get("default")
        if client.capabilities.dialect == "postgres":
            functions = await client.execute_query_dict(
                "SELECT proname FROM pg_proc WHERE proname LIKE '%count_%'")
            assert not {row["proname"] for row in functions} & set(product_counts.postgres_triggers())
        with pytest.raises(Exception, match="active_product_count"):
            await client.execute_query("SELECT active_product_count FROM categories")
        # Written while nothing counts: the next upgrade counts again from the products.
        await client.execute_query("UPDATE products SET category_id = 3 WHERE id IN (1, 2)")
    finally:
        await Tortoise.close_connections()
    await open_database(migration_url)
    try:
        assert await stored_counts() == {1: 3, 2: 3, 3: 2}
        assert await product_count_triggers() == expected_triggers(migration_url)
    finally:
        await close_database()


async def test_a_migrated_database_keeps_category_counts_in_step(migration_url):
    # Tortoise rebuilds a SQLite table to drop or alter a column, and the rebuild drops the
    # table's triggers: a later migration doing that to products or categories must create
    # them again (create_product_count_triggers), or the counts silently stop following.
    await open_database(migration_url)
    try:
        assert await product_count_triggers() == expected_triggers(migration_url)
        games, soft = await categories.create("Games"), await categories.create("Soft")
        key = await products.create(games.id, "Steam key", 100)
        await products.create(games.id, "Other", 100)
        await products.move_to_category(key.id, soft.id)
        await products.toggle(key.id)
        assert await stored_counts() == {games.id: 1, soft.id: 0}
        assert [(row.name, row.product_count) for row in await categories.list_active()] == \
            [("Games", 1), ("Soft", 0)]
    finally:
        await close_database()
