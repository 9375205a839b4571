"""Scheduled backups: each round writes a backup and sends it to every admin, whatever fails."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from ops_shop import fill_shop

from nanostore.ops.scheduled_backup import backup_and_send, run_scheduled_backups


class FakeBot:
    """Records send_document calls; chats in `failing` raise as Telegram would."""

    def __init__(self, failing: set[int] = frozenset(), rounds_wanted: int = 0, admins: int = 1):
        self.sent: list[tuple[int, str, bytes]] = []
        self.failing = failing
        self.enough = asyncio.Event()
        self.calls_wanted = rounds_wanted * admins

    async def send_document(self, chat_id, document, caption=None, **kwargs):
        self._count_call()
        if chat_id in self.failing:
            raise RuntimeError("Forbidden: bot was blocked by the user")
        self.sent.append((chat_id, document.path.name, document.path.read_bytes()))

    def _count_call(self) -> None:
        self.calls_wanted -= 1
        if self.calls_wanted <= 0:
            self.enough.set()


def orders_in(data: bytes, tmp_path) -> int:
    path = tmp_path / "received.db"
    path.write_bytes(data)
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]


async def test_each_admin_gets_the_backup_even_when_one_send_fails(shop_file, tmp_path):
    await fill_shop()
    bot = FakeBot(failing={2})

    path = await backup_and_send(bot, [1, 2, 3], shop_file, tmp_path / "backups")

    assert [(chat, name) for chat, name, _ in bot.sent] == [(1, path.name), (3, path.name)]
    assert orders_in(bot.sent[0][2], tmp_path) == 1


async def test_a_failed_backup_is_logged_and_sends_nothing(tmp_path, caplog):
    bot = FakeBot()
    assert await backup_and_send(bot, [1], tmp_path / "missing.db", tmp_path / "backups") is None
    assert bot.sent == []
    assert "scheduled backup failed: no database at" in caplog.text


async def test_the_loop_keeps_backing_up_every_interval(shop_file, tmp_path):
    bot = FakeBot(failing={2}, rounds_wanted=3, admins=2)
    loop = asyncio.create_task(run_scheduled_backups(
        bot, [1, 2], interval_hours=0.000_1, backup_dir=tmp_path / "backups",
        database_url=f"sqlite://{shop_file}", keep=2))

    await bot.enough.wait()
    loop.cancel()
    await asyncio.gather(loop, return_exceptions=True)

    assert len(bot.sent) >= 3 and {chat for chat, _, _ in bot.sent} == {1}
    assert len(list((tmp_path / "backups").glob("nanostore-*.db"))) == 2  # keep=2 rotates


async def test_off_and_postgres_return_at_once(caplog):
    bot = FakeBot()
    await run_scheduled_backups(bot, [1], interval_hours=0, backup_dir=None, database_url="sqlite://x.db")
    await run_scheduled_backups(bot, [1], interval_hours=24, backup_dir=None,
                                database_url="postgres://shop@db/shop")
    assert bot.sent == []
    assert "scheduled backups cover SQLite only" in caplog.text
