"""Per-person event isolation across instances: a Redis lock that lapses soon after its holder dies.

aiogram's RedisEventIsolation takes each person's lock for a fixed 60 s. An instance killed in
the middle of an update (SIGKILL, OOM, a lost host) never releases it, so the other instances
keep that person waiting for up to a minute. Here the lock lives a few seconds and the instance
holding it renews it in the background while the handler works: a slow handler on a live
instance keeps its lock for as long as it needs, and a dead instance's lock lapses within
LOCK_LIFETIME.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, DefaultKeyBuilder, KeyBuilder, StorageKey
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, LockNotOwnedError, RedisError

log = logging.getLogger(__name__)

# How long a dead instance can keep a person waiting (bench/instance_death.py measures it).
# Short, yet three renewals long: a live holder loses it only if its event loop or Redis
# stalls for two thirds of it (then another instance may take the person's next update
# meanwhile, and a warning says so; the update itself goes on).
LOCK_LIFETIME = 3.0
# A third of the lifetime: a renewal late by one interval still lands in time.
RENEW_EVERY = LOCK_LIFETIME / 3


class RenewedRedisEventIsolation(BaseEventIsolation):
    """One person's updates one at a time across instances; the lock is renewed while held."""

    def __init__(self, redis: Redis, key_builder: KeyBuilder | None = None, *,
                 lifetime: float = LOCK_LIFETIME, renew_every: float = RENEW_EVERY) -> None:
        if not 0 < renew_every < lifetime:
            raise ValueError("the lock must be renewed more often than it lapses")
        self.redis = redis
        self.key_builder = key_builder or DefaultKeyBuilder()
        self.lifetime = lifetime
        self.renew_every = renew_every

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        # One Lock object per acquisition, its token shared with the renewal task.
        lock = Lock(self.redis, self.key_builder.build(key, "lock"), timeout=self.lifetime,
                    thread_local=False)
        await lock.acquire()
        renewal = asyncio.create_task(self._renew(lock))
        try:
            yield None
        finally:
            renewal.cancel()
            await asyncio.wait([renewal])
            await _release(lock, warned=not renewal.cancelled())  # it returns only once lost

    async def _renew(self, lock: Lock) -> None:
        """Resets the lock's lifetime until cancelled; returns (after one warning) once the
        lock is no longer ours, as when the event loop stalled past the lifetime."""
        warned = False
        while True:
            await asyncio.sleep(self.renew_every)
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                if not warned:
                    _warn_lost(lock)
                return
            except Exception as error:  # noqa: BLE001 - Redis down, say: keep trying, never fail the update
                if not warned:
                    log.warning("could not renew event isolation lock %s: %s", lock.name, error)
                    warned = True

    async def close(self) -> None:
        pass  # the Redis client is the storage's, closed with it


def _warn_lost(lock: Lock) -> None:
    log.warning("event isolation lock %s lapsed while its update was still being handled; "
                "another instance may take this person's next update meanwhile", lock.name)


async def _release(lock: Lock, *, warned: bool) -> None:
    """Releases without ever failing the update: a lost or unreachable lock lapses by itself."""
    try:
        await lock.release()
    except LockError:
        if not warned:
            _warn_lost(lock)
    except (RedisError, OSError) as error:
        log.warning("could not release event isolation lock %s (it lapses within %.0f s): %s",
                    lock.name, lock.timeout, error)
