"""The background job that keeps unpaid orders' holds: reminders before the deadline, expiry at
it (services/holds). It runs at start-up and then every EVERY_SECONDS, on one instance at a
time (bot/leased_job): a dead instance's job moves to another within LEASE_SECONDS. Deadlines
live in the orders table, so a restart loses none: an order whose deadline passed while the
shop was down expires at once.
"""

from __future__ import annotations

import logging

from nanostore.bot.leased_job import LeasedJob
from nanostore.services import holds

log = logging.getLogger(__name__)

EVERY_SECONDS = 15  # a hold ends at most this much after its deadline
LEASE_SECONDS = 60  # how long another instance waits after this one stopped renewing


class HoldKeeper(LeasedJob):
    job, lease_seconds, every = "holds", LEASE_SECONDS, EVERY_SECONDS

    def __init__(self, notifier=None, holder: str | None = None, every: float | None = None) -> None:
        super().__init__(holder, every)
        self.notifier = notifier

    async def work(self) -> tuple[int, int]:
        """One pass: (reminded, expired)."""
        reminded, expired = await holds.run_once()
        if reminded or expired:
            log.info("holds: %d reminder(s) sent, %d unpaid order(s) expired", reminded, expired)
            if self.notifier is not None:
                self.notifier.wake()
        return reminded, expired
