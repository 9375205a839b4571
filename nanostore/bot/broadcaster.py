"""Sends queued broadcasts in the background, at a rate Telegram accepts, resumable after a crash.

One instance works on a broadcast at a time: it holds a lease (services.broadcast) and renews
it while sending; a lease left by a dead instance expires and another one resumes. Each
recipient is claimed before the send and its result recorded once, so nobody gets the message
twice: a recipient claimed by a sender that died mid-send is recorded as failed, not resent.

The admin who queued it sees a progress message edited in place, then the final figures;
cancelling (from the broadcast screen) ends the lease, and the sender stops at the next
recipient.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from aiogram import Bot
from aiogram.exceptions import (TelegramAPIError, TelegramForbiddenError, TelegramNetworkError,
                                TelegramRetryAfter)

from nanostore.db.models import Broadcast
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.services import broadcast

log = logging.getLogger(__name__)

LEASE_SECONDS = 60
BATCH_SIZE = 30
PROGRESS_EVERY_SENDS = 25
PROGRESS_EVERY_SECONDS = 3.0
IDLE_SECONDS = 2.0
NETWORK_RETRIES = 3
STATUS_ICONS = {BroadcastStatus.QUEUED: "⏳", BroadcastStatus.RUNNING: "⏳",
                BroadcastStatus.DONE: "✅", BroadcastStatus.CANCELLED: "🛑"}


class TokenBucket:
    """At most `rate` sends a second on average, with bursts up to one second's worth."""

    def __init__(self, rate: float):
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = time.monotonic()

    async def take(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


class Broadcaster:
    def __init__(self, bot: Bot, *, rate_per_second: float = 25, instance_id: str | None = None,
                 lease_seconds: int = LEASE_SECONDS, batch_size: int = BATCH_SIZE):
        self.bot = bot
        self.bucket = TokenBucket(rate_per_second)
        self.instance_id = instance_id or f"broadcaster-{uuid.uuid4().hex[:12]}"
        self.lease_seconds = lease_seconds
        self.batch_size = batch_size

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
                await self._send_all(row.id)
                handled += 1
        return handled

    async def _send_all(self, broadcast_id: int) -> None:
        progress = ProgressMessage(self.bot, broadcast_id)
        await progress.show()
        renewed = time.monotonic()
        while True:
            batch = await broadcast.next_batch(broadcast_id, self.batch_size)
            if not batch:
                await broadcast.finish(broadcast_id)
                break
            row = await Broadcast.get(id=broadcast_id)
            for recipient in batch:
                if time.monotonic() - renewed > self.lease_seconds / 3 or recipient is batch[0]:
                    # Renewing also tells us about a cancel (or a lease taken over): stop then.
                    if not await broadcast.acquire_lease(broadcast_id, self.instance_id, self.lease_seconds):
                        await progress.show()
                        return
                    renewed = time.monotonic()
                await self._deliver(row, recipient)
                await progress.tick()
        await progress.show()

    async def _deliver(self, row: Broadcast, recipient) -> None:
        if not await broadcast.begin_attempt(recipient.id):
            await broadcast.record_result(recipient.id, RecipientStatus.FAILED)
            return
        status = await self._send(row, recipient.user_id)
        await broadcast.record_result(recipient.id, status)

    async def _send(self, row: Broadcast, chat_id: int) -> RecipientStatus:
        network_failures = 0
        while True:
            await self.bucket.take()
            try:
                if row.photo_file_id:
                    await self.bot.send_photo(chat_id, row.photo_file_id, caption=row.text or None)
                else:
                    await self.bot.send_message(chat_id, row.text)
                return RecipientStatus.SENT
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)  # then the same person again
            except TelegramForbiddenError:
                return RecipientStatus.BLOCKED
            except TelegramNetworkError:
                network_failures += 1
                if network_failures >= NETWORK_RETRIES:
                    return RecipientStatus.FAILED
                await asyncio.sleep(2 ** network_failures)
            except TelegramAPIError as error:
                log.info("broadcast %s to %s failed: %s", row.id, chat_id, error)
                return RecipientStatus.FAILED


class ProgressMessage:
    """The admin's live view of a broadcast: one message, edited every few sends or seconds."""

    def __init__(self, bot: Bot, broadcast_id: int):
        self.bot = bot
        self.broadcast_id = broadcast_id
        self.sends = 0
        self.shown_at = time.monotonic()

    async def tick(self) -> None:
        self.sends += 1
        if self.sends % PROGRESS_EVERY_SENDS == 0 or time.monotonic() - self.shown_at > PROGRESS_EVERY_SECONDS:
            await self.show()

    async def show(self) -> None:
        self.shown_at = time.monotonic()
        row = await Broadcast.get(id=self.broadcast_id)
        text = progress_text(row)
        try:
            if row.progress_message_id:
                await self.bot.edit_message_text(text, chat_id=row.progress_chat_id,
                                                 message_id=row.progress_message_id)
            else:
                sent = await self.bot.send_message(row.created_by, text)
                await broadcast.remember_progress_message(row.id, sent.chat.id, sent.message_id)
        except TelegramAPIError as error:
            # "message is not modified", a deleted message, a blocked admin: never stop sending.
            log.debug("broadcast %s progress not shown: %s", row.id, error)


def progress_text(row: Broadcast) -> str:
    # Figures and icons only, so it reads the same in every language; the broadcast screen and
    # the final notification say it in words.
    done = row.delivered + row.failed + row.blocked
    return (f"📣 <b>#{row.id}</b> {STATUS_ICONS.get(row.status, '⏳')} {done}/{row.total}\n"
            f"✅ {row.delivered} · ⚠️ {row.failed} · 🚫 {row.blocked}")
