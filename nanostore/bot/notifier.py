"""Sends the outbox: notifications written by services in their transactions, after commit.

Each row is claimed with a conditional update before sending, so two instances never send the
same row; a failed send is retried later with back-off, a blocked user is marked and skipped.
At-least-once: a crash between Telegram's answer and marking the row sent resends that row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message

from nanostore.bot.alert_copies import AlertCopies
from nanostore.bot.broadcast_pacing import RATE_PER_SECOND, Clock, TokenBucket
from nanostore.db.models import OutboxMessage, User
from nanostore.services import outbox, staff

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_SECONDS = 120  # a claimed row is retried after this if its sender died
IDLE_POLL_SECONDS = 0.5
SENT, RETRY, GAVE_UP = "sent", "retry", "gave_up"
# Notices that go to many people at once (everyone waiting for a product): sent at the
# broadcast's pace, so a restock with a thousand people waiting stays within Telegram's limits.
PACED_KINDS = frozenset({"back_in_stock"})

@dataclass(frozen=True)
class RenderedNotice:
    text: str
    photo: str | None = None
    protect_content: bool = False
    documents: tuple[str, ...] = ()
    reply_markup: Any = None  # an alert's buttons
    alert: tuple[str, int] | None = None  # (subject, id) of the item an alert is about


# Renders a notification for one chat, in that person's language.
Render = Callable[[str, dict, int], Awaitable[RenderedNotice]]


class Notifier:
    def __init__(self, bot: Bot, render: Render, admin_ids: frozenset[int],
                 pace: TokenBucket | None = None):
        self.bot = bot
        self.pace = pace or TokenBucket(RATE_PER_SECOND, Clock())
        self.render = render
        self.admin_ids = admin_ids
        self._wakeup = asyncio.Event()
        # One pass at a time in this process: a caller of send_due() (a test's flush, shutdown)
        # waits for a pass in progress instead of finding its rows claimed and still in flight.
        self._pass = asyncio.Lock()
        self.alert_copies = AlertCopies(bot, render)

    def wake(self) -> None:
        """Called after a commit that enqueued something, so it goes out without waiting."""
        self._wakeup.set()

    async def run_forever(self) -> None:
        while True:
            try:
                sent = await self.send_due()
            except Exception:  # the loop must survive a database hiccup
                log.exception("outbox pass failed")
                sent = 0
            if not sent:
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), IDLE_POLL_SECONDS)

    async def send_due(self, limit: int = 50) -> int:
        async with self._pass:
            now = datetime.now(UTC)
            due = await OutboxMessage.filter(sent_at=None, available_at__lte=now,
                                             attempts__lt=MAX_ATTEMPTS).order_by("id").limit(limit)
            sent = 0
            for row in due:
                if await self._claim(row, now):
                    sent += await self._deliver(row)
            return sent

    async def _claim(self, row: OutboxMessage, now: datetime) -> bool:
        claimed = await OutboxMessage.filter(id=row.id, sent_at=None, attempts=row.attempts).update(
            attempts=row.attempts + 1, available_at=now + timedelta(seconds=CLAIM_SECONDS))
        return claimed == 1

    async def _deliver(self, row: OutboxMessage) -> int:
        if row.audience == outbox.ALERTS:
            return await self._close_alerts(row)
        chats = await self._staff_for(row.kind) if row.audience == outbox.ADMINS else [row.chat_id]
        if row.kind in PACED_KINDS:
            await self.pace.take()
        outcomes = [await self._send_one(row, chat_id) for chat_id in chats]
        # Retry only a single recipient: re-sending an admin broadcast would repeat it to the
        # admins who already got it.
        if outcomes == [RETRY]:
            return 0
        await OutboxMessage.filter(id=row.id).update(sent_at=datetime.now(UTC))
        return 1

    async def _staff_for(self, kind: str) -> list[int]:
        """Who can act on this alert: the staff holding its role, and the owners (but those who
        chose only their areas' alerts: domain/staff.alert_recipients)."""
        return await staff.alert_chats(kind, self.admin_ids)

    async def _send_one(self, row: OutboxMessage, chat_id: int) -> str:
        try:
            notice = await self.render(row.kind, row.payload, chat_id)
        except Exception as error:  # a missing or broken template must not stall the outbox
            log.exception("notification %s could not be rendered", row.kind)
            await self._record_failure(row, f"render: {error!r}")
            return GAVE_UP
        return await self._attempt(row, self._send_notice(chat_id, notice), chat_id)

    async def _close_alerts(self, row: OutboxMessage) -> int:
        try:
            outcome = await self._attempt(row, self.alert_copies.close(row.payload))
        except Exception as error:  # a broken template must not stall the outbox
            log.exception("alerts of %s could not be closed", row.payload)
            await self._record_failure(row, repr(error))
            outcome = GAVE_UP
        if outcome == RETRY:
            return 0
        await OutboxMessage.filter(id=row.id).update(sent_at=datetime.now(UTC))
        return 1

    async def _attempt(self, row: OutboxMessage, sending: Awaitable[Any],
                       chat_id: int | None = None) -> str:
        try:
            await sending
            return SENT
        except TelegramRetryAfter as error:
            await self._postpone(row, error.retry_after, str(error))
            return RETRY
        except (TelegramServerError, TelegramNetworkError) as error:
            await self._postpone(row, 2 ** row.attempts, str(error))
            return RETRY
        except TelegramForbiddenError as error:
            if chat_id is not None:
                await User.filter(id=chat_id).update(has_blocked_bot=True)
            await self._record_failure(row, str(error))
            return GAVE_UP
        except TelegramBadRequest as error:
            log.warning("notification %s to %s refused: %s", row.kind, chat_id, error)
            await self._record_failure(row, str(error))
            return GAVE_UP

    async def _send_notice(self, chat_id: int, notice: RenderedNotice) -> None:
        sent: Message
        if notice.photo:
            sent = await self.bot.send_photo(chat_id, notice.photo, caption=notice.text,
                                             protect_content=notice.protect_content,
                                             reply_markup=notice.reply_markup)
        else:
            sent = await self.bot.send_message(chat_id, notice.text,
                                               protect_content=notice.protect_content,
                                               reply_markup=notice.reply_markup)
        if notice.alert:
            await self.alert_copies.remember(notice.alert, sent, notice.text)
        for file_id in notice.documents:
            await self.bot.send_document(chat_id, file_id, protect_content=notice.protect_content)

    async def _record_failure(self, row: OutboxMessage, error: str) -> None:
        await OutboxMessage.filter(id=row.id).update(last_error=error)

    async def _postpone(self, row: OutboxMessage, seconds: float, error: str) -> None:
        later = datetime.now(UTC) + timedelta(seconds=seconds)
        await OutboxMessage.filter(id=row.id).update(available_at=later, last_error=error)
