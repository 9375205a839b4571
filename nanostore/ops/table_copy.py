"""Copy one table between two database connections in batches, values kept exactly.

Rows are read and written with plain SQL, each value passed through its model field: read as
the source database stores it, turned into Python, written as the target stores it. So
datetimes keep their time zone, booleans and big integers their value, and primary and
foreign keys are written as they are. JSON is copied as its text, never decoded: Tortoise
treats a Python str as already-encoded JSON, so decoding and re-encoding a JSON string value
would not round-trip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import Field, JSONField
from tortoise.models import Model

from nanostore.ops.table_order import self_reference_columns

DEFAULT_BATCH_SIZE = 500


def placeholder(connection: BaseDBAsyncClient, position: int) -> str:
    return f"${position}" if connection.capabilities.dialect == "postgres" else "?"


def quoted(name: str) -> str:
    return f'"{name}"'


def column_converters(model: type[Model]) -> dict[str, Callable[[Any], Any]]:
    return {name: _converter(model, model._meta.fields_map[name])
            for name in model._meta.fields_db_projection}


def _converter(model: type[Model], field: Field) -> Callable[[Any], Any]:
    if isinstance(field, JSONField):
        return lambda raw: field.to_db_value(raw, model)
    # The model class, not an instance, as `instance`: auto_now fields keep their value.
    return lambda raw: field.to_db_value(field.to_python_value(raw), model)


async def copy_table(model: type[Model], source: BaseDBAsyncClient, target: BaseDBAsyncClient,
                     batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    fields = list(model._meta.fields_db_projection)
    columns = [model._meta.fields_db_projection[name] for name in fields]
    converters = column_converters(model)
    deferred = set(self_reference_columns(model))
    key_index = columns.index(model._meta.db_pk_column)
    insert = _insert_sql(model, columns, target)
    copied, last_key, later_links = 0, None, []
    while rows := await _read_batch(model, columns, source, last_key, batch_size):
        values = []
        for row in rows:
            converted = [converters[name](row[column]) for name, column in zip(fields, columns, strict=True)]
            for index, column in enumerate(columns):
                if column in deferred and converted[index] is not None:
                    later_links.append((column, converted[index], converted[key_index]))
                    converted[index] = None
            values.append(converted)
        await target.execute_many(insert, values)
        copied += len(rows)
        last_key = rows[-1][model._meta.db_pk_column]
    await _link_rows_to_their_own_table(model, target, later_links)
    return copied


def _insert_sql(model: type[Model], columns: list[str], target: BaseDBAsyncClient) -> str:
    params = ", ".join(placeholder(target, position) for position in range(1, len(columns) + 1))
    return (f"INSERT INTO {quoted(model._meta.db_table)} ({', '.join(map(quoted, columns))})"
            f" VALUES ({params})")


async def _read_batch(model: type[Model], columns: list[str], source: BaseDBAsyncClient,
                      after_key: Any, batch_size: int) -> list[dict]:
    # Keyset pagination on the primary key: every batch is one index range, however far in.
    key = quoted(model._meta.db_pk_column)
    where = f" WHERE {key} > {placeholder(source, 1)}" if after_key is not None else ""
    sql = (f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(model._meta.db_table)}{where}"
           f" ORDER BY {key} LIMIT {int(batch_size)}")
    return await source.execute_query_dict(sql, [after_key] if after_key is not None else None)


async def _link_rows_to_their_own_table(model: type[Model], target: BaseDBAsyncClient,
                                        links: list[tuple[str, Any, Any]]) -> None:
    table, key = quoted(model._meta.db_table), quoted(model._meta.db_pk_column)
    for column in sorted({column for column, _, _ in links}):
        sql = (f"UPDATE {table} SET {quoted(column)} = {placeholder(target, 1)}"
               f" WHERE {key} = {placeholder(target, 2)}")
        await target.execute_many(sql, [[value, row_key] for name, value, row_key in links if name == column])
