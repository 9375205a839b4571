"""Telegram's passing refusals (429 flood control, 5xx) retried while an update is handled.

Without this a single 429 or 502 on a screen's edit fails the whole click: the person gets an
apology and the admins an error alert for what Telegram itself asks to simply try again.
Background loops (notifier, broadcaster) keep their own policies (postpone the row, pace the
run), so only calls made while handling an update are retried here, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError

log = logging.getLogger(__name__)

ATTEMPTS = 3
LONGEST_WAIT = 10  # seconds: a longer flood wait is not worth holding a click for
SERVER_ERROR_BACKOFF = (0.2, 0.5)

_handling_update: ContextVar[bool] = ContextVar("handling_update", default=False)


class HandlingUpdate(BaseMiddleware):
    """Outer update middleware: marks the calls below as made for a person waiting on a click."""

    async def __call__(self, handler, event, data: dict[str, Any]) -> Any:
        token = _handling_update.set(True)
        try:
            return await handler(event, data)
        finally:
            _handling_update.reset(token)


class RetryPassingRefusals(BaseRequestMiddleware):
    async def __call__(self, make_request, bot, method):
        attempt = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if not _retryable(attempt) or error.retry_after > LONGEST_WAIT:
                    raise
                wait = error.retry_after
            except TelegramServerError:
                if not _retryable(attempt):
                    raise
                wait = SERVER_ERROR_BACKOFF[min(attempt, len(SERVER_ERROR_BACKOFF)) - 1]
            log.info("%s refused for now; retrying in %ss", type(method).__name__, wait)
            await asyncio.sleep(wait)


def _retryable(attempt: int) -> bool:
    return attempt < ATTEMPTS and _handling_update.get()


def install(bot, dispatcher) -> None:
    if not any(isinstance(m, RetryPassingRefusals) for m in bot.session.middleware):
        bot.session.middleware(RetryPassingRefusals())
    dispatcher.update.outer_middleware(HandlingUpdate())
