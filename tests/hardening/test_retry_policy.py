"""The retry policy for Bot API calls made while a person waits (nanostore/bot/telegram_retry.py
and call_policy.py), call by call against a scripted Telegram: what is repeated, what is not,
and that a hung call is bounded. The end-to-end behaviour under injected faults is in
test_faults_quiet.py."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    AnswerPreCheckoutQuery,
    DeleteMessage,
    EditMessageText,
    SendDocument,
    SendInvoice,
    SendMessage,
)
from aiogram.types import BufferedInputFile, LabeledPrice

from nanostore.bot import call_policy, telegram_retry
from nanostore.bot.telegram_retry import HandlingUpdate, RetryPassingFaults

EDIT = EditMessageText(chat_id=1, message_id=2, text="screen")
SEND = SendMessage(chat_id=1, text="your key")
ANSWER = AnswerCallbackQuery(callback_query_id="42")
DELETE = DeleteMessage(chat_id=1, message_id=2)


def dropped(method):
    return TelegramNetworkError(method, "ServerDisconnectedError: Server disconnected")


def refused_to_connect(method):
    return TelegramNetworkError(method, "ClientConnectorError: Cannot connect to host")


class ScriptedTelegram:
    """Answers each call with the next scripted outcome: an exception to raise, "hang" to never
    answer, or a value to return."""

    def __init__(self, *outcomes) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    async def __call__(self, bot, method):
        self.calls += 1
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if outcome == "hang":
            await asyncio.sleep(3600)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(telegram_retry, "BACKOFF", (0.0,) * 4)


async def call(telegram, method, *, for_a_person: bool = True):
    async def through_the_middleware(event, data):
        return await RetryPassingFaults()(telegram, None, method)
    if not for_a_person:
        return await through_the_middleware(None, {})
    return await HandlingUpdate()(through_the_middleware, None, {})


async def test_an_edit_is_repeated_after_a_dropped_connection():
    telegram = ScriptedTelegram(dropped(EDIT), dropped(EDIT), "edited")
    assert await call(telegram, EDIT) == "edited"
    assert telegram.calls == 3


async def test_a_send_whose_outcome_is_unknown_is_not_repeated():
    telegram = ScriptedTelegram(dropped(SEND), "sent twice")
    with pytest.raises(TelegramNetworkError, match="ServerDisconnected"):
        await call(telegram, SEND)
    assert telegram.calls == 1


async def test_a_screen_or_an_invoice_is_repeated_a_second_copy_does_no_harm():
    screen = ScriptedTelegram(dropped(SEND), "screen")
    with call_policy.duplicates_harmless():
        assert await call(screen, SEND) == "screen"
    assert screen.calls == 2
    invoice = SendInvoice(chat_id=1, title="#7", description="#7", payload="order:7",
                          currency="XTR", prices=[LabeledPrice(label="#7", amount=30)])
    telegram = ScriptedTelegram(dropped(invoice), "invoice")
    assert await call(telegram, invoice) == "invoice"


async def test_a_send_that_never_left_is_repeated():
    telegram = ScriptedTelegram(refused_to_connect(SEND), "sent")
    assert await call(telegram, SEND) == "sent"
    assert telegram.calls == 2


async def test_refusals_are_repeated_for_any_call_but_a_long_flood_wait_is_not():
    telegram = ScriptedTelegram(TelegramRetryAfter(SEND, "Too Many Requests", 0),
                                TelegramServerError(SEND, "Bad Gateway"), "sent")
    assert await call(telegram, SEND) == "sent"
    long_wait = ScriptedTelegram(TelegramRetryAfter(EDIT, "Too Many Requests", 60), "edited")
    with pytest.raises(TelegramRetryAfter):
        await call(long_wait, EDIT)
    assert long_wait.calls == 1


async def test_attempts_are_bounded():
    telegram = ScriptedTelegram(*[dropped(EDIT)] * 10)
    with pytest.raises(TelegramNetworkError):
        await call(telegram, EDIT)
    assert telegram.calls == telegram_retry.ATTEMPTS


async def test_a_repeat_that_finds_the_work_done_counts_as_done():
    telegram = ScriptedTelegram(dropped(DELETE),
                                TelegramBadRequest(DELETE, "Bad Request: message to delete not found"))
    assert await call(telegram, DELETE) is True
    first_time = ScriptedTelegram(TelegramBadRequest(DELETE, "Bad Request: message to delete not found"))
    with pytest.raises(TelegramBadRequest):  # not a repeat: the caller must hear of it
        await call(first_time, DELETE)


async def test_answering_an_expired_callback_query_is_not_an_error():
    expired = TelegramBadRequest(ANSWER, "Bad Request: query is too old and response timeout "
                                         "expired or query ID is invalid")
    assert await call(ScriptedTelegram(expired), ANSWER) is True


async def test_a_hung_call_is_cut_short_and_repeated_within_the_budget(monkeypatch):
    monkeypatch.setattr(call_policy, "INTERACTIVE_TIMEOUT", 0.05)
    telegram = ScriptedTelegram("hang", "edited")
    assert await call(telegram, EDIT) == "edited"
    monkeypatch.setattr(call_policy, "BUDGET", 0.2)
    always_hung = ScriptedTelegram(*["hang"] * 10)
    with pytest.raises(TelegramNetworkError, match="Request timeout"):
        await asyncio.wait_for(call(always_hung, EDIT), timeout=30)  # fails the test, never hangs it
    hung_send = ScriptedTelegram("hang", "sent twice")
    with pytest.raises(TelegramNetworkError, match="Request timeout"):
        await call(hung_send, SEND)
    assert hung_send.calls == 1


async def test_a_pre_checkout_answered_too_late_is_not_an_error():
    late = AnswerPreCheckoutQuery(pre_checkout_query_id="7", ok=True)
    expired = TelegramBadRequest(late, "Bad Request: query is too old and response timeout "
                                       "expired or query ID is invalid")
    assert await call(ScriptedTelegram(expired), late) is True


async def test_a_pre_checkout_answer_fits_in_telegrams_ten_seconds():
    answer = AnswerPreCheckoutQuery(pre_checkout_query_id="7", ok=True)
    assert call_policy.call_timeout(answer) * 2 < call_policy.call_budget(answer) < 10


async def test_uploads_keep_the_sessions_own_timeout():
    upload = SendDocument(chat_id=1, document=BufferedInputFile(b"x", "key.txt"))
    assert call_policy.call_timeout(upload) is None
    assert call_policy.call_timeout(SEND) == call_policy.INTERACTIVE_TIMEOUT


async def test_background_calls_keep_their_own_policy():
    telegram = ScriptedTelegram(dropped(EDIT), "edited")
    with pytest.raises(TelegramNetworkError):
        await call(telegram, EDIT, for_a_person=False)
    assert telegram.calls == 1
