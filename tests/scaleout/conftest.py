"""A PostgreSQL database and a Redis database of the test's own, for multi-instance tests."""

from __future__ import annotations

import os

import pytest

from nanostore.emulator import Emulator
from tests.fixtures.databases import SERVER_URL, _server_command, postgres_reachable, server_answers


def redis_reachable(url: str) -> bool:
    return server_answers(url, 6379)


REDIS_SERVER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def redis_database() -> int:
    """A Redis database of this test process's own (1-15): the suite runs in two worker
    processes (pytest-xdist, gw0 and gw1), which must never flush each other's keys."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return 1 + (os.getpid() % 7) * 2 + worker % 2


@pytest.fixture
async def scaleout_urls():
    if not postgres_reachable() or not redis_reachable(REDIS_SERVER):
        pytest.skip("multi-instance tests need PostgreSQL and Redis (both run on CI machines)")
    name = f"nanostore_scale_{os.getpid()}"
    await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await _server_command(f"CREATE DATABASE {name}")
    from redis.asyncio import Redis

    redis_url = f"{REDIS_SERVER}/{redis_database()}"
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + "/" + name, redis_url
    finally:
        await redis.flushdb()
        await redis.aclose()
        await _server_command(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def scaleout_redis():
    """A client on this process's own Redis database, emptied before and after; no PostgreSQL."""
    if not redis_reachable(REDIS_SERVER):
        pytest.skip(f"needs Redis at {REDIS_SERVER} (it runs on CI machines)")
    from redis.asyncio import Redis

    redis = Redis.from_url(f"{REDIS_SERVER}/{redis_database()}")
    await redis.flushdb()
    try:
        yield redis
    finally:
        await redis.flushdb()
        await redis.aclose()


@pytest.fixture
async def pooled_emulator():
    async with Emulator(webhook_strategy="round_robin") as emulator:
        yield emulator
