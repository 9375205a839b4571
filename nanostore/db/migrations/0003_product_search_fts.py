"""Product search on SQLite: an FTS5 table with the trigram tokenizer over products.search_text.

`search_text LIKE '%word%'` reads every product; the trigram index finds the products whose text
contains a string of 3+ characters without reading the others (SQLite 3.34+). The table is
external-content: it holds only the index, the text stays in `products`. Triggers keep it in
step on every INSERT, DELETE and UPDATE of search_text, whoever writes (services, the catalog
import, `nanostore db copy`, plain SQL), and the rows already there are indexed here.

A later migration that rebuilds `products` on SQLite (Tortoise does to drop or alter a column)
drops these triggers with the old table: it must run `create_search_fts` again.
tests/foundation/test_migrations.py checks a fully migrated database has them. Test schemas
made straight from the models (tests/conftest.py) call `create_search_fts` too.

PostgreSQL already has its trigram index (0002): nothing to do. An SQLite built without FTS5 or
the trigram tokenizer gets no table, and search keeps its LIKE scan (services/search_index.py
falls back to it when the table is missing).
"""

import logging

from tortoise import migrations
from tortoise.exceptions import OperationalError
from tortoise.migrations import operations as ops

TABLE = "products_fts"
CREATE_TABLE = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
                "search_text, content='products', content_rowid='id', tokenize='trigram')")
# An external-content index must be told the old text to forget it: 'delete' with the old row.
FORGET_OLD = (f"INSERT INTO {TABLE}({TABLE}, rowid, search_text)"
              " VALUES ('delete', old.id, old.search_text);")
INDEX_NEW = f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text);"
TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON products BEGIN {INDEX_NEW} END",
    f"{TABLE}_delete": f"AFTER DELETE ON products BEGIN {FORGET_OLD} END",
    # Only when the text (or the id) changes: stock and price updates leave the index alone.
    f"{TABLE}_update": f"AFTER UPDATE OF id, search_text ON products BEGIN {FORGET_OLD} {INDEX_NEW} END",
}
# FTS5 merges its b-trees (segments) once `automerge` of them pile up on one level; a query
# reads every segment, so fewer of them is faster: 2 instead of 4 halved the segments and took
# ~40% off a query on 10 000 products. Writes to the catalog are rare; the extra merging is cheap.
MERGE_SOONER = f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('automerge', 2)"
REBUILD = f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"

log = logging.getLogger(__name__)


async def create_search_fts(client) -> None:
    """Create the table and its triggers where missing and index every product; idempotent."""
    if client.capabilities.dialect != "sqlite":
        return
    try:
        await client.execute_query(CREATE_TABLE)
    except OperationalError as error:  # no fts5 module or no trigram tokenizer (SQLite < 3.34)
        log.warning("product search stays a LIKE scan: this SQLite cannot build %s (%s)", TABLE, error)
        return
    # One statement per call: executescript would commit the migration's transaction.
    for name, body in TRIGGERS.items():
        await client.execute_query(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    await client.execute_query(MERGE_SOONER)
    await client.execute_query(REBUILD)


async def install_search_index(apps, schema_editor) -> None:
    await create_search_fts(schema_editor.client)


async def drop_search_index(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for name in TRIGGERS:
        await client.execute_query(f"DROP TRIGGER IF EXISTS {name}")
    await client.execute_query(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("models", "0002_product_search_index")]
    initial = False
    operations = [ops.RunPython(install_search_index, drop_search_index)]
