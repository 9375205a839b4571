"""The background job that keeps unpaid orders' holds: reminders before the deadline, expiry at
it (services/holds). It runs at start-up and then every EVERY_SECONDS, on one instance at a
time: each run first takes or renews the lease (services/leases), held LEASE_SECONDS, so a
dead instance's job moves to another within that time. Deadlines live in the orders table, so
a restart loses none: an order whose deadline passed while the shop was down expires at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid

from nanostore.services import holds, leases

log = logging.getLogger(__name__)

JOB = "holds"
EVERY_SECONDS = 15  # a hold ends at most this much after its deadline
LEASE_SECONDS = 60  # how long another instance waits after this one stopped renewing


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class HoldKeeper:
    def __init__(self, notifier=None, holder: str | None = None, every: float = EVERY_SECONDS) -> None:
        self.notifier, self.every = notifier, every
        self.holder = holder or instance_name()

    async def run_once(self) -> tuple[int, int] | None:
        """One pass: (reminded, expired), or None when another instance holds the job."""
        if not await leases.hold(JOB, self.holder, LEASE_SECONDS):
            return None
        reminded, expired = await holds.run_once()
        if reminded or expired:
            log.info("holds: %d reminder(s) sent, %d unpaid order(s) expired", reminded, expired)
            if self.notifier is not None:
                self.notifier.wake()
        return reminded, expired

    async def run_forever(self) -> None:
        try:
            while True:
                try:
                    await self.run_once()
                except Exception:  # a database blip: logged with its cause, retried next run
                    log.exception("holds: run failed")
                await asyncio.sleep(self.every)
        finally:
            try:
                await leases.release(JOB, self.holder)
            except Exception:  # closing down anyway: the lease lapses by itself
                log.debug("holds: lease not released", exc_info=True)
