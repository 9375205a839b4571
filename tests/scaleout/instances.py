"""Several `nanostore run` processes in webhook mode on one PostgreSQL + Redis, as in production
behind a load balancer; the emulator spreads updates across them."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from contextlib import asynccontextmanager

from tests.foundation.test_cli import nanostore_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def bot_instances(emulator, tmp_path, count: int, *, database_url: str, redis_url: str,
                        admin_ids: str = "9000"):
    processes = []
    try:
        for number in range(count):
            port = free_port()
            env = nanostore_env(tmp_path, BOT_TOKEN=emulator.token, TELEGRAM_API_URL=emulator.base_url,
                                DATABASE_URL=database_url, REDIS_URL=redis_url, ADMIN_IDS=admin_ids,
                                WEBHOOK_URL=f"http://127.0.0.1:{port}/hook", WEBHOOK_HOST="127.0.0.1",
                                WEBHOOK_PORT=str(port), WEBHOOK_SECRET="s3cret-token")
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "nanostore.cli", "run", cwd=tmp_path, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=open(tmp_path / f"instance{number}.log", "wb"))
            processes.append(process)
            # One at a time: each registers its webhook (joining the pool) once migrations are done.
            while len(emulator.webhook.targets) < number + 1:
                if process.returncode is not None:
                    raise RuntimeError((tmp_path / f"instance{number}.log").read_text()[-3000:])
                await asyncio.sleep(0.1)
        yield processes
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            await asyncio.wait_for(process.wait(), timeout=60)
