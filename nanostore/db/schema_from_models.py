"""A database schema made straight from the models, complete: for tests and benchmarks, which
skip the migrations for speed.

Two parts of the schema are not in the models, only in their migrations: the FTS5 search
table over products (0003, SQLite) and the triggers that keep each category's product count
(0004). A schema generated from the models without them would search by LIKE and never count.
"""

from __future__ import annotations

import importlib

from tortoise import Tortoise, connections

# Migration modules start with a digit: importable only by name.
_SEARCH_FTS = "nanostore.db.migrations.0003_product_search_fts"
_PRODUCT_COUNTS = "nanostore.db.migrations.0004_category_product_count"


async def generate_schema_from_models(connection_name: str = "default") -> None:
    """Tortoise's generate_schemas plus what the migrations add beyond the models."""
    await Tortoise.generate_schemas()
    client = connections.get(connection_name)
    await importlib.import_module(_SEARCH_FTS).create_search_fts(client)  # nothing on PostgreSQL
    await importlib.import_module(_PRODUCT_COUNTS).create_product_count_triggers(client)
