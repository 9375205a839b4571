"""Which Bot API calls may be repeated when their outcome is unknown, and how long one may take.

A dropped connection or a timeout leaves us not knowing whether Telegram did the call. Repeating
an edit, an answer, a delete or a read changes nothing if the first one went through; repeating
a send may give the person the message twice, so a send is repeated only when the connection
never opened (the request cannot have arrived) or when a second copy is harmless:
- a screen (the dialog's own message): a copy carries the same buttons, which work alike, while
  a missing screen strands the person (`duplicates_harmless()` marks these sends);
- an invoice: a second charge for the same order is kept as a duplicate and refunded, a second
  top-up is credited like the first.
A notification or a delivered key is never repeated blindly: the outbox keeps its own record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError

_REPEATABLE_PREFIXES = ("edit", "get", "delete")
_REPEATABLE = frozenset({
    "answerCallbackQuery", "answerPreCheckoutQuery", "sendChatAction", "setMyCommands",
    "setChatMenuButton", "setMyDescription", "setMyShortDescription", "pinChatMessage",
    "unpinChatMessage", "banChatMember", "unbanChatMember", "setWebhook", "sendInvoice",
})
_copies_harmless: ContextVar[bool] = ContextVar("copies_harmless", default=False)

# aiogram names the aiohttp error at the start of its message: these fail before a byte is sent.
_NOT_SENT = ("ClientConnectorError", "ClientConnectorDNSError", "ClientConnectorSSLError",
             "ClientConnectorCertificateError", "ClientProxyConnectionError")

# What Telegram answers when a repeated call finds its first attempt already did the work.
_DONE_ANSWERS = {
    "answerCallbackQuery": ("query is too old", "query id is invalid"),
    "deleteMessage": ("message to delete not found",),
    "deleteMessages": ("message to delete not found",),
}
_EXPIRED_QUERY = _DONE_ANSWERS["answerCallbackQuery"]
# Answering a query Telegram stopped waiting for changes nothing: a callback's spinner is gone,
# a pre-checkout past its 10 s was declined (no charge; the customer may pay again).
_EXPIRES = ("answerCallbackQuery", "answerPreCheckoutQuery")

# A person waits on an interactive call: one that hangs must not hold their later updates for
# aiogram's 60 s. Uploads keep the session's own timeout (a large file takes its time).
INTERACTIVE_TIMEOUT = 10.0
BUDGET = 20.0  # seconds for one call and its retries: the person's later updates wait behind it
_UPLOADS = frozenset({
    "sendDocument", "sendPhoto", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
    "sendVideoNote", "sendMediaGroup", "sendSticker", "editMessageMedia",
})
# Telegram waits 10 s for a pre-checkout answer, then declines the payment: every attempt
# must fit in that window.
_PRE_CHECKOUT = ("answerPreCheckoutQuery", 3.0, 8.0)


@contextmanager
def duplicates_harmless() -> Iterator[None]:
    """Marks the sends made inside as ones a second copy of would not hurt (a screen)."""
    token = _copies_harmless.set(True)
    try:
        yield
    finally:
        _copies_harmless.reset(token)


def safe_to_repeat(api_method: str) -> bool:
    return (api_method.startswith(_REPEATABLE_PREFIXES) or api_method in _REPEATABLE
            or _copies_harmless.get())


def never_sent(error: TelegramNetworkError) -> bool:
    return error.message.startswith(_NOT_SENT)


def harmless_refusal(api_method: str, error: TelegramBadRequest, repeated: bool) -> bool:
    """True when the refusal changes nothing for the person, for calls whose result is just
    True: a repeat finding that its first attempt already did the work, or a query answered
    after Telegram stopped waiting (there is nothing left to answer; the screen the tap asked
    for is still shown, a late pre-checkout was declined without a charge)."""
    text = error.message.lower()
    if api_method in _EXPIRES and any(answer in text for answer in _EXPIRED_QUERY):
        return True
    return repeated and any(answer in text for answer in _DONE_ANSWERS.get(api_method, ()))


def call_timeout(method) -> float | None:
    """Seconds one attempt may take while a person waits; None keeps the session's timeout."""
    if method.__api_method__ == _PRE_CHECKOUT[0]:
        return _PRE_CHECKOUT[1]
    return None if method.__api_method__ in _UPLOADS else INTERACTIVE_TIMEOUT


def call_budget(method) -> float:
    """Seconds one call may take with all its retries."""
    return _PRE_CHECKOUT[2] if method.__api_method__ == _PRE_CHECKOUT[0] else BUDGET
