"""The background job that keeps subscriptions' access in step (services/subscription_lapse):
every EVERY_SECONDS, on one instance at a time (the lease in services/leases, as hold_keeper),
it lapses subscriptions whose period ended without a renewal and takes their channel access
away (ban, then unban so they can come back with a new subscription), hands the keys an empty
pool owed, and sends invite links a crash left unsent. Everything it needs is in the database,
so a restart loses nothing: a period that ended while the shop was down lapses at once.
"""

from __future__ import annotations

import logging

from aiogram import Bot

from nanostore.bot.leased_job import LeasedJob
from nanostore.bot.subscription_payments import give_invite, remove_access
from nanostore.services import subscription_lapse

log = logging.getLogger(__name__)

EVERY_SECONDS = 60
LEASE_SECONDS = 180


class SubscriptionKeeper(LeasedJob):
    job, lease_seconds, every = "subscriptions", LEASE_SECONDS, EVERY_SECONDS

    def __init__(self, bot: Bot, notifier=None, holder: str | None = None,
                 every: float | None = None) -> None:
        super().__init__(holder, every)
        self.bot, self.notifier = bot, notifier

    async def work(self) -> tuple[int, int]:
        """One pass: (lapsed, keys handed)."""
        lapsed = 0
        for due in await subscription_lapse.due():
            sub = await subscription_lapse.lapse(due.id)
            if sub is None:  # renewed meanwhile
                continue
            lapsed += 1
            if not await remove_access(self.bot, sub):  # the bot lost its rights there
                log.warning("subscription %s lapsed but its member could not be removed", sub.id)
                await subscription_lapse.access_not_removed(sub)
        handed = await subscription_lapse.retry_owed_keys()
        for sub in await subscription_lapse.without_invite():
            await give_invite(self.bot, sub.id)
        if (lapsed or handed) and self.notifier is not None:
            self.notifier.wake()
        return lapsed, handed
