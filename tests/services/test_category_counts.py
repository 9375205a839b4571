"""categories.active_product_count: the database's triggers keep it equal to a fresh count of
each category's active products, whatever writes the products (migration 0004)."""

from __future__ import annotations

import random

import pytest
from tortoise import connections

from nanostore.db.connection import close_database, open_database
from nanostore.db.models import Category, Product
from nanostore.ops.db_copy import copy_database
from nanostore.services import catalog_import, categories, products
from nanostore.services.errors import CategoryNotEmpty
from tests.fixtures.ledger import product


async def stored_counts() -> dict[int, int]:
    return dict(await Category.all().values_list("id", "active_product_count"))


async def fresh_counts() -> dict[int, int]:
    counts = {category_id: 0 for category_id in await Category.all().values_list("id", flat=True)}
    for category_id in await Product.filter(is_active=True).values_list("category_id", flat=True):
        counts[category_id] += 1
    return counts


async def assert_counts(expected: dict[int, int]) -> None:
    assert await fresh_counts() == expected  # the test's own arithmetic is right
    assert await stored_counts() == expected


async def sql(statement: str) -> None:
    await connections.get("default").execute_query(statement)


async def test_service_writes_keep_the_count(db):
    games, soft = await categories.create("Games"), await categories.create("Soft")
    await assert_counts({games.id: 0, soft.id: 0})
    key = await product("Key", category_id=games.id)
    other = await product("Other", category_id=games.id)
    await assert_counts({games.id: 2, soft.id: 0})
    assert await products.toggle(key.id) is False  # hidden
    await assert_counts({games.id: 1, soft.id: 0})
    await products.move_to_category(key.id, soft.id)  # a hidden product moves: nothing to count
    await assert_counts({games.id: 1, soft.id: 0})
    assert await products.toggle(key.id) is True
    await assert_counts({games.id: 1, soft.id: 1})
    await products.move_to_category(other.id, soft.id)
    await assert_counts({games.id: 0, soft.id: 2})
    await products.rename(other.id, "Renamed")  # other columns leave the count alone
    await products.set_price(other.id, 5)
    await assert_counts({games.id: 0, soft.id: 2})
    await products.delete(key.id)
    await assert_counts({games.id: 0, soft.id: 1})


async def test_a_full_save_and_a_no_change_update_count_nothing_twice(db):
    games, soft = await categories.create("Games"), await categories.create("Soft")
    key = await product("Key", category_id=games.id)
    loaded = await Product.get(id=key.id)
    await loaded.save()  # Tortoise writes every column, is_active and category_id included
    await sql(f"UPDATE products SET is_active = is_active, category_id = category_id WHERE id = {key.id}")
    await assert_counts({games.id: 1, soft.id: 0})
    loaded.category_id, loaded.is_active = soft.id, False
    await loaded.save()  # moved and hidden at once
    await assert_counts({games.id: 0, soft.id: 0})
    loaded.is_active = True
    await loaded.save()
    await assert_counts({games.id: 0, soft.id: 1})


async def test_hiding_a_category_keeps_its_count_and_hides_it_from_customers(db):
    games, soft = await categories.create("Games"), await categories.create("Soft")
    await product("Key", category_id=games.id)
    await product("Tool", category_id=soft.id)
    assert await categories.toggle(games.id) is False
    await assert_counts({games.id: 1, soft.id: 1})
    assert [(row.name, row.product_count) for row in await categories.list_active()] == [("Soft", 1)]


async def test_deleting_categories(db):
    # Products hold their category (RESTRICT): a category with products is refused, count kept.
    games, empty = await categories.create("Games"), await categories.create("Empty")
    await product("Key", category_id=games.id)
    with pytest.raises(CategoryNotEmpty):
        await categories.delete(games.id)
    await categories.delete(empty.id)
    await assert_counts({games.id: 1})


async def test_bulk_import_counts_every_imported_product(db):
    games = await categories.create("Games")
    await product("Existing", category_id=games.id)
    rows = [{"name": f"Key {n}", "price": 100, "category": "games" if n % 3 else "New"} for n in range(30)]
    report = await catalog_import.import_products(rows)
    assert report.ok and report.imported == 30
    new = await Category.get(name="New")
    await assert_counts({games.id: 21, new.id: 10})


async def test_a_failed_import_leaves_the_counts_as_they_were(db):
    games = await categories.create("Games")
    await product("Existing", category_id=games.id)
    rows = [{"name": "Good", "price": 100, "category": "Games"},
            {"name": "", "price": 1, "category": "Games"}]
    assert not (await catalog_import.import_products(rows)).ok
    await assert_counts({games.id: 1})


async def test_plain_sql_writes_keep_the_count(db):
    games, soft = await categories.create("Games"), await categories.create("Soft")
    for number in range(6):
        await product(f"Key {number}", category_id=games.id)
    await sql(f"UPDATE products SET is_active = FALSE WHERE category_id = {games.id}"
              " AND name IN ('Key 0', 'Key 1')")
    await assert_counts({games.id: 4, soft.id: 0})
    await sql(f"UPDATE products SET category_id = {soft.id} WHERE name IN ('Key 1', 'Key 2', 'Key 3')")
    await assert_counts({games.id: 2, soft.id: 2})
    await sql(f"UPDATE products SET is_active = NOT is_active WHERE category_id = {soft.id}")
    await assert_counts({games.id: 2, soft.id: 1})
    await sql("DELETE FROM products WHERE name IN ('Key 1', 'Key 4')")
    await assert_counts({games.id: 1, soft.id: 0})


async def test_a_category_inserted_with_a_count_is_recounted(db):
    # `nanostore db copy` writes each category as the source stored it, count included, before
    # the products whose inserts then add to it; so would any plain INSERT naming the column.
    await sql("INSERT INTO categories (id, name, emoji, sort_order, is_active, active_product_count,"
              " created_at) VALUES (7, 'Copied', '', 0, TRUE, 40, '2026-01-01 00:00:00+00:00')")
    await assert_counts({7: 0})
    await products.create(7, "Key", 100)
    await assert_counts({7: 1})


async def test_truncating_products_on_postgres_zeroes_every_count(db):
    if connections.get("default").capabilities.dialect != "postgres":
        pytest.skip("SQLite has no TRUNCATE: DELETE fires the row triggers")
    games = await categories.create("Games")
    await product("Key", category_id=games.id)
    await sql("TRUNCATE products CASCADE")
    await assert_counts({games.id: 0})


async def test_list_active_reads_the_stored_count(db):
    games = await categories.create("Games")
    await product("Key", category_id=games.id)
    await sql(f"UPDATE categories SET active_product_count = 41 WHERE id = {games.id}")
    assert [row.product_count for row in await categories.list_active()] == [41]


async def test_random_writes_keep_every_count_exact(db):
    rng = random.Random(20260422)
    category_ids = [(await categories.create(name)).id for name in ("A", "B", "C")]
    product_ids: list[int] = []
    for step in range(80):
        action = rng.choice(["create", "create", "toggle", "move", "delete", "sql_toggle"])
        if action == "create" or not product_ids:
            product_ids.append((await products.create(rng.choice(category_ids), f"P{step}", 100)).id)
        elif action == "toggle":
            await products.toggle(rng.choice(product_ids))
        elif action == "move":
            await products.move_to_category(rng.choice(product_ids), rng.choice(category_ids))
        elif action == "delete":
            await products.delete(product_ids.pop(rng.randrange(len(product_ids))))
        else:
            await sql("UPDATE products SET is_active = NOT is_active"
                      f" WHERE category_id = {rng.choice(category_ids)}")
        assert await stored_counts() == await fresh_counts(), f"after step {step} ({action})"


async def test_nanostore_db_copy_arrives_with_exact_counts(tmp_path):
    # The copy writes categories with their counts, then products whose inserts count again.
    source, target = f"sqlite://{tmp_path / 'source.db'}", f"sqlite://{tmp_path / 'target.db'}"
    await open_database(source)
    try:
        games, soft = await categories.create("Games"), await categories.create("Soft")
        for name in ("A", "B", "C"):
            await products.create(games.id, name, 100)
        await products.toggle((await products.create(soft.id, "Hidden", 100)).id)
        expected = await stored_counts()
    finally:
        await close_database()
    assert expected == {games.id: 3, soft.id: 0}
    await copy_database(source, target)
    await open_database(target, migrate=False)
    try:
        await assert_counts(expected)
    finally:
        await close_database()
