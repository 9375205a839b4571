"""Shared fixtures: a fresh database per test, on SQLite by default or PostgreSQL when
TEST_DATABASE_URL points at one (CI runs the suite both ways)."""

from __future__ import annotations

import os

import pytest
from tortoise import Tortoise, connections

from nanostore.db.connection import is_sqlite, tortoise_config
from nanostore.services import settings as shop_settings

_pg_schema_ready = False


def test_database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite://{tmp_path / 'shop.db'}"


async def _reset_postgres() -> None:
    global _pg_schema_ready
    conn = connections.get("default")
    if not _pg_schema_ready:
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await Tortoise.generate_schemas()
        _pg_schema_ready = True
        return
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")


@pytest.fixture
def database_url(tmp_path) -> str:
    return test_database_url(tmp_path)


@pytest.fixture
async def db(database_url):
    """An empty shop database, schema generated from the models (migrations have own tests)."""
    await Tortoise.init(config=tortoise_config(database_url))
    if is_sqlite(database_url):
        await Tortoise.generate_schemas()
    else:
        await _reset_postgres()
    shop_settings.forget_cached()
    yield database_url
    shop_settings.forget_cached()
    await Tortoise.close_connections()
