"""`nanostore db copy`: move a shop from one database to another (SQLite to PostgreSQL, …).

The target is migrated to the current schema, then every table is copied in dependency order
inside one target transaction (a failed copy leaves the target as it was), PostgreSQL
sequences are moved past the copied ids, and row counts are compared table by table.
The source is only read; stop the bot first so it does not change during the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import DBConnectionError, OperationalError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from nanostore.db.connection import MODELS_APP, close_database, connection_config, is_sqlite, open_database
from nanostore.ops import OpsError
from nanostore.ops.table_copy import DEFAULT_BATCH_SIZE, copy_table, quoted
from nanostore.ops.table_order import dependency_order

SOURCE, TARGET = "copy_source", "copy_target"
SUPPORTED_SCHEMES = ("sqlite://", "postgres://", "postgresql://")


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def matches(self) -> bool:
        return self.source == self.target


def safe_url(database_url: str) -> str:
    """The URL with its password hidden, for printing."""
    parts = urlsplit(database_url)
    if not parts.password:
        return database_url
    return database_url.replace(f":{parts.password}@", ":***@", 1)


async def copy_database(source_url: str, target_url: str, *, force: bool = False,
                        batch_size: int = DEFAULT_BATCH_SIZE) -> list[TableCount]:
    _check_urls(source_url, target_url)
    await _migrate(target_url)
    try:
        await Tortoise.init(config=_two_connection_config(source_url, target_url))
    except Exception as error:  # noqa: BLE001 - whatever the driver raises, the operator gets one line
        await Tortoise.close_connections()
        raise OpsError(f"cannot open the databases: {error}") from None
    try:
        source, target = connections.get(SOURCE), connections.get(TARGET)
        await _check_same_schema(source, target, source_url)
        models = dependency_order(list(Tortoise.apps["models"].values()))
        await _check_target_empty(models, target, target_url, force)
        async with in_transaction(TARGET) as transaction:
            if force:
                await _empty_tables(models, transaction)
            for model in models:
                await _copy_table_or_explain(model, source, transaction, batch_size)
            if transaction.capabilities.dialect == "postgres":
                await _move_sequences_past_copied_ids(models, transaction)
        return [TableCount(model._meta.db_table, await _count(model, source), await _count(model, target))
                for model in models]
    except DBConnectionError as error:
        raise OpsError(f"cannot connect: {error}") from None
    finally:
        await Tortoise.close_connections()


async def _copy_table_or_explain(model: type[Model], source: BaseDBAsyncClient,
                                 target: BaseDBAsyncClient, batch_size: int) -> None:
    try:
        await copy_table(model, source, target, batch_size)
    except Exception as error:  # noqa: BLE001 - the transaction rolls back: say where it stopped
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise OpsError(f"copying {model._meta.db_table} failed, target left unchanged: {reason}") from None


def _check_urls(source_url: str, target_url: str) -> None:
    for url in (source_url, target_url):
        if not url.startswith(SUPPORTED_SCHEMES):
            raise OpsError(f"unsupported database URL {safe_url(url)}; use sqlite://path or postgres://…")
    if source_url == target_url:
        raise OpsError("--from and --to are the same database")
    if is_sqlite(source_url) and not Path(source_url.removeprefix("sqlite://")).is_file():
        raise OpsError(f"no database at {source_url.removeprefix('sqlite://')}")


async def _migrate(target_url: str) -> None:
    try:
        await open_database(target_url)
    except Exception as error:  # noqa: BLE001 - many kinds (asyncpg, Tortoise); the operator needs the text
        hint = "" if is_sqlite(target_url) else " (the database must exist: createdb NAME)"
        raise OpsError(f"cannot prepare {safe_url(target_url)}: {error}{hint}") from None
    finally:
        await close_database()


def _two_connection_config(source_url: str, target_url: str) -> dict:
    return {
        "connections": {SOURCE: connection_config(source_url), TARGET: connection_config(target_url)},
        "apps": {"models": {**MODELS_APP["models"], "default_connection": SOURCE}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def _applied_migrations(connection: BaseDBAsyncClient) -> set[tuple[str, str]]:
    try:
        rows = await connection.execute_query_dict('SELECT "app", "name" FROM "tortoise_migrations"')
    except OperationalError:  # no such table: not a NanoStore database
        return set()
    return {(row["app"], row["name"]) for row in rows}


async def _check_same_schema(source: BaseDBAsyncClient, target: BaseDBAsyncClient, source_url: str) -> None:
    applied = await _applied_migrations(source)
    if not applied:
        raise OpsError(f"{safe_url(source_url)} is not a NanoStore database (no migrations table)")
    if applied != await _applied_migrations(target):
        raise OpsError(f"the source schema is not current: run `DATABASE_URL={safe_url(source_url)} "
                       "nanostore db migrate` first")


async def _count(model: type[Model], connection: BaseDBAsyncClient) -> int:
    rows = await connection.execute_query_dict(f"SELECT COUNT(*) AS n FROM {quoted(model._meta.db_table)}")
    return int(rows[0]["n"])


async def _check_target_empty(models: list[type[Model]], target: BaseDBAsyncClient, target_url: str,
                              force: bool) -> None:
    filled = [model._meta.db_table for model in models if await _count(model, target)]
    if filled and not force:
        raise OpsError(f"{safe_url(target_url)} already holds data (in {', '.join(filled[:3])}"
                       f"{', …' if len(filled) > 3 else ''}); add --force to empty it first")


async def _empty_tables(models: list[type[Model]], target: BaseDBAsyncClient) -> None:
    for model in reversed(models):  # children before the rows they point to
        await target.execute_script(f"DELETE FROM {quoted(model._meta.db_table)}")


async def _move_sequences_past_copied_ids(models: list[type[Model]], target: BaseDBAsyncClient) -> None:
    # Rows were inserted with their ids, so the sequences never advanced: without this the next
    # new order would collide with order 1.
    for model in models:
        if not model._meta.pk.generated:
            continue
        table, key = quoted(model._meta.db_table), model._meta.db_pk_column
        await target.execute_script(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'),"
            f" COALESCE(MAX({quoted(key)}), 0) + 1, false) FROM {table}")
