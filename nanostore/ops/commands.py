"""What the `nanostore backup`, `restore` and `db copy` commands do, as lines to print.

Kept apart from cli.py so the argument parser stays a table of commands, and apart from the
backup and copy modules so they stay free of printing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from nanostore.db.connection import is_sqlite
from nanostore.ops import OpsError
from nanostore.ops.backup import (
    BACKUP_SUFFIX,
    backup_into_directory,
    backup_sqlite,
    default_backup_dir,
    sqlite_path,
    timestamped_name,
)
from nanostore.ops.db_copy import TableCount, copy_database, safe_url
from nanostore.ops.postgres_dump import pg_dump_guidance, run_pg_dump
from nanostore.ops.restore import restore_sqlite

PG_DUMP_SUFFIX = ".dump"


def backup(database_url: str, output: Path | None, keep: int) -> list[str]:
    if keep < 0:
        raise OpsError("--keep must be 0 (keep all) or more")
    if not is_sqlite(database_url):
        return _postgres_backup(database_url, output)
    database = sqlite_path(database_url)
    if output is None or output.is_dir():
        directory = output or default_backup_dir(database_url)
        path = backup_into_directory(database, directory, keep)
    else:
        path = backup_sqlite(database, output)
    return [f"backup written to {path} ({path.stat().st_size:,} bytes, integrity ok)"]


def _postgres_backup(database_url: str, output: Path | None) -> list[str]:
    name = timestamped_name().replace(BACKUP_SUFFIX, PG_DUMP_SUFFIX)
    if output is None:
        return [pg_dump_guidance(database_url, Path(name))]
    path = run_pg_dump(database_url, output / name if output.is_dir() else output)
    return [f"pg_dump wrote {path} ({path.stat().st_size:,} bytes)"]


def restore(database_url: str, backup_file: Path, replace: bool) -> list[str]:
    if not is_sqlite(database_url):
        raise OpsError("DATABASE_URL is PostgreSQL: restore a pg_dump file with "
                       "`pg_restore --clean --if-exists --no-owner --dbname=URL FILE`")
    kept = asyncio.run(restore_sqlite(backup_file, database_url, replace=replace))
    database = sqlite_path(database_url)
    lines = [f"restored {backup_file} into {database}; schema is up to date"]
    if kept:
        lines.append(f"the previous database is kept as {kept}")
    return lines


def copy(source_url: str, target_url: str, force: bool, batch_size: int) -> tuple[list[str], bool]:
    """The report lines, and whether every table's row count matches."""
    if batch_size < 1:
        raise OpsError("--batch-size must be at least 1")
    counts = asyncio.run(copy_database(source_url, target_url, force=force, batch_size=batch_size))
    lines = count_table(counts)
    total = sum(count.target for count in counts)
    if all(count.matches for count in counts):
        lines.append(f"copied {total:,} rows in {len(counts)} tables from {safe_url(source_url)} "
                     f"to {safe_url(target_url)}")
        return lines, True
    lines.append("row counts differ: was the bot still writing to the source? "
                 "Stop it and copy again with --force")
    return lines, False


def count_table(counts: list[TableCount]) -> list[str]:
    width = max(len("table"), *(len(count.table) for count in counts))
    lines = [f"{'table':<{width}}  {'source':>9}  {'target':>9}"]
    for count in counts:
        mark = "" if count.matches else "  MISMATCH"
        lines.append(f"{count.table:<{width}}  {count.source:>9,}  {count.target:>9,}{mark}")
    return lines
