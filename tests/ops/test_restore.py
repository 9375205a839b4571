"""`nanostore restore`: refuses anything but a sound NanoStore database, keeps the current one
aside, leaves no stale WAL behind, and upgrades an older backup."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from ops_shop import fill_shop, run_nanostore, snapshot
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from nanostore.db.connection import close_database, open_database, tortoise_config
from nanostore.db.models import Order, User
from nanostore.ops import OpsError
from nanostore.ops.backup import backup_sqlite
from nanostore.ops.restore import restore_sqlite

FIRST_MIGRATION = "models.0001_initial"


@pytest.fixture
async def backup_and_later_changes(shop_file, tmp_path):
    """A backup of a filled shop, then changes the restore must undo; the shop is closed."""
    await fill_shop()
    backup = backup_sqlite(shop_file, tmp_path / "backup.db")
    expected = await snapshot()
    await Order.all().delete()
    await User.create(id=99, first_name="Later")
    await close_database()
    return backup, expected


def applied_migrations(path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {name for (name,) in db.execute("SELECT name FROM tortoise_migrations")}


async def test_restore_brings_back_the_backup_and_keeps_the_current_database(backup_and_later_changes,
                                                                             shop_file, tmp_path):
    backup, expected = backup_and_later_changes
    url = f"sqlite://{shop_file}"
    # A WAL file that does not belong to the restored database must not survive.
    shop_file.with_name("shop.db-wal").write_bytes(b"stale")

    kept = await restore_sqlite(backup, url, replace=True)

    assert kept == tmp_path / "shop.db.before-restore"
    await open_database(url)
    assert await snapshot() == expected
    await close_database()
    with closing(sqlite3.connect(kept)) as db:  # the replaced database, complete on its own
        assert db.execute("SELECT COUNT(*) FROM users WHERE id = 99").fetchone()[0] == 1
    assert not kept.with_name(kept.name + "-wal").exists()


async def test_restore_into_an_empty_place_needs_no_yes(shop_file, tmp_path):
    await fill_shop()
    backup = backup_sqlite(shop_file, tmp_path / "backup.db")
    await close_database()
    url = f"sqlite://{tmp_path / 'new' / 'shop.db'}"
    assert await restore_sqlite(backup, url, replace=False) is None
    await open_database(url)
    assert await Order.all().count() == 1
    await close_database()


async def test_an_older_backup_is_migrated(tmp_path):
    old = tmp_path / "old.db"
    await migrate(config=tortoise_config(f"sqlite://{old}"), target=FIRST_MIGRATION)
    await Tortoise.close_connections()
    fresh = tmp_path / "fresh.db"
    await open_database(f"sqlite://{fresh}")
    await close_database()

    await restore_sqlite(old, f"sqlite://{tmp_path / 'shop.db'}", replace=False)

    assert applied_migrations(tmp_path / "shop.db") == applied_migrations(fresh)


async def test_restore_while_the_database_is_open_is_refused(backup_and_later_changes, shop_file):
    backup, _ = backup_and_later_changes
    url = f"sqlite://{shop_file}"
    await open_database(url)
    await User.all().count()  # connected, as a running bot is
    try:
        with pytest.raises(OpsError, match="in use; stop the bot"):
            await restore_sqlite(backup, url, replace=True)
        assert await User.filter(id=99).exists()
    finally:
        await close_database()


def write_plain_sqlite(path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.commit()


@pytest.mark.parametrize("make_file, message", [
    (lambda path: path.write_bytes(b"not a database at all" * 100), "is not a SQLite database"),
    (write_plain_sqlite, "is not a NanoStore database (no tortoise_migrations table)"),
])
async def test_command_refuses_what_is_not_a_nanostore_backup(backup_and_later_changes, shop_file, tmp_path,
                                                              make_file, message):
    bad = tmp_path / "bad.db"
    make_file(bad)
    before = shop_file.read_bytes()
    result = run_nanostore("restore", str(bad), "--yes", database_url=f"sqlite://{shop_file}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"nanostore: {bad} {message}\n"
    assert shop_file.read_bytes() == before
    assert not (tmp_path / "shop.db.before-restore").exists()


async def test_command_refuses_a_damaged_backup(backup_and_later_changes, shop_file, tmp_path):
    backup, _ = backup_and_later_changes
    data = bytearray(backup.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8: page_size * 3] = b"\xff" * (page_size - 8)  # garble a page, keep the header
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    result = run_nanostore("restore", str(damaged), "--yes", database_url=f"sqlite://{shop_file}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"nanostore: {damaged} failed its integrity check: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


async def test_command_refuses_to_overwrite_without_yes_then_restores(backup_and_later_changes, shop_file,
                                                                      tmp_path):
    backup, _ = backup_and_later_changes
    url = f"sqlite://{shop_file}"
    refused = run_nanostore("restore", str(backup), database_url=url, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == (f"nanostore: {shop_file} exists; add --yes to replace it "
                              "(it will be kept as shop.db.before-restore)\n")

    done = run_nanostore("restore", str(backup), "--yes", database_url=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"restored {backup} into {shop_file}; schema is up to date\n"
                           f"the previous database is kept as {shop_file}.before-restore\n")
    with closing(sqlite3.connect(shop_file)) as db:
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 1


def test_command_on_postgres_points_at_pg_restore(tmp_path):
    result = run_nanostore("restore", "x.dump", database_url="postgres://shop@db.example/shop", cwd=tmp_path)
    assert result.returncode == 1
    assert "pg_restore --clean --if-exists --no-owner" in result.stderr
