"""Work a crash can interrupt, finished at start-up: paid orders not yet delivered."""

from __future__ import annotations

import logging

from nanostore.services import delivery

log = logging.getLogger(__name__)


async def finish_interrupted_work() -> None:
    for order_id in await delivery.pending_deliveries():
        try:
            await delivery.deliver_order(order_id)
        except Exception:  # one bad order must not keep the shop from starting
            log.exception("could not finish delivery of order %s", order_id)
