"""`nanostore db copy`: every row and value arrives, keys and sequences keep working.

The PostgreSQL tests run on a scratch database of their own (the `scratch_postgres` fixture).
"""

from __future__ import annotations

import re

import pytest
from tortoise import connections
from ops_shop import BIG_ID, fill_shop, open_shop, run_nanostore, snapshot

from nanostore.db.connection import close_database, open_database
from nanostore.db.models import AuditEntry, LedgerEntry, Order, User
from nanostore.ops import OpsError
from nanostore.ops.db_copy import copy_database



async def filled_source(path) -> tuple[str, dict]:
    url = f"sqlite://{path}"
    await open_shop(url)
    await fill_shop()
    expected = await snapshot()
    await close_database()
    return url, expected


async def copied_snapshot(url: str) -> dict:
    await open_shop(url)
    try:
        return await snapshot()
    finally:
        await close_database()


async def new_rows_get_fresh_ids(url: str) -> None:
    await open_shop(url)
    try:
        order = await Order.create(user_id=BIG_ID, subtotal=1, amount_due=1, currency="USD")
        entry = await LedgerEntry.create(user_id=BIG_ID, amount=5, balance_after=5, reason="topup")
        audit = await AuditEntry.create(admin_id=1, action="test")
        assert (order.id, entry.id, audit.id) == (2, 3, 2)
    finally:
        await close_database()


async def test_sqlite_to_sqlite_keeps_every_value(tmp_path):
    source, expected = await filled_source(tmp_path / "source.db")
    target = f"sqlite://{tmp_path / 'target.db'}"

    counts = await copy_database(source, target, batch_size=1)  # one row a batch: paging is exercised

    assert all(count.matches for count in counts)
    assert {count.table: count.target for count in counts}["users"] == 2
    assert await copied_snapshot(target) == expected
    await new_rows_get_fresh_ids(target)


async def test_sqlite_to_postgres_keeps_every_value_and_moves_sequences(tmp_path, scratch_postgres):
    source, expected = await filled_source(tmp_path / "source.db")

    counts = await copy_database(source, scratch_postgres, batch_size=2)

    assert all(count.matches for count in counts)
    assert await copied_snapshot(scratch_postgres) == expected
    await new_rows_get_fresh_ids(scratch_postgres)


async def test_postgres_back_to_sqlite(tmp_path, scratch_postgres):
    source, expected = await filled_source(tmp_path / "source.db")
    await copy_database(source, scratch_postgres)
    back = f"sqlite://{tmp_path / 'back.db'}"
    await copy_database(scratch_postgres, back)
    assert await copied_snapshot(back) == expected


async def test_a_filled_target_is_refused_unless_forced(tmp_path):
    source, expected = await filled_source(tmp_path / "source.db")
    target = f"sqlite://{tmp_path / 'target.db'}"
    await open_database(target)
    await User.create(id=123, first_name="Already here")
    await close_database()

    with pytest.raises(OpsError, match="already holds data .*add --force"):
        await copy_database(source, target)
    await copy_database(source, target, force=True)

    assert await copied_snapshot(target) == expected


async def test_a_failed_copy_leaves_the_target_unchanged(tmp_path):
    source, _ = await filled_source(tmp_path / "source.db")
    await open_database(source)
    # An order line pointing at a missing order: the target's foreign key refuses it.
    await connections.get("default").execute_script("PRAGMA foreign_keys = OFF; UPDATE order_lines SET order_id = 999;")
    await close_database()
    target = f"sqlite://{tmp_path / 'target.db'}"

    with pytest.raises(OpsError, match="copying order_lines failed, target left unchanged"):
        await copy_database(source, target)

    assert all(rows == [] for rows in (await copied_snapshot(target)).values())


async def test_command_prints_counts_per_table(tmp_path):
    source, _ = await filled_source(tmp_path / "source.db")
    target = f"sqlite://{tmp_path / 'target.db'}"
    result = run_nanostore("db", "copy", "--from", source, "--to", target, database_url=source, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["table", "source", "target"]
    assert "users 2 2" in {" ".join(line.split()) for line in lines}
    assert re.fullmatch(rf"copied 14 rows in \d+ tables from {re.escape(source)} to {re.escape(target)}", lines[-1])

    again = run_nanostore("db", "copy", "--from", source, "--to", target, database_url=source, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.startswith(f"nanostore: {target} already holds data")
    assert again.stderr.count("\n") == 1


def test_command_refuses_a_missing_source(tmp_path):
    result = run_nanostore("db", "copy", "--from", f"sqlite://{tmp_path / 'none.db'}",
                           "--to", f"sqlite://{tmp_path / 'target.db'}", database_url="sqlite://x", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"nanostore: no database at {tmp_path / 'none.db'}\n"
