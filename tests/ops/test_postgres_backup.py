"""`nanostore backup --output` on PostgreSQL runs pg_dump; its file restores with pg_restore."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from ops_shop import open_shop, run_nanostore

from nanostore.db.connection import close_database
from nanostore.db.models import User

pytestmark = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")


async def test_backup_runs_pg_dump_into_a_directory(scratch_postgres, tmp_path):
    await open_shop(scratch_postgres)
    await User.create(id=7_000_000_001, first_name="Ann")
    await close_database()
    (tmp_path / "dumps").mkdir()

    result = run_nanostore("backup", "--output", str(tmp_path / "dumps"), database_url=scratch_postgres,
                           cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    [dump] = (tmp_path / "dumps").glob("nanostore-*.dump")
    assert result.stdout.startswith(f"pg_dump wrote {dump} (")
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True)
    assert "TABLE DATA public users" in listing.stdout


def test_pg_dump_failure_is_one_line(tmp_path):
    result = run_nanostore("backup", "--output", str(tmp_path / "x.dump"),
                           database_url="postgres://postgres@127.0.0.1:1/none", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("nanostore: pg_dump failed: ")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x.dump").exists()
