"""Where dialog state lives: in memory for one process, in Redis for several.

With Redis, a dialog started on one instance continues on another; `with_destiny` keeps
aiogram-dialog's stacks apart from plain FSM state, and the event isolation lock makes two
instances handle one person's updates one at a time (a short-lived, renewed lock, so a killed
instance holds nobody up for long: nanostore/bot/event_isolation.py).
"""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation

# A person who walks away for a month starts again at the menu (stale-button recovery) instead
# of Redis keeping their stack forever.
STATE_TTL = timedelta(days=30)


def build_storage(redis_url: str | None) -> tuple[BaseStorage, BaseEventIsolation]:
    if not redis_url:
        return MemoryStorage(), SimpleEventIsolation()
    from aiogram.fsm.storage.redis import RedisStorage
    from redis.asyncio import Redis

    from nanostore.bot.event_isolation import RenewedRedisEventIsolation

    redis = Redis.from_url(redis_url)
    key_builder = DefaultKeyBuilder(with_destiny=True)
    storage = RedisStorage(redis, key_builder=key_builder, state_ttl=STATE_TTL, data_ttl=STATE_TTL)
    return storage, RenewedRedisEventIsolation(redis, key_builder=key_builder)
