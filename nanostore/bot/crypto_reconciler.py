"""Reconciling with Crypto Pay: the open invoices read back, so a payment whose webhook was lost
(the shop was down, the network dropped it, no webhook is configured) is still applied.

Run once at start-up (before updates: a crash is what loses webhooks) and then every
EVERY_SECONDS. Each run asks only about the shop's own open invoices, a hundred per call, and
costs nothing when none is open. Several instances may run it at once: applying a payment is
a conditional UPDATE in services/crypto, so whichever instance (or webhook) comes first wins.
"""

from __future__ import annotations

import asyncio
import logging

from nanostore.services import crypto
from nanostore.services.crypto_pay_api import CryptoPayApi
from nanostore.services.errors import CryptoPayUnavailable

log = logging.getLogger(__name__)

EVERY_SECONDS = 20  # how long a payment with a lost webhook waits at most (plus one call)
BATCH = 100


class CryptoReconciler:
    def __init__(self, api: CryptoPayApi, notifier=None, every: float = EVERY_SECONDS) -> None:
        self.api, self.notifier, self.every = api, notifier, every

    async def reconcile(self) -> int:
        """Apply what Crypto Pay reports about every open invoice; returns the payments this run
        applied first (not those the webhook had already applied)."""
        ids = await crypto.open_invoice_ids()
        applied = 0
        for start in range(0, len(ids), BATCH):
            for remote in await self.api.get_invoices(ids[start:start + BATCH]):
                outcome = await crypto.apply_remote(remote)
                applied += outcome.first_time and outcome.status is not None
                await crypto.withdraw_if_unpayable(self.api, remote)
        if applied:
            log.info("crypto reconciliation applied %d payment(s) whose webhook did not come", applied)
            if self.notifier is not None:
                self.notifier.wake()
        return applied

    async def reconcile_quietly(self) -> None:
        """One run whose failure is a WARNING line, never a stopped shop: the next run retries."""
        try:
            await self.reconcile()
        except CryptoPayUnavailable as error:
            log.warning("crypto reconciliation: Crypto Pay unavailable (%s)", error)
        except Exception:  # a database blip: logged with its cause, retried next run
            log.exception("crypto reconciliation failed")

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            await self.reconcile_quietly()
