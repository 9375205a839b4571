"""Database set-up: Tortoise config from DATABASE_URL, start-up migration, clean shutdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

MODELS_APP = {
    "models": {
        "models": ["nanostore.db.models"],
        "default_connection": "default",
        "migrations": "nanostore.db.migrations",
    }
}
SQLITE_BUSY_TIMEOUT_MS = 10_000


def connection_config(database_url: str, *, foreign_keys: bool = True) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "engine": "nanostore.db.sqlite_immediate",
            "credentials": {
                "file_path": path,
                "journal_mode": "WAL",
                "foreign_keys": "ON" if foreign_keys else "OFF",
                "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
                "synchronous": "NORMAL",
            },
        }
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    return expand_db_url(database_url)


def tortoise_config(database_url: str, *, foreign_keys: bool = True) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url, foreign_keys=foreign_keys)},
        "apps": MODELS_APP,
        "use_tz": True,
        "timezone": "UTC",
    }


def is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite://")


async def open_database(database_url: str, *, migrate: bool = True) -> None:
    """Connect and bring the schema up to date (migrations never drop rows)."""
    if migrate:
        from tortoise.migrations.api.migrate import migrate as run_migrations

        try:
            # SQLite rebuilds tables to alter them; with foreign keys on, dropping the old table
            # would cascade-delete child rows, so migrations run with them off.
            await run_migrations(config=tortoise_config(database_url, foreign_keys=False))
        finally:
            # migrate() opens its own connections; close them or the process never exits.
            await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(database_url))
    # Tortoise connects on the first query, which would be whichever background task of
    # `nanostore run` comes first; a SIGTERM landing while that task is cancelled half-way
    # through connecting was seen to hang the shutdown. Connected here, nothing can be.
    await connections.get("default").execute_query("SELECT 1")


async def close_database() -> None:
    await Tortoise.close_connections()
