"""A broadcast to many people through the emulator: achieved send rate against the configured
rate, nobody messaged twice, nobody missed, and a resume after the sender is killed mid-way.

    python3 -m bench.broadcast                                  # all scenarios, sizes below
    python3 -m bench.broadcast --recipients 20000 --rate 500    # the clean run's size and rate

Scenarios (each on a fresh database and emulator):
  clean     --recipients at --rate, 1% of people have blocked the bot, no 429s
  flood     --flood-recipients at --rate with 10% of sendMessage calls answered 429 retry_after=1
  clean25   --small-recipients at the default 25/s, no 429s
  flood25   the flood run at the default 25/s
  resume    --small-recipients at --rate, no 429s; the sender is cancelled half-way, its lease
            expired, a new Broadcaster finishes the job
  resume-flood  the same with the 429s, --flood-recipients
Recipients are users rows; their emulator chats are made directly in the emulator's state (one
ChatRecord each) instead of one emulator person per recipient, which is all sendMessage needs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import platform
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from tortoise.timezone import now as utc_now

from bench.scale import cpu_model, rss_mb
from nanostore.bot.broadcaster import Broadcaster
from nanostore.db.connection import close_database, open_database
from nanostore.db.models import Broadcast, BroadcastRecipient
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot
from nanostore.emulator.state import ChatRecord
from nanostore.services import broadcast

TEXT = "📣 Benchmark broadcast"
ADMIN = 10**9  # not a users row: the progress messages go to this chat, not to a recipient
BLOCKED_EVERY = 100  # 1% of recipients have blocked the bot


async def shop_with_users(folder: str, count: int) -> None:
    path = Path(folder) / "broadcast.db"
    await open_database(f"sqlite://{path}")
    await close_database()
    stamp = utc_now().isoformat(" ")
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("BEGIN")
        db.executemany("INSERT INTO users (id, first_name, is_banned, has_blocked_bot, balance, joined_at,"
                       " last_seen_at) VALUES (?, 'Reader', 0, 0, 0, ?, ?)",
                       ((user_id, stamp, stamp) for user_id in range(1, count + 1)))
        db.execute("COMMIT")
    await open_database(f"sqlite://{path}", migrate=False)


def open_chats(emulator: Emulator, count: int) -> set[int]:
    """Every recipient's private chat, as if they had started the bot; returns who blocked it."""
    blocked = set()
    for chat_id in [*range(1, count + 1), ADMIN]:
        chat = ChatRecord(id=chat_id, type="private", first_name="Reader")
        chat.blocked_bot = chat_id != ADMIN and chat_id % BLOCKED_EVERY == 0
        if chat.blocked_bot:
            blocked.add(chat_id)
        emulator.state.chats[chat_id] = chat
    return blocked


async def wait_done(broadcast_id: int, task: asyncio.Task, stop_at_share: float | None = None,
                    total: int = 0) -> None:
    while True:
        figures = await broadcast.progress(broadcast_id)
        if figures.status == BroadcastStatus.DONE:
            return
        if stop_at_share is not None and figures.total - figures.pending >= stop_at_share * total:
            return
        if task.done():
            task.result()  # a crash of the sender: raise it here
        await asyncio.sleep(0.1)


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def run(count: int, rate: float, flood: bool, kill_half_way: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        await shop_with_users(folder, count)
        try:
            async with Emulator() as emulator:
                blocked = open_chats(emulator, count)
                if flood:
                    emulator.faults.retry_after(1, method="sendMessage", probability=0.1)
                bot = make_bot(emulator)
                try:
                    created, total = await broadcast.create_and_queue(ADMIN, TEXT)
                    began = time.perf_counter()
                    restarts = 0
                    sender = asyncio.create_task(Broadcaster(bot, rate_per_second=rate).run_forever())
                    if kill_half_way:
                        await wait_done(created.id, sender, stop_at_share=0.5, total=total)
                        await stop(sender)  # killed mid-way: its lease is left behind
                        await Broadcast.filter(id=created.id).update(lease_until=utc_now() - timedelta(seconds=1))
                        sender = asyncio.create_task(Broadcaster(bot, rate_per_second=rate).run_forever())
                        restarts = 1
                    await wait_done(created.id, sender)
                    elapsed = time.perf_counter() - began
                    await stop(sender)
                finally:
                    await bot.session.close()
                return await verdict(emulator, created.id, total, blocked, rate, elapsed, restarts)
        finally:
            await close_database()


async def verdict(emulator: Emulator, broadcast_id: int, total: int, blocked: set[int], rate: float,
                  elapsed: float, restarts: int) -> dict:
    attempts = [call for call in emulator.calls_of("sendMessage") if call.params.get("text") == TEXT]
    delivered = collections.Counter(int(call.params["chat_id"]) for call in attempts if call.ok)
    statuses = collections.Counter(
        await BroadcastRecipient.filter(broadcast_id=broadcast_id).values_list("status", flat=True))
    reachable = set(range(1, total + 1)) - blocked
    failed_ids = set(await BroadcastRecipient.filter(broadcast_id=broadcast_id, status=RecipientStatus.FAILED)
                     .values_list("user_id", flat=True))
    return {
        "recipients": total, "rate": rate, "seconds": elapsed, "restarts": restarts,
        "handled_per_s": total / elapsed, "share_of_rate": total / elapsed / rate,
        "send_calls": len(attempts), "calls_per_s": len(attempts) / elapsed,
        "retry_after_429s": sum(1 for call in attempts if not call.ok and "retry after" in (call.error or "").lower()),
        "twice": sum(1 for count in delivered.values() if count > 1),
        "missed": len(reachable - set(delivered) - failed_ids),
        "failed_recorded": len(failed_ids), "failed_but_delivered": len(failed_ids & set(delivered)),
        "statuses": {str(status): count for status, count in statuses.items()},
    }


def report(results: dict) -> None:
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
          f"load {os.getloadavg()[0]:.2f}; RSS now {rss_mb()['rss_mb']:.0f} MB")
    print("| scenario | recipients | configured/s | seconds | handled/s | share of rate | sendMessage calls"
          " | 429s | twice | missed | recorded failed (of them delivered) | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, r in results.items():
        print(f"| {label} | {r['recipients']} | {r['rate']:g} | {r['seconds']:.1f} | {r['handled_per_s']:.1f} |"
              f" {r['share_of_rate']:.0%} | {r['send_calls']} | {r['retry_after_429s']} | {r['twice']} |"
              f" {r['missed']} | {r['failed_recorded']} ({r['failed_but_delivered']}) | {r['statuses']} |")


async def main(args) -> None:
    plan = {"clean": (args.recipients, args.rate, False, False),
            "clean25": (args.small_recipients, 25, False, False),
            "flood": (args.flood_recipients, args.rate, True, False),
            "flood25": (args.flood_recipients, 25, True, False),
            "resume": (args.small_recipients, args.rate, False, True),
            "resume-flood": (args.flood_recipients, args.rate, True, True)}
    results = {}
    for label in args.only or plan:
        results[label] = await run(*plan[label])
        report({label: results[label]})  # as it goes: long runs show progress
    report(results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--flood-recipients", type=int, default=300)
    parser.add_argument("--small-recipients", type=int, default=2000,
                        help="the 25/s clean run and the resume run without 429s")
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--only", nargs="*", help="scenarios to run (clean clean25 flood flood25 resume resume-flood)")
    asyncio.run(main(parser.parse_args()))
