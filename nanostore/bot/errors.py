"""Last line of defence: an unexpected error becomes a short apology for the person and an alert
for the admins (type and place, never shown to customers). A Telegram fault that outlived the
retries (telegram_retry) is one WARNING line and a "please try again" for the person: it is
the network's, not a bug, so no traceback and no alert."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import CallbackQuery, ErrorEvent, Message

from nanostore.db.models import User
from nanostore.services import outbox
from nanostore.services.errors import DomainError

log = logging.getLogger(__name__)
PASSING_FAULTS = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter)


def error_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router


async def on_error(event: ErrorEvent, **data) -> bool:
    error = event.exception
    inner = event.update.event
    sender = getattr(inner, "from_user", None)
    if isinstance(error, TelegramForbiddenError) and sender:
        await User.filter(id=sender.id).update(has_blocked_bot=True)
        return True
    t = data.get("t")
    if isinstance(error, DomainError):
        # A rule said no (e.g. a customer reaching an admin window by a forged start): the
        # person gets the rule's message, and nobody is paged for it.
        log.info("update %s refused: %s", event.update.update_id, error)
        if t is not None:
            await _apologise(inner, t(f"errors.{error.code}", **error.params))
        return True
    if isinstance(error, PASSING_FAULTS):
        log.warning("update %s: %s failed after retries: %s", event.update.update_id,
                    error.method.__api_method__, error.message)
        if t is not None:
            await _apologise(inner, t("errors.try_again"))
        return True
    log.error("update %s failed", event.update.update_id, exc_info=error)
    if not isinstance(error, TelegramAPIError):
        await outbox.notify_admins("critical_error", error=type(error).__name__,
                                   where=_where(error), update_id=event.update.update_id)
    if t is not None:
        await _apologise(inner, t("errors.unexpected"))
    return True


def _where(error: BaseException) -> str:
    trace = error.__traceback__
    while trace and trace.tb_next:
        trace = trace.tb_next
    if trace is None:
        return ""
    return f"{trace.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{trace.tb_lineno}"


async def _apologise(inner, text: str) -> None:
    try:
        if isinstance(inner, CallbackQuery):
            await inner.answer(text, show_alert=True)
        elif isinstance(inner, Message):
            await inner.answer(text)
    except TelegramAPIError as error:
        log.info("could not apologise: %s", error.message)
