"""Sends queued broadcasts in the background, at a rate Telegram accepts, resumable after a crash.

One instance works on a broadcast at a time: it holds a lease (services.broadcast) and renews
it while sending; a lease left by a dead instance expires and another one resumes.

Nobody gets the message twice: each recipient is claimed before the send and its result is
recorded once. A recipient claimed by a sender that died mid-send is recorded as failed, not
resent. A claim is only given back when the message certainly did not go out: Telegram
refused it (429) or no connection could be made, or it was never sent. Then the person is
pending again and is sent to after retry_after, by this sender or, if it dies meanwhile, by
the next one. A refusal holds up only that person; the whole sender pauses only when
refusals come in a burst (broadcast_pacing). A few sends are in flight at once, all paced by
one token bucket, and results are written a batch at a time (broadcast_delivery).

The admin who queued it sees a progress message edited in place, then the final figures
(broadcast_progress); cancelling from the broadcast screen ends the lease, and the sender
stops within a second.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiohttp import ClientConnectorError

from nanostore.bot.broadcast_delivery import Delivery
from nanostore.bot.broadcast_pacing import (
    RATE_PER_SECOND,
    Clock,
    FloodControl,
    Refused,
    TokenBucket,
)
from nanostore.db.models import Broadcast
from nanostore.db.models.enums import RecipientStatus
from nanostore.services import broadcast

log = logging.getLogger(__name__)

LEASE_SECONDS = 60
BATCH_SIZE = 200  # pending recipients read per query
WORKERS = 8  # sends in flight at once
CONNECT_RETRY_SECONDS = 2.0
IDLE_SECONDS = 2.0


class Broadcaster:
    def __init__(self, bot: Bot, *, rate_per_second: float = RATE_PER_SECOND, instance_id: str | None = None,
                 lease_seconds: int = LEASE_SECONDS, batch_size: int = BATCH_SIZE,
                 workers: int = WORKERS, clock: Clock | None = None):
        self.bot = bot
        self.clock = clock or Clock()
        self.bucket = TokenBucket(rate_per_second, self.clock)
        self.flood = FloodControl(self.clock)
        self.instance_id = instance_id or f"broadcaster-{uuid.uuid4().hex[:12]}"
        self.lease_seconds = lease_seconds
        self.batch_size = batch_size
        self.workers = max(1, workers)

    async def run_forever(self) -> None:
        while True:
            try:
                worked = await self.run_once()
            except Exception:  # the loop must survive a database or network hiccup
                log.exception("broadcast pass failed")
                worked = 0
            if not worked:
                await asyncio.sleep(IDLE_SECONDS)

    async def run_once(self) -> int:
        """Send every broadcast that is due and nobody else holds; returns how many were handled."""
        handled = 0
        for row in await broadcast.resumable_broadcasts():
            if await broadcast.acquire_lease(row.id, self.instance_id, self.lease_seconds):
                await Delivery(self, row).run()
                handled += 1
        return handled

    async def send(self, row: Broadcast, chat_id: int) -> RecipientStatus | Refused:
        try:
            if row.photo_file_id:
                await self.bot.send_photo(chat_id, row.photo_file_id, caption=row.text or None)
            else:
                await self.bot.send_message(chat_id, row.text)
            return RecipientStatus.SENT
        except TelegramRetryAfter as error:
            return Refused(error.retry_after)
        except TelegramForbiddenError:
            return RecipientStatus.BLOCKED
        except TelegramNetworkError as error:
            if isinstance(error.__cause__, ClientConnectorError):
                return Refused(CONNECT_RETRY_SECONDS)  # never connected: nothing was sent
            # A timeout or a dropped connection: Telegram may have delivered it. Never twice.
            log.info("broadcast %s to %s: no answer, not resent: %s", row.id, chat_id, error)
            return RecipientStatus.FAILED
        except TelegramAPIError as error:
            log.info("broadcast %s to %s failed: %s", row.id, chat_id, error)
            return RecipientStatus.FAILED
