"""How long customers wait when the instance handling their update is killed (SIGKILL): two
`nanostore run` webhook processes on one PostgreSQL database and one Redis, as in
docs/deploy.md, behind the emulator (round-robin, so either may get any update).

    python3 -m bench.instance_death [--rounds 5] [--customers 6]

Each round starts a fresh pair; every customer opens the shop at once, the victim's edit is
held at the emulator so that its instance is inside the handler, holding the victim's lock,
and that instance is killed. The emulator redelivers the unanswered updates to the survivor
(as Telegram does), which waits for the dead instance's locks to lapse. A wait is from a
customer's tap to the answer on their screen. Needs PostgreSQL (POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL, default database 14).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from nanostore.emulator import Emulator
from nanostore.emulator.instances import bot_processes

POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "nanostore_bench_death"
STUCK = 60.0  # the victim's edit hangs until its instance dies (the emulator drops the call then)
BOUND = 15.0  # gives up on a customer instead of waiting forever


@dataclass
class Round:
    waits: list[float]  # seconds from each customer's tap to the answer; the victim's first
    killed: str  # the dead instance's webhook URL
    survivor: str
    victim_update: int  # the update the dead instance was handling


async def wait_until(check, what: str, bound: float = BOUND) -> None:
    deadline = time.monotonic() + bound
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened within {bound} s: {what}")
        await asyncio.sleep(0.01)


async def tap_and_time(person, label: str, expected: str) -> float:
    """Taps and returns the seconds until the person reads `expected` on the screen."""
    began = time.monotonic()
    tap = asyncio.create_task(person.tap(label))
    try:
        await wait_until(lambda: expected in (person.screen.text or ""), f"{person.id} reads {expected!r}")
    except AssertionError:
        tap.cancel()
        await asyncio.gather(tap, return_exceptions=True)  # its settle timed out too
        raise
    waited = time.monotonic() - began
    await tap  # and the emulator settles
    return waited


async def kill_mid_update(emulator: Emulator, processes: list, customers: int) -> Round:
    """With `processes` (two) in the emulator's pool: every customer opens the shop, and the
    instance handling the first one's update is killed inside the handler."""
    urls = [target.url for target in emulator.webhook.targets]  # in the processes' order
    people = [emulator.person(5000 + n, f"Customer {n}") for n in range(customers)]
    await asyncio.gather(*(person.command("start") for person in people))
    victim = people[0]
    stuck = emulator.faults.slow(STUCK, method="editMessageText", chat_id=victim.id, times=1)
    taps = [asyncio.create_task(tap_and_time(person, "🛍 Open the shop", "Choose a section"))
            for person in people]
    await wait_until(lambda: stuck.hits, "the victim's update reached its edit")
    killed = emulator.webhook.handling(victim.id)
    update_id = next(uid for uid, (chat, _) in emulator.webhook.posting.items() if chat == victim.id)
    dying = processes[urls.index(killed)]
    dying.kill()
    await dying.wait()
    waits = await asyncio.gather(*taps, return_exceptions=True)
    for failure in (wait for wait in waits if isinstance(wait, BaseException)):
        raise failure
    return Round(list(waits), killed, next(url for url in urls if url != killed), update_id)


async def _reset_stores(create: bool = True) -> None:
    """An empty database of the bench's own (dropped when `create` is false), Redis emptied."""
    import asyncpg
    from redis.asyncio import Redis

    connection = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if create:
            await connection.execute(f"CREATE DATABASE {DATABASE}")
    finally:
        await connection.close()
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


def instance_env(database_url: str) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("BOT_", "WEBHOOK_"))}
    return base | {"DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "ADMIN_IDS": "1"}


async def one_round(customers: int) -> Round:
    database_url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + DATABASE
    await _reset_stores()
    with tempfile.TemporaryDirectory() as folder:
        async with (Emulator(webhook_strategy="round_robin") as emulator,
                    bot_processes(emulator, Path(folder), 2, instance_env(database_url)) as processes):
            return await kill_mid_update(emulator, processes, customers)


async def main(rounds: int, customers: int) -> None:
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    worst = []
    try:
        for number in range(1, rounds + 1):
            result = await one_round(customers)
            worst.append(max(result.waits))
            others = sorted(result.waits[1:])
            print(f"round {number}: worst wait {worst[-1]:.2f} s (the victim's {result.waits[0]:.2f} s; "
                  f"the others' median {statistics.median(others):.2f} s, max {others[-1]:.2f} s)")
    finally:
        await _reset_stores(create=False)
    print(f"worst wait over {rounds} rounds: {max(worst):.2f} s, median of the rounds' worst: "
          f"{statistics.median(worst):.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--customers", type=int, default=6)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.customers))
