"""Each category's number of active products, kept by the database in categories.active_product_count.

The customer's category list showed it by counting the active products of every category on
each view, which reads the whole catalog. Triggers keep the column exact on every INSERT, DELETE
and UPDATE OF is_active/category_id of products, whoever writes (services, the catalog import,
`nanostore db copy`, plain SQL); a move between categories takes one from the old and adds one
to the new. A category inserted with a count (`nanostore db copy` writes the source's) is
recounted from its products, which the product triggers then keep. Existing rows are counted here.

SQLite and PostgreSQL run the same UPDATE statements: SQLite in its triggers' bodies, PostgreSQL
in one small plpgsql function per trigger. `TRUNCATE products` (PostgreSQL only; it fires no row
triggers) sets every count to 0.

A later migration that rebuilds `products` or `categories` on SQLite (Tortoise does to drop or
alter a column) drops these triggers with the old table: it must run `create_product_count_triggers`
again. tests/foundation/test_migrations.py checks a fully migrated database has them. Test and
bench schemas made straight from the models call `create_product_count_triggers` too.
"""

from __future__ import annotations

from typing import NamedTuple

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

COLUMN = "active_product_count"
# `= TRUE` as the services filter (SQLite stores booleans as 1 and 0).
ADD_NEW = f"UPDATE categories SET {COLUMN} = {COLUMN} + 1 WHERE id = new.category_id"
FORGET_OLD = f"UPDATE categories SET {COLUMN} = {COLUMN} - 1 WHERE id = old.category_id"
# One statement for both rows of a move: PostgreSQL locks them in one scan, in the same order
# for every writer, so two moves in opposite directions cannot deadlock.
MOVE = (f"UPDATE categories SET {COLUMN} = {COLUMN}"
        " + CASE WHEN id = new.category_id AND new.is_active = TRUE THEN 1 ELSE 0 END"
        " - CASE WHEN id = old.category_id AND old.is_active = TRUE THEN 1 ELSE 0 END"
        " WHERE id IN (old.category_id, new.category_id)")
COUNT_PRODUCTS = (f"UPDATE categories SET {COLUMN} = (SELECT COUNT(*) FROM products"
                  " WHERE products.category_id = categories.id AND products.is_active = TRUE)")
COUNT_NEW_CATEGORY = f"{COUNT_PRODUCTS} WHERE categories.id = new.id"
FORGET_ALL = f"UPDATE categories SET {COLUMN} = 0"


class Trigger(NamedTuple):
    table: str
    event: str
    when: str | None  # a row condition, so writes that change nothing run nothing
    statement: str
    per_row: bool = True


TRIGGERS = {
    "products_count_insert": Trigger("products", "AFTER INSERT", "new.is_active = TRUE", ADD_NEW),
    "products_count_delete": Trigger("products", "AFTER DELETE", "old.is_active = TRUE", FORGET_OLD),
    # Tortoise's save() sets every column: only a real change of either column counts.
    "products_count_update": Trigger(
        "products", "AFTER UPDATE OF is_active, category_id",
        "old.is_active <> new.is_active OR old.category_id <> new.category_id", MOVE),
    "categories_count_insert": Trigger("categories", "AFTER INSERT", None, COUNT_NEW_CATEGORY),
}
POSTGRES_ONLY = {
    "products_count_truncate": Trigger("products", "AFTER TRUNCATE", None, FORGET_ALL, per_row=False),
}


def postgres_triggers() -> dict[str, Trigger]:
    return {**TRIGGERS, **POSTGRES_ONLY}


def _sqlite_trigger(name: str, trigger: Trigger) -> str:
    when = f" WHEN {trigger.when}" if trigger.when else ""
    return (f"CREATE TRIGGER IF NOT EXISTS {name} {trigger.event} ON {trigger.table}{when}"
            f" BEGIN {trigger.statement}; END")


def _postgres_function(name: str, trigger: Trigger) -> str:
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {trigger.statement}; RETURN NULL; END $$")


def _postgres_trigger(name: str, trigger: Trigger) -> str:
    scope = "FOR EACH ROW" if trigger.per_row else "FOR EACH STATEMENT"
    when = f" WHEN ({trigger.when})" if trigger.when else ""
    return f"CREATE TRIGGER {name} {trigger.event} ON {trigger.table} {scope}{when} EXECUTE FUNCTION {name}()"


async def create_product_count_triggers(client) -> None:
    """Create the triggers where missing and count every category's active products; idempotent."""
    # One statement per call: executescript would commit the migration's transaction on SQLite.
    if client.capabilities.dialect == "sqlite":
        for name, trigger in TRIGGERS.items():
            await client.execute_query(_sqlite_trigger(name, trigger))
    else:
        for name, trigger in postgres_triggers().items():
            await client.execute_query(_postgres_function(name, trigger))
            await client.execute_query(f"DROP TRIGGER IF EXISTS {name} ON {trigger.table}")
            await client.execute_query(_postgres_trigger(name, trigger))
    # Counted after the triggers exist, in the migration's transaction (on PostgreSQL CREATE
    # TRIGGER holds writes to the table until it commits): no write is counted twice or missed.
    await client.execute_query(COUNT_PRODUCTS)


async def drop_product_count_triggers(client) -> None:
    postgres = client.capabilities.dialect != "sqlite"
    for name, trigger in (postgres_triggers() if postgres else TRIGGERS).items():
        if postgres:
            await client.execute_query(f"DROP TRIGGER IF EXISTS {name} ON {trigger.table}")
            await client.execute_query(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            await client.execute_query(f"DROP TRIGGER IF EXISTS {name}")


async def install_product_counts(apps, schema_editor) -> None:
    await create_product_count_triggers(schema_editor.client)


async def remove_product_counts(apps, schema_editor) -> None:
    await drop_product_count_triggers(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [("models", "0003_product_search_fts")]
    initial = False
    operations = [
        ops.AddField(
            model_name="Category",
            name=COLUMN,
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.RunPython(install_product_counts, remove_product_counts),
    ]
