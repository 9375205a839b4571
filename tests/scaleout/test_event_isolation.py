"""The per-person isolation lock on a real Redis: a live holder keeps it however long it works,
a killed one frees it within the lock's short lifetime, a lost lock costs one warning."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey

from nanostore.bot.event_isolation import LOCK_LIFETIME, RenewedRedisEventIsolation
from nanostore.bot.storage import build_storage

LIFETIME = 0.6  # shortened so the tests wait little; the production figure is LOCK_LIFETIME
KEY = StorageKey(bot_id=1, chat_id=7, user_id=7)
BOUND = 30  # only to fail instead of hanging

# A holder in a process of its own, to be killed while it holds the lock.
HOLDER = """
import asyncio, sys
from redis.asyncio import Redis
from aiogram.fsm.storage.base import StorageKey
from nanostore.bot.event_isolation import RenewedRedisEventIsolation

async def main():
    lifetime = float(sys.argv[2])
    isolation = RenewedRedisEventIsolation(Redis.from_url(sys.argv[1]), lifetime=lifetime,
                                           renew_every=lifetime / 3)
    async with isolation.lock(StorageKey(bot_id=1, chat_id=7, user_id=7)):
        print("held", flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


def isolation(redis, lifetime: float = LIFETIME) -> RenewedRedisEventIsolation:
    return RenewedRedisEventIsolation(redis, DefaultKeyBuilder(), lifetime=lifetime, renew_every=lifetime / 3)


def redis_url(redis) -> str:
    kwargs = redis.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"


async def test_a_holder_working_longer_than_the_lifetime_keeps_the_lock(scaleout_redis):
    events, held = [], asyncio.Event()

    async def holder():
        async with isolation(scaleout_redis).lock(KEY):
            events.append("holder in")
            held.set()
            await asyncio.sleep(4 * LIFETIME)
            events.append("holder out")

    async def contender():
        await held.wait()
        async with isolation(scaleout_redis).lock(KEY):
            events.append("contender in")

    await asyncio.wait_for(asyncio.gather(holder(), contender()), BOUND)
    assert events == ["holder in", "holder out", "contender in"]


async def test_a_killed_holder_frees_the_person_within_the_lifetime(scaleout_redis):
    lifetime = 1.0
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLDER, redis_url(scaleout_redis), str(lifetime), stdout=asyncio.subprocess.PIPE)
    try:
        assert await asyncio.wait_for(process.stdout.readline(), BOUND) == b"held\n"
        contender = asyncio.create_task(_enter(isolation(scaleout_redis, lifetime)))
        await asyncio.sleep(2 * lifetime)
        assert not contender.done()  # the live holder renews past its lifetime
        process.kill()
        await process.wait()
        await asyncio.wait_for(contender, 3 * lifetime)  # the dead one's lock lapsed
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _enter(isolation: RenewedRedisEventIsolation) -> None:
    async with isolation.lock(KEY):
        pass


async def test_a_lost_lock_costs_one_warning_and_not_the_update(scaleout_redis, caplog):
    caplog.set_level(logging.WARNING, logger="nanostore.bot.event_isolation")
    done = False
    async with isolation(scaleout_redis).lock(KEY):
        await scaleout_redis.delete(DefaultKeyBuilder().build(KEY, "lock"))  # lapsed, say
        await asyncio.sleep(3 * LIFETIME)  # several renewals fail
        done = True
    assert done
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "lapsed" in caplog.records[0].getMessage()


async def test_the_shop_storage_locks_with_the_short_renewed_lifetime(scaleout_redis):
    storage, events_isolation = build_storage(redis_url(scaleout_redis))
    try:
        async with events_isolation.lock(KEY):
            lock_key = DefaultKeyBuilder(with_destiny=True).build(KEY, "lock")
            assert 0 < await scaleout_redis.pttl(lock_key) <= LOCK_LIFETIME * 1000
        assert not await scaleout_redis.exists(lock_key)  # released at once, not left to lapse
    finally:
        await storage.close()
