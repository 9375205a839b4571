"""Put a backup back in place of the shop's SQLite database, keeping the current one aside.

Order matters: the backup is copied next to the database and checked first, so a bad file
changes nothing; the current database is then folded into one file (its WAL checkpointed)
and renamed to `<name>.before-restore`; the checked copy takes its place; migrations bring
an older backup up to the current schema.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from nanostore.db.connection import close_database, open_database
from nanostore.ops import OpsError
from nanostore.ops.backup import integrity_problem, sqlite_path

MIGRATIONS_TABLE = "tortoise_migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


def check_backup_file(path: Path, name: Path | None = None) -> None:
    """Refuse a file that is not a sound NanoStore database; `name` is how to call it."""
    name = name or path
    if not path.is_file():
        raise OpsError(f"no file at {name}")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise OpsError(f"{name} is not a SQLite database")
    problem = integrity_problem(path)
    if problem:
        raise OpsError(f"{name} failed its integrity check: {problem}")
    with closing(sqlite3.connect(path)) as db:
        found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                           (MIGRATIONS_TABLE,)).fetchone()
    if not found:
        raise OpsError(f"{name} is not a NanoStore database (no {MIGRATIONS_TABLE} table)")


def aside_path(database: Path) -> Path:
    return database.with_name(database.name + ".before-restore")


async def restore_sqlite(backup: Path, database_url: str, *, replace: bool) -> Path | None:
    """Restore `backup` as the database of `database_url`; returns where the previous database
    was kept (None when there was none)."""
    database = sqlite_path(database_url)
    if backup.resolve() == database.resolve():
        raise OpsError("the backup is the database itself; nothing to restore")
    if not backup.is_file():
        raise OpsError(f"no file at {backup}")
    incoming = database.with_name(database.name + ".restoring")
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Check the copy rather than the original: it is exactly what will be put in place.
        shutil.copyfile(backup, incoming)
        check_backup_file(incoming, name=backup)
        kept = _move_current_aside(database, replace)
        incoming.replace(database)
    finally:
        _remove_side_files(incoming)
        incoming.unlink(missing_ok=True)
    _remove_side_files(database)  # a WAL left from the old database must never meet the new one
    try:
        await open_database(database_url)  # applies the migrations the backup predates
    except Exception as error:  # noqa: BLE001 - the restore is done; say what is left to do, in one line
        raise OpsError(f"restored, but migrating failed ({error}); "
                       "fix it and run `nanostore db migrate`") from None
    finally:
        await close_database()
    return kept


def _move_current_aside(database: Path, replace: bool) -> Path | None:
    if not database.exists():
        return None
    if not replace:
        raise OpsError(f"{database} exists; add --yes to replace it "
                       f"(it will be kept as {aside_path(database).name})")
    _fold_wal_into_file(database)
    kept = aside_path(database)
    database.replace(kept)
    return kept


def _fold_wal_into_file(database: Path) -> None:
    # Leaving WAL mode checkpoints every committed transaction into the main file, so the kept
    # copy is complete on its own. It needs the only connection: a running bot makes it fail.
    try:
        with closing(sqlite3.connect(database, timeout=0)) as db:
            db.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise OpsError(f"{database} is in use; stop the bot before restoring") from None
        raise OpsError(f"cannot open {database}: {error}") from None


def _remove_side_files(database: Path) -> None:
    for suffix in SIDE_FILES:
        database.with_name(database.name + suffix).unlink(missing_ok=True)
