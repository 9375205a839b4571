"""Last line of defence: an unexpected error becomes a short apology for the person and an alert
for the admins (type and place, never shown to customers); Telegram's own refusals that need
no apology are only logged."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import CallbackQuery, ErrorEvent, Message

from nanostore.db.models import User
from nanostore.services import outbox
from nanostore.services.errors import DomainError

log = logging.getLogger(__name__)


def error_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router


async def on_error(event: ErrorEvent, **data) -> bool:
    error = event.exception
    inner = event.update.event
    if isinstance(error, TelegramForbiddenError) and getattr(inner, "from_user", None):
        await User.filter(id=inner.from_user.id).update(has_blocked_bot=True)
        return True
    t = data.get("t")
    if isinstance(error, DomainError):
        # A rule said no (e.g. a customer reaching an admin window by a forged start): the
        # person gets the rule's message, and nobody is paged for it.
        log.info("update %s refused: %s", event.update.update_id, error)
        if t is not None:
            await _apologise(inner, t(f"errors.{error.code}", **error.params))
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
    except TelegramAPIError:
        log.info("could not apologise", exc_info=True)
