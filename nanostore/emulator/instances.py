"""Several `nanostore run` processes in webhook mode behind the emulator, as in production
behind a load balancer: each registers its own webhook URL, and an emulator made with a
pooling `webhook_strategy` spreads updates over them. Used by the scale-out tests and the
multi-process browse benchmark."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from nanostore.emulator.emulator import Emulator

WEBHOOK_SECRET = "s3cret-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def bot_processes(emulator: Emulator, folder: Path, count: int, env: dict[str, str]
                        ) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Starts `count` processes with `env` plus the bot token, the emulator's address and a
    webhook address of their own; yields once each has joined the webhook pool; stops them
    (SIGTERM) afterwards. Each one's stderr is `folder/instance<n>.log`."""
    processes = []
    try:
        for number in range(count):
            port = free_port()
            own = env | {"BOT_TOKEN": emulator.token, "TELEGRAM_API_URL": emulator.base_url,
                         "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook", "WEBHOOK_HOST": "127.0.0.1",
                         "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET": WEBHOOK_SECRET}
            log = folder / f"instance{number}.log"
            with open(log, "wb") as stderr:  # the instance keeps its own descriptor of it
                processes.append(await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "nanostore.cli", "run", cwd=folder, env=own,
                    stdout=asyncio.subprocess.DEVNULL, stderr=stderr))
            # One at a time: each registers its webhook (joining the pool) once migrations are done.
            while len(emulator.webhook.targets) < number + 1:
                if processes[-1].returncode is not None:
                    raise RuntimeError(log.read_text()[-3000:])
                await asyncio.sleep(0.1)
        yield processes
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            await asyncio.wait_for(process.wait(), timeout=60)
