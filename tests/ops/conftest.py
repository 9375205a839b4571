"""Fixtures for the operations tests: a migrated shop in a SQLite file, whatever
TEST_DATABASE_URL says (backups and restores are about SQLite files)."""

from __future__ import annotations

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from nanostore.db.connection import close_database, open_database


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
