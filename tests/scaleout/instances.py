"""Several `nanostore run` processes in webhook mode on one PostgreSQL + Redis, as in production
behind a load balancer; the emulator spreads updates across them."""

from __future__ import annotations

from contextlib import asynccontextmanager

from nanostore.emulator.instances import bot_processes
from tests.fixtures.cli import nanostore_env


@asynccontextmanager
async def bot_instances(emulator, tmp_path, count: int, *, database_url: str, redis_url: str,
                        admin_ids: str = "9000"):
    env = nanostore_env(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url, ADMIN_IDS=admin_ids)
    async with bot_processes(emulator, tmp_path, count, env) as processes:
        yield processes
