"""Fixtures for the operations tests: a migrated shop in a SQLite file, whatever the suite's
backend (backups and restores are about SQLite files), and a scratch PostgreSQL database.

`scratch_postgres` creates a database of its own on the server of TEST_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432) and drops it afterwards, so it never meets other test
runs; tests using it are skipped only when that server cannot be reached."""

from __future__ import annotations

import os
import secrets

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from nanostore.db.connection import close_database, open_database

# The server the suite's PostgreSQL runs use (tests/conftest.py), without its database name.
SERVER_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
POSTGRES_SERVER = SERVER_URL.rsplit("/", 1)[0]


@pytest.fixture(autouse=True)
def fresh_insert_statements():
    # Tortoise caches INSERT statements per connection name in the dialect that used it first;
    # these tests open SQLite and PostgreSQL under "default", and so do the suite's other tests.
    EXECUTOR_CACHE.clear()
    yield
    EXECUTOR_CACHE.clear()


@pytest.fixture
async def shop_file(tmp_path):
    """The path of an open, migrated, empty shop database; closed after the test."""
    path = tmp_path / "shop.db"
    await open_database(f"sqlite://{path}")
    yield path
    await close_database()


@pytest.fixture
async def scratch_postgres():
    asyncpg = pytest.importorskip("asyncpg")
    name = f"nanostore_copy_test_{secrets.token_hex(4)}"
    try:
        server = await asyncpg.connect(f"{POSTGRES_SERVER}/postgres")
    except (OSError, asyncpg.PostgresError) as error:
        pytest.skip(f"PostgreSQL at {POSTGRES_SERVER} is unreachable ({error}); set TEST_POSTGRES_URL")
    try:
        await server.execute(f'CREATE DATABASE "{name}"')
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()
