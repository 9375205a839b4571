"""Browse throughput with the shop in several worker processes: `nanostore run` in webhook mode
behind the emulator (one webhook URL per process, a customer's updates always to the same
one, as a sticky load balancer does), sharing one SQLite file (WAL) and one Redis for the
dialog state and event isolation — the scale-out set-up of docs/deploy.md on one machine.

    python3 -m bench.browse_workers [--workers 1 2] [--customers 20] [--rounds 3]

The same customers and journey as bench/browse.py, closed loop, no API latency, against the
bare bot measured in the same run. Needs Redis (REDIS_URL or redis://127.0.0.1:6379/14).
Throughput is wall-clock: the worker processes and this one (emulator and customers) share
the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.bots import seed_catalog
from bench.browse import SHOP_JOURNEY, _warm_up, journey, measure
from bench.customers import Customer, ReplyWatch
from nanostore.db.connection import close_database, open_database
from nanostore.emulator import Emulator
from nanostore.emulator.instances import bot_processes

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")


def worker_env(database_url: str) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("BOT_", "WEBHOOK_"))}
    return base | {"DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "ADMIN_IDS": "1"}


async def _flush_redis() -> None:
    from redis.asyncio import Redis
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


async def measure_workers(count: int, customers: int, rounds: int) -> dict:
    await _flush_redis()
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite://{Path(folder) / 'shop.db'}"
        await open_database(database_url)
        try:
            await seed_catalog(20)
        finally:
            await close_database()
        async with (Emulator(webhook_strategy="by_chat") as emulator,
                    bot_processes(emulator, Path(folder), count, worker_env(database_url))):
            watch = ReplyWatch(emulator)
            people = [Customer(emulator, watch, 100_000 + n) for n in range(customers)]
            for person in people:  # every worker compiles its templates before timing
                await _warm_up(person, SHOP_JOURNEY)
            began = time.perf_counter()
            await asyncio.gather(*(journey(person, SHOP_JOURNEY, rounds, None, began) for person in people))
            elapsed = time.perf_counter() - began
            await emulator.settle(timeout=30)
    latencies = sorted(value for person in people for value in person.latencies)
    return {"updates": len(latencies), "throughput": len(latencies) / elapsed,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]}


async def main(args) -> None:
    bare = await measure("bare", args.customers, args.rounds, None, 0.0)
    rows = [("bare bot, in process (polling)", bare)]
    rows.append(("shop, in process (polling, SQLite, memory storage)",
                 await measure("shop", args.customers, args.rounds, None, 0.0)))
    for count in args.workers:
        rows.append((f"shop, {count} webhook worker process{'es' if count > 1 else ''} "
                     f"(SQLite WAL + Redis)", await measure_workers(count, args.customers, args.rounds)))
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    print("| set-up | updates | updates/s | of bare | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, figures in rows:
        print(f"| {label} | {figures['updates']} | {figures['throughput']:.1f} | "
              f"{figures['throughput'] / bare['throughput']:.0%} | {figures['p50_ms']:.1f} | "
              f"{figures['p99_ms']:.1f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
