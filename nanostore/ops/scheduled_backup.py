"""Backups on a timer, each sent to every admin's chat as a document.

The first backup is taken one interval after start, not at start: a bot restarted ten times
during a deploy should not send ten backups. A failed backup or a failed send is logged and
the loop goes on; the next interval tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path

from aiogram import Bot
from aiogram.types import FSInputFile

from nanostore.ops import OpsError
from nanostore.ops.backup import DEFAULT_KEEP, backup_into_directory, sqlite_path

log = logging.getLogger(__name__)

SECONDS_PER_HOUR = 3600


async def run_scheduled_backups(bot: Bot, admin_ids: Iterable[int], interval_hours: float,
                                backup_dir: Path | None = None, *, database_url: str | None = None,
                                keep: int = DEFAULT_KEEP) -> None:
    """Run until cancelled. `interval_hours` <= 0 returns at once (scheduled backups off)."""
    if interval_hours <= 0:
        return
    if database_url is None:
        from nanostore.config import get_settings

        database_url = get_settings().database_url
    try:
        database = sqlite_path(database_url)
    except OpsError:
        log.warning("scheduled backups cover SQLite only; back PostgreSQL up with pg_dump (docs/deploy.md)")
        return
    backup_dir = backup_dir or database.parent / "backups"
    while True:
        await asyncio.sleep(interval_hours * SECONDS_PER_HOUR)
        await backup_and_send(bot, admin_ids, database, backup_dir, keep)


async def backup_and_send(bot: Bot, admin_ids: Iterable[int], database: Path, backup_dir: Path,
                          keep: int = DEFAULT_KEEP) -> Path | None:
    try:
        # In a thread: copying a large file must not stall the bot's updates.
        path = await asyncio.to_thread(backup_into_directory, database, backup_dir, keep)
    except OpsError as error:
        log.error("scheduled backup failed: %s", error)
        return None
    except Exception:
        log.exception("scheduled backup failed")
        return None
    log.info("scheduled backup written to %s", path)
    for admin_id in admin_ids:
        await _send_backup(bot, admin_id, path)
    return path


async def _send_backup(bot: Bot, admin_id: int, path: Path) -> None:
    try:
        await bot.send_document(admin_id, FSInputFile(path), caption=f"Backup {path.name}")
    except asyncio.CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - blocked bot, file over 50 MB, network: try the next
        log.warning("could not send backup %s to admin %s: %s", path.name, admin_id, error)
