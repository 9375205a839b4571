"""The background job that keeps subscriptions' access in step (services/subscription_lapse):
every EVERY_SECONDS, on one instance at a time (the lease in services/leases, as hold_keeper),
it lapses subscriptions whose period ended without a renewal and takes their channel access
away (ban, then unban so they can come back with a new subscription), hands the keys an empty
pool owed, and sends invite links a crash left unsent. Everything it needs is in the database,
so a restart loses nothing: a period that ended while the shop was down lapses at once.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot

from nanostore.bot.hold_keeper import instance_name
from nanostore.bot.subscription_payments import give_invite, remove_access
from nanostore.services import leases, subscription_lapse

log = logging.getLogger(__name__)

JOB = "subscriptions"
EVERY_SECONDS = 60
LEASE_SECONDS = 180


class SubscriptionKeeper:
    def __init__(self, bot: Bot, notifier=None, holder: str | None = None,
                 every: float = EVERY_SECONDS) -> None:
        self.bot, self.notifier, self.every = bot, notifier, every
        self.holder = holder or instance_name()

    async def run_once(self) -> tuple[int, int] | None:
        """One pass: (lapsed, keys handed), or None when another instance holds the job."""
        if not await leases.hold(JOB, self.holder, LEASE_SECONDS):
            return None
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

    async def run_forever(self) -> None:
        try:
            while True:
                try:
                    await self.run_once()
                except Exception:  # a database or Telegram blip: logged, retried next run
                    log.exception("subscriptions: run failed")
                await asyncio.sleep(self.every)
        finally:
            try:
                await leases.release(JOB, self.holder)
            except Exception:  # closing down anyway: the lease lapses by itself
                log.debug("subscriptions: lease not released", exc_info=True)
