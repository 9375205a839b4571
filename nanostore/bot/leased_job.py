"""A background job that runs on one instance at a time: each run first takes or renews the
job's lease (services/leases), held `lease_seconds`, so a dead instance's job moves to another
within that time; the lease is released at shutdown. Subclasses say what one run does."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from typing import Any

from nanostore.services import leases

log = logging.getLogger(__name__)


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class LeasedJob:
    job: str
    lease_seconds: float
    every: float

    def __init__(self, holder: str | None = None, every: float | None = None) -> None:
        self.holder = holder or instance_name()
        if every is not None:
            self.every = every

    async def work(self) -> Any:
        raise NotImplementedError

    async def run_once(self) -> Any:
        """One run's result, or None when another instance holds the job."""
        if not await leases.hold(self.job, self.holder, self.lease_seconds):
            return None
        return await self.work()

    async def run_forever(self) -> None:
        try:
            while True:
                try:
                    await self.run_once()
                except Exception:  # a database or Telegram blip: logged, retried next run
                    log.exception("%s: run failed", self.job)
                await asyncio.sleep(self.every)
        finally:
            try:
                await leases.release(self.job, self.holder)
            except Exception:  # closing down anyway: the lease lapses by itself
                log.debug("%s: lease not released", self.job, exc_info=True)
