"""`nanostore backup` on SQLite: a checked, self-contained copy that includes the WAL."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

import pytest
from ops_shop import fill_shop, run_nanostore

from nanostore.db.models import Order
from nanostore.ops import OpsError
from nanostore.ops.backup import backup_into_directory, backup_sqlite, integrity_problem


def count(path, table: str) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def journal_mode(path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0]


async def test_backup_includes_transactions_still_in_the_wal(shop_file, tmp_path):
    await fill_shop()
    wal = shop_file.with_name(shop_file.name + "-wal")
    assert wal.stat().st_size > 0
    # The main file alone does not hold the new rows yet: they live in the WAL.
    shutil.copyfile(shop_file, tmp_path / "main-file-only.db")
    assert count(tmp_path / "main-file-only.db", "orders") == 0

    copy = backup_sqlite(shop_file, tmp_path / "copy.db")

    assert count(copy, "orders") == 1
    assert count(copy, "users") == 2
    assert integrity_problem(copy) is None
    assert journal_mode(copy) == "delete"  # one file, nothing alongside
    assert not copy.with_name(copy.name + "-wal").exists()


async def test_backup_never_overwrites_a_file(shop_file, tmp_path):
    (tmp_path / "taken.db").write_text("precious")
    with pytest.raises(OpsError, match="already exists"):
        backup_sqlite(shop_file, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text() == "precious"


def test_backup_of_a_missing_database_is_refused(tmp_path):
    with pytest.raises(OpsError, match="no database"):
        backup_sqlite(tmp_path / "none.db", tmp_path / "copy.db")
    assert not (tmp_path / "none.db").exists()  # not created by trying


async def test_directory_keeps_the_newest_backups(shop_file, tmp_path):
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "nanostore-before-upgrade.db").write_text("the operator's own")
    made = []
    for number in range(4):
        await Order.all().delete()  # any change; the names differ within one second too
        made.append(backup_into_directory(shop_file, tmp_path / "backups", keep=2))
    left = sorted(path.name for path in (tmp_path / "backups").iterdir())
    assert left == sorted([*(path.name for path in made[-2:]), "nanostore-before-upgrade.db"])
    assert len(set(made)) == 4


async def test_command_writes_a_timestamped_backup_next_to_the_database(shop_file, tmp_path):
    await fill_shop()
    result = run_nanostore("backup", database_url=f"sqlite://{shop_file}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [backup] = (tmp_path / "backups").glob("nanostore-*.db")
    assert result.stdout.startswith(f"backup written to {backup} (")
    assert count(backup, "orders") == 1


async def test_command_refuses_in_one_line(shop_file, tmp_path):
    (tmp_path / "taken.db").write_text("x")
    result = run_nanostore("backup", "--output", str(tmp_path / "taken.db"),
                           database_url=f"sqlite://{shop_file}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"nanostore: {tmp_path / 'taken.db'} already exists; choose a new file name or a directory\n"


def test_command_without_a_database_refuses(tmp_path):
    result = run_nanostore("backup", database_url=f"sqlite://{tmp_path / 'none.db'}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"nanostore: no database at {tmp_path / 'none.db'}\n"


def test_postgres_prints_the_pg_dump_command_without_the_password(tmp_path):
    result = run_nanostore("backup", database_url="postgres://shop:s%40cret@db.example:5432/shop?minsize=1",
                           cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pg_dump --format=custom --no-owner --file=nanostore-" in result.stdout
    assert "--dbname=postgresql://shop@db.example:5432/shop\n" in result.stdout
    assert "s%40cret" not in result.stdout and "s@cret" not in result.stdout
    assert "PGPASSWORD=" in result.stdout
