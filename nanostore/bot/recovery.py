"""Work a crash can interrupt, finished at start-up: Stars charges whose update was lost (found
in Telegram's Stars ledger), card charges recorded but not applied, crypto payments whose
webhook was lost (read back from Crypto Pay), then paid orders not yet delivered."""

from __future__ import annotations

import logging

from nanostore.services import cards, delivery

log = logging.getLogger(__name__)


async def finish_interrupted_work(stars_ledger=None, crypto_reconciler=None) -> None:
    if stars_ledger is not None:  # a StarsLedger; its failure is logged, start-up goes on
        await stars_ledger.reconcile_quietly()
    if crypto_reconciler is not None:  # likewise a CryptoReconciler
        await crypto_reconciler.reconcile_quietly()
    for payment_id in await cards.unsettled():
        try:
            await cards.settle(payment_id)
        except Exception:  # kept as received: the next start-up tries again
            log.exception("could not apply card payment %s", payment_id)
    for order_id in await delivery.pending_deliveries():
        try:
            await delivery.deliver_order(order_id)
        except Exception:  # one bad order must not keep the shop from starting
            log.exception("could not finish delivery of order %s", order_id)
