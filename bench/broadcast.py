"""A broadcast to many people through the emulator: achieved send rate against the configured
rate, nobody messaged twice, nobody missed, and a resume after the sender is stopped or killed
mid-way.

    python3 -m bench.broadcast                                  # all scenarios, sizes below
    python3 -m bench.broadcast --only clean flood --recipients 100000 --flood-recipients 100000

Scenarios (each on a fresh database and emulator; 1% of people have blocked the bot):
  clean      --recipients at --rate, no 429s
  flood      --flood-recipients at --rate, 10% of sendMessage calls answered 429 retry_after=1
  clean25    --small-recipients at the default 25/s, no 429s
  flood25    --small-flood-recipients at 25/s with the 429s
  stop       --small-recipients at --rate; the sender task is cancelled half-way (what
             `nanostore run` does on SIGTERM), its lease expired, a new Broadcaster finishes
  stop-flood the same with the 429s, --flood-recipients
  kill9      --small-recipients at --rate; the first sender is a separate process, SIGKILLed
             half-way (nothing more written after that moment), then resumed as above
  kill9-flood the same with the 429s, --flood-recipients

Pauses: how often a sender paused everyone for a burst of 429s (senders in this process only).
Two rates per run. Handled/s is recipients a second, what the configured rate is a rate of:
the token bucket paces messages people get, and a call Telegram refuses gives its token back
(nothing was sent), so with 10% of calls refused the send rate (sendMessage calls a second)
runs about 11% above the configured rate. The last refused people wait out retry_after at the
end, about 1-3 s that matter on a small run only. The bucket starts full (one second's worth),
so short runs read a few percent high.

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
import signal
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from tortoise.timezone import now as utc_now

from bench.scale import cpu_model, rss_mb
from nanostore.bot.broadcaster import WORKERS, Broadcaster
from nanostore.db.connection import close_database, open_database
from nanostore.db.models import Broadcast, BroadcastRecipient
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.domain.staff import Actor
from nanostore.emulator import Emulator
from nanostore.emulator.harness import make_bot
from nanostore.emulator.state import ChatRecord
from nanostore.services import broadcast

TEXT = "📣 Benchmark broadcast"
ADMIN = 10**9  # not a users row: the progress messages go to this chat, not to a recipient
BLOCKED_EVERY = 100  # 1% of recipients have blocked the bot
FLOOD_SHARE = 0.1


async def shop_with_users(path: Path, count: int) -> None:
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


async def wait_done(broadcast_id: int, sender, stop_at_share: float | None = None, total: int = 0) -> None:
    while True:
        figures = await broadcast.progress(broadcast_id)
        if figures.status == BroadcastStatus.DONE:
            return
        if stop_at_share is not None and figures.total - figures.pending >= stop_at_share * total:
            return
        if isinstance(sender, asyncio.Task) and sender.done():
            sender.result()  # a crash of the sender: raise it here
        if isinstance(sender, asyncio.subprocess.Process) and sender.returncode is not None:
            raise RuntimeError(f"the sender process ended with {sender.returncode}")
        await asyncio.sleep(0.1)


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def start_sender(bot, rate: float, workers: int, senders: list[Broadcaster]) -> asyncio.Task:
    senders.append(Broadcaster(bot, rate_per_second=rate, workers=workers))
    return asyncio.create_task(senders[-1].run_forever())


async def sender_process(path: Path, emulator: Emulator, rate: float, workers: int):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.broadcast", "--child", str(path), emulator.base_url, emulator.token,
        str(rate), str(workers))


async def run(count: int, rate: float, flood: bool, interruption: str | None, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "broadcast.db"
        await shop_with_users(path, count)
        try:
            async with Emulator() as emulator:
                blocked = open_chats(emulator, count)
                if flood:
                    emulator.faults.retry_after(1, method="sendMessage", probability=FLOOD_SHARE)
                bot = make_bot(emulator)
                try:
                    created, total = await broadcast.create_and_queue(Actor(id=ADMIN, is_owner=True), TEXT)
                    began = time.perf_counter()
                    senders: list[Broadcaster] = []  # in this process: a kill9 victim is not
                    if interruption == "kill9":
                        first = await sender_process(path, emulator, rate, workers)
                        await wait_done(created.id, first, stop_at_share=0.5, total=total)
                        first.send_signal(signal.SIGKILL)
                        await first.wait()
                    elif interruption == "stop":
                        first = start_sender(bot, rate, workers, senders)
                        await wait_done(created.id, first, stop_at_share=0.5, total=total)
                        await stop(first)
                    if interruption:  # its lease is left behind: let it expire at once
                        lapsed = utc_now() - timedelta(seconds=1)
                        await Broadcast.filter(id=created.id).update(lease_until=lapsed)
                    sender = start_sender(bot, rate, workers, senders)
                    await wait_done(created.id, sender)
                    elapsed = time.perf_counter() - began
                    await stop(sender)
                finally:
                    await bot.session.close()
                figures = await verdict(emulator, created.id, total, blocked, rate, elapsed)
                return {**figures, "pauses": sum(sender.flood.pauses for sender in senders)}
        finally:
            await close_database()


async def verdict(emulator: Emulator, broadcast_id: int, total: int, blocked: set[int], rate: float,
                  elapsed: float) -> dict:
    attempts = [call for call in emulator.calls_of("sendMessage") if call.params.get("text") == TEXT]
    delivered = collections.Counter(int(call.params["chat_id"]) for call in attempts if call.ok)
    statuses = collections.Counter(
        await BroadcastRecipient.filter(broadcast_id=broadcast_id).values_list("status", flat=True))
    reachable = set(range(1, total + 1)) - blocked
    failed_ids = set(await BroadcastRecipient.filter(broadcast_id=broadcast_id, status=RecipientStatus.FAILED)
                     .values_list("user_id", flat=True))
    return {
        "recipients": total, "rate": rate, "seconds": elapsed,
        "handled_per_s": total / elapsed, "share_of_rate": total / elapsed / rate,
        "send_calls": len(attempts), "calls_per_s": len(attempts) / elapsed,
        "send_share": len(attempts) / elapsed / rate,
        "retry_after_429s": sum(1 for call in attempts
                                if not call.ok and "retry after" in (call.error or "").lower()),
        "twice": sum(1 for count in delivered.values() if count > 1),
        "missed": len(reachable - set(delivered) - failed_ids),
        "failed_recorded": len(failed_ids), "failed_but_delivered": len(failed_ids & set(delivered)),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
    }


def report(results: dict) -> None:
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
          f"load {os.getloadavg()[0]:.2f}; RSS now {rss_mb()['rss_mb']:.0f} MB; "
          f"{time.strftime('%H:%M:%S', time.gmtime())} UTC")
    print("| scenario | recipients | configured/s | seconds | sendMessage calls | calls/s (share) | 429s"
          " | pauses | handled/s (share) | twice | missed | recorded failed (of them delivered) | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, r in results.items():
        print(f"| {label} | {r['recipients']} | {r['rate']:g} | {r['seconds']:.1f} | {r['send_calls']} |"
              f" {r['calls_per_s']:.1f} ({r['send_share']:.0%}) | {r['retry_after_429s']} | {r['pauses']} |"
              f" {r['handled_per_s']:.1f} ({r['share_of_rate']:.0%}) | {r['twice']} | {r['missed']} |"
              f" {r['failed_recorded']} ({r['failed_but_delivered']}) | {r['statuses']} |")


async def main(args) -> None:
    plan = {"clean": (args.recipients, args.rate, False, None),
            "flood": (args.flood_recipients, args.rate, True, None),
            "clean25": (args.small_recipients, 25, False, None),
            "flood25": (args.small_flood_recipients, 25, True, None),
            "stop": (args.small_recipients, args.rate, False, "stop"),
            "stop-flood": (args.flood_recipients, args.rate, True, "stop"),
            "kill9": (args.small_recipients, args.rate, False, "kill9"),
            "kill9-flood": (args.flood_recipients, args.rate, True, "kill9")}
    results = {}
    for label in args.only or plan:
        results[label] = await run(*plan[label], args.workers)
        report({label: results[label]})  # as it goes: long runs show progress
    report(results)


async def child(path: str, base_url: str, token: str, rate: str, workers: str) -> None:
    """The first sender of a kill9 scenario, in its own process so that it can be SIGKILLed."""
    from aiogram import Bot
    from aiogram.client.telegram import TelegramAPIServer

    from nanostore.emulator.harness import LoopbackSession

    await open_database(f"sqlite://{path}", migrate=False)
    bot = Bot(token, session=LoopbackSession(api=TelegramAPIServer.from_base(base_url)))
    await Broadcaster(bot, rate_per_second=float(rate), workers=int(workers)).run_forever()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        asyncio.run(child(*sys.argv[2:7]))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--flood-recipients", type=int, default=5000)
    parser.add_argument("--small-recipients", type=int, default=2000,
                        help="the 25/s clean run and the stop/kill9 runs without 429s")
    parser.add_argument("--small-flood-recipients", type=int, default=1000, help="the 25/s run with 429s")
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--workers", type=int, default=WORKERS, help="sends in flight at once")
    parser.add_argument("--only", nargs="*", help="scenarios to run (clean flood clean25 flood25 stop"
                                                  " stop-flood kill9 kill9-flood)")
    asyncio.run(main(parser.parse_args()))
