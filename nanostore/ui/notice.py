"""Short notes shown to a person without leaving the window: rejected input, domain errors.

A note is kept in the context's widget data (JSON-safe, saved with the dialog) and shown
once, above the window text, on the next render. This works the same for taps and typed
messages and never answers a callback query a second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from markupsafe import Markup

if TYPE_CHECKING:
    from nanostore.ui.context import ActionContext

NOTICE_KEY = "__notice__"
INVALID_INPUT_KEY = "common.invalid_input"
WRONG_CONTENT_KEY = "common.wrong_content_type"

# Returns True when it showed the error; False lets the exception propagate as a bug.
ActionErrorHook = Callable[["ActionContext", Exception], Awaitable[bool]]


def set_notice(manager: DialogManager, text: str) -> None:
    manager.current_context().widget_data[NOTICE_KEY] = str(text)


def take_notice(manager: DialogManager) -> str | None:
    if manager.is_preview() or not manager.has_context():
        return None
    notice = manager.current_context().widget_data.pop(NOTICE_KEY, None)
    return notice if isinstance(notice, str) else None  # set_notice stores a str


def domain_error_text(ctx: ActionContext, error: Exception) -> Markup | None:
    code = getattr(error, "code", None)
    if not isinstance(code, str):
        return None
    params = getattr(error, "params", None) or {}
    return ctx.t(f"errors.{code}", **params)


async def show_error_as_notice(ctx: ActionContext, error: Exception) -> bool:
    """Default hook: a domain error (one with `.code`) becomes a note above the window."""
    text = domain_error_text(ctx, error)
    if text is None:
        return False
    set_notice(ctx.manager, text)
    return True


async def show_error_as_popup(ctx: ActionContext, error: Exception) -> bool:
    """Alternative hook: an alert for taps, a note for typed messages.

    aiogram-dialog answers the callback again after the handler; Telegram refuses the second
    answer and aiogram-dialog only logs it, so the person sees the alert.
    """
    text = domain_error_text(ctx, error)
    if text is None:
        return False
    if isinstance(ctx.event, CallbackQuery):
        bot = ctx.middleware_data["bot"]
        await bot.answer_callback_query(ctx.event.id, text=Markup(text).striptags()[:200],
                                        show_alert=True)
    else:
        set_notice(ctx.manager, text)
    return True
