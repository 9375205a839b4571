"""Telegram's passing faults absorbed while a person waits on an update.

Without this a single 429, 502, dropped connection or hung call on a screen's edit fails the
whole tap: the person gets an apology and the admins an error alert for what one more try would
have absorbed. Background loops (notifier, broadcaster) keep their own policies (postpone the
row, pace the run), so only calls made while handling an update (its handlers and its error
handlers) are retried here, a bounded number of times within a bounded total time.

Which calls are repeated (`call_policy.py` says why for each):
- a refusal (429 within LONGEST_WAIT, 5xx): any call, Telegram did not do it;
- a connection that never opened: any call, the request never left;
- a dropped connection or a timeout: the outcome is unknown, so only calls that are safe to
  repeat (edits, answers, deletes, reads, and sends whose copy is harmless: a dialog's screen,
  an invoice); any other send is not repeated, lest the person get it twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from nanostore.bot.call_policy import call_budget, call_timeout, harmless_refusal, never_sent, safe_to_repeat

log = logging.getLogger(__name__)

ATTEMPTS = 5  # a tenth of calls failing leaves one in 100,000 failing five times
LONGEST_WAIT = 10  # seconds: a longer flood wait is not worth holding a tap for
BACKOFF = (0.2, 0.5, 1.0, 2.0)

_handling_update: ContextVar[bool] = ContextVar("handling_update", default=False)


class HandlingUpdate(BaseMiddleware):
    """Outer middleware (of updates and of errors): the calls below are made for a person."""

    async def __call__(self, handler, event, data: dict[str, Any]) -> Any:
        token = _handling_update.set(True)
        try:
            return await handler(event, data)
        finally:
            _handling_update.reset(token)


class RetryPassingFaults(BaseRequestMiddleware):
    async def __call__(self, make_request, bot, method):
        if not _handling_update.get():
            return await make_request(bot, method)
        return await _Attempts(method).run(lambda: make_request(bot, method))


class _Attempts:
    def __init__(self, method) -> None:
        self.method = method
        self.name = method.__api_method__
        self.deadline = time.monotonic() + call_budget(method)
        self.timeout = call_timeout(method)
        self.outcome_unknown = False  # an earlier attempt may have reached Telegram

    async def run(self, request):
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._once(request)
            except TelegramBadRequest as error:
                if harmless_refusal(self.name, error, repeated=self.outcome_unknown):
                    log.info("%s: %s (nothing left to do)", self.name, error.message)
                    return True
                raise
            except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError) as error:
                wait = self._wait_before_retry(error, attempt)
                if wait is None:
                    raise
                log.info("%s failed for now (%s); retrying in %ss", self.name, _cause(error), wait)
            await asyncio.sleep(wait)

    async def _once(self, request):
        if self.timeout is None:
            return await request()
        limit = min(self.timeout, self.deadline - time.monotonic())
        try:
            # A timeout scope, not wait_for: no extra task for every call a tap makes.
            async with asyncio.timeout(max(limit, 0.1)):
                return await request()
        except TimeoutError as error:
            raise TelegramNetworkError(self.method, "Request timeout error") from error

    def _wait_before_retry(self, error: Exception, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if attempt >= ATTEMPTS:
            return None
        if isinstance(error, TelegramRetryAfter):
            wait = float(error.retry_after)
            if wait > LONGEST_WAIT:
                return None
        else:
            wait = BACKOFF[min(attempt, len(BACKOFF)) - 1]
        if isinstance(error, TelegramNetworkError) and not never_sent(error):
            if not safe_to_repeat(self.name):
                return None
            self.outcome_unknown = True
        if time.monotonic() + wait >= self.deadline:
            return None
        return wait


def _cause(error: Exception) -> str:
    return getattr(error, "message", None) or type(error).__name__


def install(bot, dispatcher) -> None:
    if not any(isinstance(m, RetryPassingFaults) for m in bot.session.middleware):
        bot.session.middleware(RetryPassingFaults())
    dispatcher.update.outer_middleware(HandlingUpdate())
    # aiogram runs error handlers outside the update's middlewares: mark them too, so an
    # apology or a stale-button recovery is retried like the screen it stands in for.
    dispatcher.errors.outer_middleware(HandlingUpdate())
