"""Shared fixtures: a fresh database per test, on every backend the machine has.

Each test that uses the `db` fixture runs on SQLite and, when a PostgreSQL server answers at
TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), on PostgreSQL too; CI
machines have one, so CI runs the whole suite on both. NANOSTORE_TEST_BACKENDS=sqlite (or
=postgres) narrows a local run.
"""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from nanostore.db.connection import is_sqlite, tortoise_config
from nanostore.db.schema_from_models import generate_schema_from_models
from nanostore.services import content
from nanostore.services import settings as shop_settings
from tests.fixtures.crypto_pay import crypto_pay  # noqa: F401 - the loopback Crypto Pay, any suite
from tests.fixtures.databases import SERVER_URL, _server_command, postgres_reachable, test_backends

# The screens' check cache (nanostore/ui/check_cache.py) of this run, not the person's own:
# tests make many temporary shops, and a cache shared with earlier runs would hide a cold path.
# Set before anything reads it; subprocesses inherit it.
os.environ.setdefault("NANOSTORE_CACHE_DIR", tempfile.mkdtemp(prefix="nanostore-test-cache-"))

# Every test run gets a database of its own, so runs side by side never empty each other's tables.
RUN_DATABASE = f"nanostore_test_{os.getpid()}"
POSTGRES_URL = SERVER_URL.rsplit("/", 1)[0] + "/" + RUN_DATABASE
_pg_schema_ready = False


def pytest_report_header(config) -> str:
    note = "" if postgres_reachable() else f" (no PostgreSQL at {SERVER_URL}: SQLite only)"
    return f"database backends: {', '.join(test_backends())}{note}"


def pytest_sessionstart(session) -> None:
    if "postgres" in test_backends():
        asyncio.run(_server_command(f"DROP DATABASE IF EXISTS {RUN_DATABASE}"))
        asyncio.run(_server_command(f"CREATE DATABASE {RUN_DATABASE}"))


def pytest_sessionfinish(session) -> None:
    if "postgres" in test_backends():
        asyncio.run(_server_command(f"DROP DATABASE IF EXISTS {RUN_DATABASE} WITH (FORCE)"))


def pytest_generate_tests(metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        backends = test_backends()
        # one_backend: the screens and rules under test read the same on either database.
        if metafunc.definition.get_closest_marker("one_backend"):
            backends = backends[:1]
        metafunc.parametrize("database_backend", backends, indirect=True)


async def _reset_postgres() -> None:
    global _pg_schema_ready
    conn = connections.get("default")
    if not _pg_schema_ready:
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await generate_schema_from_models()
        _pg_schema_ready = True
        return
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")


@pytest.fixture
def database_backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(database_backend, tmp_path) -> str:
    return POSTGRES_URL if database_backend == "postgres" else f"sqlite://{tmp_path / 'shop.db'}"


@pytest.fixture
async def db(database_url):
    """An empty shop database, schema generated from the models (migrations have own tests)."""
    # Tortoise caches INSERT statements per connection name, in the first backend's dialect;
    # tests alternate SQLite and PostgreSQL under the same name.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(database_url))
    if is_sqlite(database_url):
        await generate_schema_from_models()
    else:
        await _reset_postgres()
    shop_settings.forget_cached()
    content.forget_cached()
    yield database_url
    shop_settings.forget_cached()
    content.forget_cached()
    await Tortoise.close_connections()
