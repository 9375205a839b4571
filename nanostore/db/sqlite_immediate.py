"""SQLite engine whose transactions start with BEGIN IMMEDIATE.

Tortoise opens transactions with a plain (deferred) BEGIN. A transaction that reads and then
writes can then fail with SQLITE_BUSY when another process wrote in between, and busy_timeout
does not help with that lock upgrade. Taking the write lock up front makes read-then-write
transactions queue behind each other across processes instead of failing.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> SqliteTransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient
