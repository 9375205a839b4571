"""Online backups of a SQLite shop: a consistent copy taken while the bot keeps writing.

sqlite3's backup API reads through SQLite's pager, so it sees every committed transaction,
including those still in the WAL file, and copies them from one read snapshot: the copy is
the database as of one instant, never half of a transaction. Writers are not blocked (WAL).
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from nanostore.db.connection import is_sqlite
from nanostore.ops import OpsError

BACKUP_PREFIX = "nanostore-"
BACKUP_SUFFIX = ".db"
DEFAULT_KEEP = 7


def sqlite_path(database_url: str) -> Path:
    if not is_sqlite(database_url):
        raise OpsError("this command works on a SQLite database; DATABASE_URL points elsewhere")
    path = database_url.removeprefix("sqlite://")
    if path == ":memory:":
        raise OpsError("an in-memory database cannot be backed up or restored")
    return Path(path)


def default_backup_dir(database_url: str) -> Path:
    # Next to the database (data/backups by default), so one data volume holds both.
    return sqlite_path(database_url).parent / "backups"


def integrity_problem(path: Path) -> str | None:
    """None when SQLite finds the file sound, else the first problem it reports."""
    try:
        with closing(sqlite3.connect(path)) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if result == "ok" else result


def backup_sqlite(database_path: Path, output: Path) -> Path:
    """Write a self-contained copy of the database to `output` and check it. Blocking: run it
    in a thread from async code."""
    if not database_path.is_file():
        raise OpsError(f"no database at {database_path}")
    if output.exists():
        raise OpsError(f"{output} already exists; choose a new file name or a directory")
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed when sound, so a file with the final name is
    # always a complete, checked backup (and rotation never counts a half-written one).
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy_online(database_path, partial)
        problem = integrity_problem(partial)
        if problem:
            raise OpsError(f"the copy failed its integrity check ({problem}); "
                           "the database itself may be damaged")
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def _copy_online(database_path: Path, destination: Path) -> None:
    with closing(sqlite3.connect(database_path)) as source, \
            closing(sqlite3.connect(destination)) as copy:
        source.backup(copy)  # all pages in one step: one snapshot, WAL included
        # The live database is in WAL mode; the copy is one file that can be mailed or moved.
        copy.execute("PRAGMA journal_mode=DELETE")


def timestamped_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{BACKUP_PREFIX}{now:%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"


def backup_into_directory(database_path: Path, directory: Path, keep: int = DEFAULT_KEEP) -> Path:
    """A timestamped backup in `directory`, keeping the newest `keep` (0 keeps all)."""
    output = directory / _unused_name(directory, timestamped_name())
    backup_sqlite(database_path, output)
    if keep:
        remove_old_backups(directory, keep)
    return output


def _unused_name(directory: Path, name: str) -> str:
    # Several backups within one second get -2, -3, …, always above the highest one there, so
    # a name freed by rotation is never given to a newer backup.
    stamp = _age_key(name)[0]
    taken = [suffix for key_stamp, suffix in map(_age_key, _backup_names(directory)) if key_stamp == stamp]
    if not taken:
        return name
    return name.replace(BACKUP_SUFFIX, f"-{max(taken) + 1}{BACKUP_SUFFIX}")


def _backup_names(directory: Path) -> list[str]:
    names = [path.name for path in directory.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}")]
    return [name for name in names if _BACKUP_NAME.fullmatch(name)]


_BACKUP_NAME = re.compile(rf"{BACKUP_PREFIX}(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(BACKUP_SUFFIX)}")


def _age_key(name: str) -> tuple[str, int]:
    # Ordered by the name, not the file time: copying a backup directory changes file times.
    found = _BACKUP_NAME.fullmatch(name)
    assert found is not None  # names from timestamped_name() or kept by _backup_names()
    stamp, suffix = found.groups()
    return stamp, int(suffix or 1)


def remove_old_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` timestamped backups; other files are left alone."""
    names = sorted(_backup_names(directory), key=_age_key)
    removed = [directory / name for name in (names[:-keep] if keep else [])]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
